"""Models of the customers app, one module per concept."""

from customers.models.customers import (
    AUTO_CODE,
    CodeSequence,
    Customer,
    CustomerGroup,
    CustomerQuerySet,
    is_auto_code,
)

__all__ = [
    "AUTO_CODE",
    "CodeSequence",
    "Customer",
    "CustomerGroup",
    "CustomerQuerySet",
    "is_auto_code",
]

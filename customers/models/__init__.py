"""Models of the customers app, one module per concept."""

from customers.models.customers import (
    AUTO_CODE,
    CodeSequence,
    Customer,
    CustomerGroup,
    CustomerQuerySet,
    is_auto_code,
)
from customers.models.programmes import (
    ConsultancyAnswer,
    ConsultancyQuestion,
    Enrolment,
    Programme,
    SelfEntry,
)

__all__ = [
    "AUTO_CODE",
    "CodeSequence",
    "ConsultancyAnswer",
    "ConsultancyQuestion",
    "Customer",
    "CustomerGroup",
    "CustomerQuerySet",
    "Enrolment",
    "Programme",
    "SelfEntry",
    "is_auto_code",
]

"""The audit trail: field-level history of the records staff change.

django-simple-history keeps one historical row per create, change and
delete, with who made it and when. The historical models live in this app,
so the apps they record need no change of their own. Each row also records
the branch the change was made from.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register

from branches.models import Branch
from customers.models import (
    CodeSequence,
    ConsultancyQuestion,
    Customer,
    CustomerGroup,
    Programme,
)
from sales.models import (
    DuePayment,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
)


class BranchStampedHistory(models.Model):
    """Adds the current branch of the staff user who made the change."""

    history_branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("changed at branch"),
    )

    class Meta:
        abstract = True


AUDITED = [
    Customer,
    CustomerGroup,
    CodeSequence,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
    DuePayment,
    Programme,
    ConsultancyQuestion,
]

for audited_model in AUDITED:
    register(audited_model, app="audit", bases=[BranchStampedHistory])

# The branch's sharing preference is a many-to-many field; its history rows
# record the set of branches after each change.
register(
    Branch,
    app="audit",
    bases=[BranchStampedHistory],
    m2m_fields=["shares_customers_with"],
)


class Anonymisation(models.Model):
    """A privacy request carried out: the customer's personal data is gone.

    The customer row stays, with placeholder values, so balances and
    transactions keep their customer.
    """

    customer = models.OneToOneField(
        Customer,
        # An anonymised customer stays; this row records that the request
        # was carried out, so it must not vanish with a delete.
        on_delete=models.PROTECT,
        related_name="anonymisation",
        verbose_name=_("customer"),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), auto_now_add=True)
    anonymised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("anonymised by"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("branch"),
    )

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        permissions = [
            ("export_personal_data", _("Can export a customer's personal data")),
        ]

    def __str__(self):
        return f"{self.customer.code} {self.anonymised_at:%Y-%m-%d}"

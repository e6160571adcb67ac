from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.models import AUTO_CODE, Customer

MONEY_MAX_DIGITS = 12
MONEY_DECIMAL_PLACES = 2
ZERO = Decimal("0.00")


def money_field(verbose_name, **options):
    """A DecimalField for an amount of money in the configured currency."""
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        **options,
    )


class ItemCodeSequence(models.Model):
    """The running sequence behind `#AUTO` item codes, one row for the chain.

    Item codes are separate from customer codes, so the catalogue keeps its
    own prefix and numbering.
    """

    prefix = models.CharField(
        _("prefix"),
        max_length=20,
        default="IT",
        blank=True,
        help_text=_("Text before the number, for example IT."),
    )
    digits = models.PositiveSmallIntegerField(
        _("number of digits"),
        default=5,
        help_text=_("The number is padded with zeros to this many digits."),
    )
    next_number = models.PositiveIntegerField(
        _("next number"),
        default=1,
    )

    class Meta:
        verbose_name = _("item code sequence")
        verbose_name_plural = _("item code sequences")
        constraints = [
            models.CheckConstraint(
                condition=Q(digits__gte=1) & Q(digits__lte=12),
                name="item_code_sequence_digits_range",
                violation_error_message=_("The number of digits must be 1 to 12."),
            ),
        ]

    def __str__(self):
        return self.format(self.next_number)

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.digits}d}"


class ItemQuerySet(models.QuerySet):
    def offered(self):
        """Items offered in forms: active and published."""
        return self.filter(is_active=True, is_published=True)


class Item(models.Model):
    """A service, product or package that a branch sells.

    Prepaid lines, redemptions and appointments refer to items. An item that
    is no longer sold is made inactive rather than deleted, so its history
    stays readable.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        PRODUCT = "product", _("Product")
        PACKAGE = "package", _("Package")

    code = models.CharField(
        _("code"),
        max_length=30,
        default=AUTO_CODE,
        help_text=_("Leave as #AUTO to take the next item code of the sequence."),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SERVICE,
    )
    price = money_field(
        _("price"),
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Price of one session or unit."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive items are kept for history but no longer sold."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished items are not offered in forms."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(
                Upper("code"),
                name="item_code_unique_ci",
                violation_error_message=_("Another item already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="item_price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sales:item_edit", args=[self.pk])


class OpeningBalance(models.Model):
    """What a customer brought from the spa's previous records.

    Entered once per customer and branch when the branch moves to WESS: the
    money the customer still owed (due lines) and the sessions or units they
    had paid for but not used (prepaid lines). Saving records the prepaid
    lines in the prepaid ledger.
    """

    customer = models.ForeignKey(
        Customer,
        # The balance is the customer's money; deleting the customer would
        # silently write it off.
        on_delete=models.PROTECT,
        related_name="opening_balances",
        verbose_name=_("customer"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="opening_balances",
        verbose_name=_("branch"),
        help_text=_("The branch that entered the balance and sold its items."),
    )
    date = models.DateField(
        _("date"),
        help_text=_("Date of the balance in the previous records."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=50,
        blank=True,
        help_text=_("Number or name of the record in the previous system."),
    )
    remarks = models.TextField(
        _("remarks"),
        max_length=2000,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("opening balance")
        verbose_name_plural = _("opening balances")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "branch"],
                name="opening_balance_one_per_customer_branch",
                violation_error_message=_(
                    "This customer already has an opening balance at this branch."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.customer.name} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("sales:opening_balance_edit", args=[self.pk])


class OpeningDueLine(models.Model):
    """An amount of money the customer owed at the opening balance."""

    opening_balance = models.ForeignKey(
        OpeningBalance,
        on_delete=models.CASCADE,
        related_name="due_lines",
        verbose_name=_("opening balance"),
    )
    amount = money_field(
        _("amount"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("opening due line")
        verbose_name_plural = _("opening due lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="opening_due_line_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.note}".strip()


class OpeningPrepaidLine(models.Model):
    """Sessions or units of an item that the customer had paid for.

    The line is the lot that redemptions draw from: each unit is worth the
    amount paid divided by the quantity. A line removed when the balance is
    edited stays as a row marked removed, because ledger rows refer to it.
    """

    opening_balance = models.ForeignKey(
        OpeningBalance,
        on_delete=models.CASCADE,
        related_name="prepaid_lines",
        verbose_name=_("opening balance"),
    )
    item = models.ForeignKey(
        Item,
        # Ledger rows and reports name the item; it is made inactive instead.
        on_delete=models.PROTECT,
        related_name="opening_prepaid_lines",
        verbose_name=_("item"),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        validators=[MinValueValidator(1)],
        help_text=_("Sessions or units paid for and not yet used."),
    )
    amount = money_field(
        _("amount paid"),
        validators=[MinValueValidator(ZERO)],
        help_text=_("What the customer paid for these sessions or units."),
    )
    is_removed = models.BooleanField(
        _("removed"),
        default=False,
        editable=False,
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("opening prepaid line")
        verbose_name_plural = _("opening prepaid lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="opening_prepaid_line_quantity_positive",
                violation_error_message=_("The quantity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="opening_prepaid_line_amount_not_negative",
                violation_error_message=_("The amount paid cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.item.name} x {self.quantity}"


class PrepaidLedgerEntry(models.Model):
    """One change to a customer's prepaid quantity of an item.

    The ledger is append-only: an opening balance, a redemption, a reversal
    and a correction each add a row, and balances are the sums of `quantity`
    and `value`. Every row belongs to the prepaid line it draws from, whose
    opening balance's branch is the selling branch; `branch` is where the
    change was made, which for a redemption is the redeeming branch.
    """

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening balance")
        CORRECTION = "correction", _("Opening balance corrected")
        REDEMPTION = "redemption", _("Redemption")
        REVERSAL = "reversal", _("Redemption reversed")

    customer = models.ForeignKey(
        Customer,
        # The ledger is the history of the customer's prepaid items and is
        # never rewritten, so the customer is kept.
        on_delete=models.PROTECT,
        related_name="prepaid_ledger",
        verbose_name=_("customer"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("item"),
    )
    prepaid_line = models.ForeignKey(
        OpeningPrepaidLine,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("prepaid line"),
    )
    kind = models.CharField(
        _("what happened"),
        max_length=12,
        choices=Kind.choices,
    )
    quantity = models.IntegerField(
        _("quantity"),
        help_text=_("Units added (positive) or used (negative)."),
    )
    value = money_field(
        _("value"),
        help_text=_("Value of the units added (positive) or used (negative)."),
    )
    selling_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="prepaid_sold",
        verbose_name=_("selling branch"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="prepaid_changes",
        verbose_name=_("branch"),
        help_text=_("Where the change was made; for a redemption, where it was used."),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    date = models.DateField(
        _("date"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("prepaid ledger row")
        verbose_name_plural = _("prepaid ledger rows")
        indexes = [
            models.Index(fields=["customer", "item"], name="ledger_customer_item"),
            models.Index(fields=["kind", "date"], name="ledger_kind_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item.name} {self.quantity:+d}"

    @property
    def can_be_reversed(self) -> bool:
        return self.kind == self.Kind.REDEMPTION and not hasattr(self, "reversed_by")


class DuePayment(models.Model):
    """Money a customer paid towards their due balance."""

    customer = models.ForeignKey(
        Customer,
        # A payment is a financial record of the customer; it is kept.
        on_delete=models.PROTECT,
        related_name="due_payments",
        verbose_name=_("customer"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="due_payments",
        verbose_name=_("branch"),
    )
    date = models.DateField(
        _("date"),
    )
    amount = money_field(
        _("amount"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("due payment")
        verbose_name_plural = _("due payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="due_payment_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.customer.name} {self.amount}"


class Appointment(models.Model):
    """A booking of a customer at a branch for a treatment or service."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ARRIVED = "arrived", _("Arrived")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    customer = models.ForeignKey(
        Customer,
        # A customer with appointments is unpublished, not deleted, so the
        # branch's booking history stays whole.
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("customer"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("branch"),
    )
    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    catalogue_item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("catalogue item"),
    )
    item = models.CharField(
        _("item"),
        max_length=150,
        help_text=_("Name of the treatment; filled from the catalogue item."),
    )
    staff_name = models.CharField(_("staff"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["branch", "start"], name="appointment_branch_start"),
        ]

    def __str__(self):
        return f"{self.customer.name} {self.start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.customer_id])

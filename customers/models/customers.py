import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.phones import digits_only

AUTO_CODE = "#AUTO"


def is_auto_code(code: str | None) -> bool:
    """Whether a typed code asks for the next number of the sequence."""
    return (code or "").strip().upper() == AUTO_CODE


class CustomerGroup(models.Model):
    """A grouping of customers, such as a membership tier.

    With a validity, a customer's membership of the group expires that many
    days after it was assigned.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    validity_days = models.PositiveIntegerField(
        _("validity (days)"),
        null=True,
        blank=True,
        help_text=_("Days a membership lasts after it is assigned; empty for ever."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer group")
        verbose_name_plural = _("customer groups")

    def __str__(self):
        return self.name


class CodeSequence(models.Model):
    """The running sequence behind `#AUTO` customer codes.

    A sequence without a branch is the global one; a branch with a sequence
    of its own takes its codes from that one. The prefix may contain
    `{branch}` (the branch code), `{yyyy}` and `{yy}` (the current year).
    """

    branch = models.ForeignKey(
        Branch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="code_sequences",
        verbose_name=_("branch"),
        help_text=_("Empty for the global sequence used by every other branch."),
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=20,
        blank=True,
        help_text=_("Text before the number; may contain {branch}, {yyyy}, {yy}."),
    )
    digits = models.PositiveSmallIntegerField(
        _("number of digits"),
        default=6,
        help_text=_("The number is padded with zeros to this many digits."),
    )
    next_number = models.PositiveIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("code sequence")
        verbose_name_plural = _("code sequences")
        constraints = [
            models.UniqueConstraint(
                Coalesce("branch", 0),
                name="code_sequence_one_per_branch",
                violation_error_message=_("This branch already has a code sequence."),
            ),
            models.CheckConstraint(
                condition=Q(digits__gte=1) & Q(digits__lte=12),
                name="code_sequence_digits_range",
                violation_error_message=_("The number of digits must be 1 to 12."),
            ),
        ]

    def __str__(self):
        scope = self.branch.code if self.branch_id else _("global")
        return f"{scope}: {self.format(self.next_number)}"

    @property
    def next_code(self) -> str:
        return self.format(self.next_number)

    def format(self, number: int, branch: Branch | None = None, today=None) -> str:
        """Render the code for `number`, filling in the prefix's placeholders."""
        today = today or timezone.localdate()
        branch = branch or self.branch
        prefix = (
            self.prefix.replace("{branch}", branch.code if branch else "")
            .replace("{yyyy}", f"{today.year:04d}")
            .replace("{yy}", f"{today.year % 100:02d}")
        )
        return f"{prefix}{number:0{self.digits}d}"


class CustomerQuerySet(models.QuerySet):
    def visible_at(self, branch, *, sharing=None):
        """Customers `branch` may see: its own and those of branches sharing
        with it. The one place branch visibility is decided.

        `sharing`, the evaluated Branch.objects.sharing_with(branch) when the
        caller has it, replaces the subquery with the branch ids.
        """
        if branch is None:
            return self.none()
        if sharing is not None:
            return self.filter(home_branch__in=[shared.pk for shared in sharing])
        return self.filter(
            home_branch__in=Branch.objects.sharing_with(branch).values("pk")
        )

    def selectable_at(self, branch):
        """Visible and published customers, offered in transactions."""
        return self.visible_at(branch).filter(is_published=True)


class Customer(models.Model):
    """A person the spa serves, registered at a home branch.

    The code is unique regardless of case. The digits of each phone number
    are stored beside it, so search and duplicate checks ignore formatting.
    """

    class Gender(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "O", _("Other")

    class Source(models.TextChoices):
        STAFF = "staff", _("Staff")
        SELF_ENTRY = "self_entry", _("Self-entry")
        IMPORT = "import", _("Import")

    code = models.CharField(
        _("code"),
        max_length=30,
        default=AUTO_CODE,
        help_text=_("Leave as #AUTO to take the next code of the running sequence."),
    )
    name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    identity_number = models.CharField(
        _("identity number"),
        max_length=30,
        blank=True,
        help_text=_("NRIC, MyKad or passport number."),
    )
    mobile = models.CharField(_("mobile"), max_length=40, blank=True)
    mobile_digits = models.CharField(max_length=40, blank=True, editable=False)
    telephone = models.CharField(_("telephone"), max_length=40, blank=True)
    telephone_digits = models.CharField(max_length=40, blank=True, editable=False)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    group = models.ForeignKey(
        CustomerGroup,
        # A group in use cannot be deleted; its customers would lose it silently.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("customer group"),
    )
    group_assigned_on = models.DateField(
        _("group assigned on"), null=True, blank=True, editable=False
    )
    home_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("branch"),
    )
    join_date = models.DateField(_("join date"), default=timezone.localdate)
    referral_source = models.CharField(_("referral source"), max_length=100, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    remarks = models.TextField(_("remarks"), max_length=2000, blank=True)
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Unpublished customers stay searchable in the listing but are not "
            "offered in appointments, opening balances or redemptions."
        ),
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.STAFF
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

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        permissions = [
            ("publish_customer", _("Can publish and unpublish customers")),
            ("import_customers", _("Can import customers from a file")),
        ]
        constraints = [
            models.UniqueConstraint(
                Upper("code"),
                name="customer_code_unique_ci",
                violation_error_message=_("Another customer already has this code."),
            ),
        ]
        indexes = [
            models.Index(fields=["mobile_digits"], name="customer_mobile_digits"),
            models.Index(fields=["telephone_digits"], name="customer_phone_digits"),
            models.Index(fields=["home_branch", "name"], name="customer_branch_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.pk])

    def refresh_derived_fields(self):
        """Recompute the digits-only phone copies; bulk inserts call this too."""
        self.code = (self.code or "").strip()
        self.mobile_digits = digits_only(self.mobile)
        self.telephone_digits = digits_only(self.telephone)

    @property
    def group_expires_on(self):
        if not (self.group_id and self.group.validity_days and self.group_assigned_on):
            return None
        return self.group_assigned_on + datetime.timedelta(
            days=self.group.validity_days
        )

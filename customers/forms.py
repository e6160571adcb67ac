import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.models import CodeSequence, Customer, CustomerGroup, is_auto_code
from customers.phones import DUPLICATE_SUFFIX_DIGITS, digits_only
from wess.forms import BoundedDateField

# Fewer digits than this are too short to call two numbers the same person's.
DUPLICATE_MIN_DIGITS = 6
PHONE_CHARACTERS = set("0123456789+-() ./xX#extEXT")
OLDEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# The longest international number (ITU-T E.164).
MAX_PHONE_DIGITS = 15


def validate_phone(value):
    if set(value) - PHONE_CHARACTERS:
        raise ValidationError(
            _("Enter a phone number using digits, spaces, +, -, brackets or x.")
        )
    if value and len(digits_only(value)) < 3:
        raise ValidationError(_("A phone number needs at least 3 digits."))
    if len(digits_only(value)) > MAX_PHONE_DIGITS:
        raise ValidationError(
            _("A phone number has at most %(max)s digits, not counting an extension.")
            % {"max": MAX_PHONE_DIGITS}
        )


def check_date_of_birth(born):
    """Return `born` if it is a plausible date of birth, or raise."""
    if born and born > timezone.localdate():
        raise ValidationError(_("The date of birth cannot be in the future."))
    if born and born < OLDEST_BIRTH_DATE:
        raise ValidationError(_("Enter a date of birth after 1900."))
    return born


def find_duplicates(branch, *, mobile="", email="", identity_number="", exclude=None):
    """Return visible customers sharing the mobile digits, email or identity number."""
    condition = Q()
    digits = digits_only(mobile)
    if len(digits) >= DUPLICATE_MIN_DIGITS:
        condition |= Q(mobile_digits__endswith=digits[-DUPLICATE_SUFFIX_DIGITS:])
    if email:
        condition |= Q(email__iexact=email)
    if identity_number:
        condition |= Q(identity_number__iexact=identity_number)
    if not condition:
        return Customer.objects.none()
    matches = Customer.objects.visible_at(branch).filter(condition)
    if exclude is not None and exclude.pk:
        matches = matches.exclude(pk=exclude.pk)
    return matches.select_related("home_branch")[:5]


def style_widgets(form):
    """Give each widget of `form` its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CustomerForm(forms.ModelForm):
    """The staff form for one customer; rule checks live in clean_* methods."""

    allow_duplicate = forms.BooleanField(
        label=_("Save anyway: this is a different person"),
        required=False,
    )

    class Meta:
        model = Customer
        fields = [
            "code",
            "name",
            "gender",
            "date_of_birth",
            "identity_number",
            "mobile",
            "telephone",
            "email",
            "address",
            "group",
            "home_branch",
            "join_date",
            "referral_source",
            "occupation",
            "remarks",
            "marketing_consent",
            "is_published",
        ]
        # A join date from 1900 to 2999, so a typed year such as 0202 is caught.
        field_classes = {"join_date": BoundedDateField}
        widgets = {
            "date_of_birth": DateInput(),
            "join_date": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 3}),
            "mobile": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "telephone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, branch, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.user = user
        self.duplicates = []
        self.fields["code"].required = True
        # A customer of a branch that shares with this one may keep that home
        # branch when edited. A customer moves only to a branch the user
        # works at.
        home_branches = Q(pk__in=Branch.objects.for_user(user).active().values("pk"))
        if self.instance.home_branch_id:
            home_branches |= Q(pk=self.instance.home_branch_id)
        self.fields["home_branch"].queryset = Branch.objects.filter(home_branches)
        if not self.instance.pk:
            self.fields["home_branch"].initial = branch
        groups = CustomerGroup.objects.filter(is_published=True)
        if self.instance.group_id:
            groups = CustomerGroup.objects.filter(
                Q(is_published=True) | Q(pk=self.instance.group_id)
            )
        self.fields["group"].queryset = groups
        self.fields["mobile"].validators.append(validate_phone)
        self.fields["telephone"].validators.append(validate_phone)
        style_widgets(self)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if is_auto_code(code):
            return code.upper()
        holder = Customer.objects.filter(code__iexact=code)
        if self.instance.pk:
            holder = holder.exclude(pk=self.instance.pk)
        holder = holder.first()
        if holder is None:
            return code
        # Name the holder only to a branch that may see them.
        if Customer.objects.visible_at(self.branch).filter(pk=holder.pk).exists():
            raise ValidationError(
                _("Code %(code)s is already used by %(holder)s."),
                params={"code": code, "holder": holder},
                code="duplicate_code",
            )
        raise ValidationError(
            _("Code %(code)s is already in use. Enter another one."),
            params={"code": code},
            code="duplicate_code",
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the customer's name."))
        return name

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_identity_number(self):
        return self.cleaned_data["identity_number"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("allow_duplicate"):
            return cleaned
        self.duplicates = list(
            find_duplicates(
                self.branch,
                mobile=cleaned.get("mobile", ""),
                email=cleaned.get("email", ""),
                identity_number=cleaned.get("identity_number", ""),
                exclude=self.instance,
            )
        )
        if self.duplicates:
            raise ValidationError(
                _(
                    "This may be a customer who is already registered. Open the "
                    "existing record, or tick the box to save a new one anyway."
                ),
                code="likely_duplicate",
            )
        return cleaned


class CustomerGroupForm(forms.ModelForm):
    class Meta:
        model = CustomerGroup
        fields = ["name", "description", "validity_days", "is_published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def may_manage_all_branches(user) -> bool:
    """Return whether the user works at every branch and so may edit the global
    sequence."""
    if user.is_superuser:
        return True
    membership = getattr(user, "membership", None)
    return bool(membership and membership.all_branches)


class CodeSequenceForm(forms.ModelForm):
    """A code sequence; managers choose only the branches they work at.

    The global sequence (no branch) is offered only to users who work at
    every branch, since it numbers the customers of all of them.
    """

    class Meta:
        model = CodeSequence
        fields = ["branch", "prefix", "digits", "next_number"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.for_user(user).order_by("name")
        if not may_manage_all_branches(user):
            branch.required = True
            branch.empty_label = None
        style_widgets(self)

    def clean_prefix(self):
        prefix = self.cleaned_data["prefix"].strip()
        leftover = (
            prefix.replace("{branch}", "").replace("{yyyy}", "").replace("{yy}", "")
        )
        if "{" in leftover or "}" in leftover:
            raise ValidationError(
                _("Only {branch}, {yyyy} and {yy} may appear in braces.")
            )
        return prefix

    def clean(self):
        cleaned = super().clean()
        prefix, digits = cleaned.get("prefix"), cleaned.get("digits")
        next_number = cleaned.get("next_number")
        if prefix is None or digits is None or next_number is None:
            return cleaned
        longest_branch = max(
            [len(code) for code in Branch.objects.values_list("code", flat=True)] or [0]
        )
        # The longest code this sequence makes in the next million numbers.
        expanded = (
            prefix.replace("{branch}", "x" * longest_branch)
            .replace("{yyyy}", "2026")
            .replace("{yy}", "26")
        )
        number_length = max(digits, len(str(next_number + 1_000_000)))
        limit = Customer._meta.get_field("code").max_length
        if len(expanded) + number_length > limit:
            raise ValidationError(
                _(
                    "Codes from this sequence would be longer than %(limit)s "
                    "characters. Shorten the prefix or use fewer digits."
                )
                % {"limit": limit}
            )
        return cleaned

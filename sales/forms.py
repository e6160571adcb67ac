"""Forms of the sales screens.

Money fields are Decimal from the form to the database: an amount with
more than two decimals, a negative amount or one over the column's
maximum is a message next to its field.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from customers.forms import DateInput, style_widgets
from customers.models import Customer, is_auto_code
from sales.models import (
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    Appointment,
    Item,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
)
from sales.pickers import CustomerField
from wess.forms import EARLIEST_DATE, LATEST_DATE, BoundedDateField

MAX_LINES = 200
MAX_QUANTITY = 10_000
MAX_REDEEM = 1_000
MAX_DURATION_MINUTES = 12 * 60
ONE_CENT = Decimal("0.01")


class MoneyField(forms.DecimalField):
    """An amount of money with two decimals that fits the money columns.

    The widget is a text box, not type=number, because browsers round or
    drop a third decimal before the server could report what is wrong with it.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter an amount such as 12.50."),
        "max_decimal_places": _("Enter at most 2 decimal places, for example 12.50."),
        "max_digits": _("Enter an amount below 10,000,000,000."),
        "max_whole_digits": _("Enter an amount below 10,000,000,000."),
    }

    def __init__(self, *, min_value=ONE_CENT, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        super().__init__(min_value=min_value, **kwargs)
        if min_value > 0:
            self.error_messages["min_value"] = _("Enter an amount more than zero.")
        else:
            self.error_messages["min_value"] = _("The amount cannot be negative.")
        self.widget.attrs.update(inputmode="decimal")


def not_in_future(date):
    if date and date > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return date


def clean_unique_code(model, code, instance):
    """Trim a typed code and reject one another row already has."""
    code = code.strip()
    if is_auto_code(code):
        return code.upper()
    holder = model.objects.filter(code__iexact=code)
    if instance.pk:
        holder = holder.exclude(pk=instance.pk)
    holder = holder.first()
    if holder is not None:
        raise ValidationError(
            _("Code %(code)s is already used by %(holder)s."),
            params={"code": code, "holder": holder},
            code="duplicate_code",
        )
    return code


class ItemForm(forms.ModelForm):
    price = MoneyField(label=_("Price"), min_value=Decimal("0"))

    class Meta:
        model = Item
        fields = ["code", "name", "kind", "price", "is_active", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = True
        style_widgets(self)

    def clean_code(self):
        return clean_unique_code(Item, self.cleaned_data["code"], self.instance)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the item's name."))
        return name


def customer_field(branch, **kwargs):
    return CustomerField(
        label=_("Customer"),
        queryset=Customer.objects.selectable_at(branch),
        visible=Customer.objects.visible_at(branch),
        **kwargs,
    )


def items_for(instance_item_id=None):
    """Items offered in forms, plus the item a saved row already has."""
    condition = Q(is_active=True, is_published=True)
    if instance_item_id:
        condition |= Q(pk=instance_item_id)
    return Item.objects.filter(condition).order_by("name")


class OpeningBalanceForm(forms.ModelForm):
    """The header of an opening balance. The customer is fixed once saved."""

    class Meta:
        model = OpeningBalance
        fields = ["customer", "date", "reference", "remarks"]
        widgets = {
            "date": DateInput(),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        if self.instance.pk:
            del self.fields["customer"]
        else:
            self.fields["customer"] = customer_field(branch)
            self.initial.setdefault("date", timezone.localdate())
            if self.initial["date"] is None:
                self.initial["date"] = timezone.localdate()
        style_widgets(self)

    def clean_date(self):
        return not_in_future(self.cleaned_data["date"])

    def clean(self):
        cleaned = super().clean()
        customer = cleaned.get("customer")
        if self.instance.pk is None and customer is not None:
            existing = OpeningBalance.objects.filter(
                customer=customer, branch=self.branch
            ).first()
            if existing is not None:
                self.existing = existing
                self.add_error(
                    "customer",
                    ValidationError(
                        _(
                            "%(customer)s already has an opening balance at "
                            "%(branch)s. Edit that one instead."
                        ),
                        params={"customer": customer.name, "branch": self.branch},
                        code="exists",
                    ),
                )
        return cleaned


class DueLineForm(forms.ModelForm):
    amount = MoneyField(label=_("Amount"))

    class Meta:
        model = OpeningDueLine
        fields = ["amount", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["maxlength"] = 200
        style_widgets(self)


class PrepaidLineForm(forms.ModelForm):
    """One prepaid line, with `used` the units already redeemed from it."""

    used = 0
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        help_text=_("Sessions or units."),
        error_messages={"min_value": _("Enter a quantity of at least 1.")},
    )
    amount = MoneyField(label=_("Amount paid"), min_value=Decimal("0"))

    class Meta:
        model = OpeningPrepaidLine
        fields = ["item", "quantity", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_for(self.instance.item_id)
        self.fields["item"].empty_label = _("Choose an item")
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        if not self.used:
            return cleaned
        item, quantity = cleaned.get("item"), cleaned.get("quantity")
        if item is not None and item.pk != self.instance.item_id:
            self.add_error(
                "item",
                ngettext(
                    "%(used)d unit of this line was already redeemed, so its item "
                    "cannot change.",
                    "%(used)d units of this line were already redeemed, so its "
                    "item cannot change.",
                    self.used,
                )
                % {"used": self.used},
            )
        if quantity is not None and quantity < self.used:
            self.add_error(
                "quantity",
                ngettext(
                    "%(used)d unit was already redeemed; enter at least %(used)d.",
                    "%(used)d units were already redeemed; enter at least %(used)d.",
                    self.used,
                )
                % {"used": self.used},
            )
        return cleaned


class BaseLineFormSet(forms.BaseInlineFormSet):
    """The lines of one kind, whose rows marked for removal are not validated."""

    def total(self, name="amount"):
        """Return the sum of `name` over the valid rows not marked for removal."""
        total = Decimal("0") if name == "amount" else 0
        if not self.is_bound:
            for form in self.initial_forms:
                total += getattr(form.instance, name) or 0
            return total
        for form in self.forms:
            valid = form.is_valid()
            if self.can_delete and self._should_delete_form(form):
                continue
            if valid and form.cleaned_data.get(name) is not None:
                total += form.cleaned_data[name]
        return total


class PrepaidLineFormSet(BaseLineFormSet):
    def get_queryset(self):
        # Removed lines stay in the table for the ledger; they are not shown.
        return super().get_queryset().filter(is_removed=False)

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.used:
                raise ValidationError(
                    _(
                        "A line with redemptions cannot be removed; lower its "
                        "quantity to the units already redeemed instead."
                    ),
                    code="line_used",
                )


DueLineFormSet = inlineformset_factory(
    OpeningBalance,
    OpeningDueLine,
    form=DueLineForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
)
PrepaidFormSet = inlineformset_factory(
    OpeningBalance,
    OpeningPrepaidLine,
    form=PrepaidLineForm,
    formset=PrepaidLineFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
)


class RedemptionForm(forms.Form):
    """Use units of a customer's prepaid item at the current branch."""

    item = forms.ModelChoiceField(
        label=_("Item"),
        queryset=Item.objects.none(),
        empty_label=_("Choose an item"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_REDEEM,
        initial=1,
        error_messages={"min_value": _("Redeem at least one unit.")},
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, branch, customer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        if customer is None:
            field = customer_field(branch)
            field.error_messages["not_selectable"] = _(
                "Prepaid items are redeemed only at the customer's home branch "
                "and the branches it shares its customers with; this customer "
                "is not available at %(branch)s."
            ) % {"branch": branch.name}
            self.fields = {"customer": field, **self.fields}
            self.fields["item"].queryset = Item.objects.order_by("name")
        else:
            # Only items the customer still has units of.
            self.fields["item"].queryset = (
                Item.objects.filter(ledger_entries__customer=customer)
                .annotate(quantity_left=Sum("ledger_entries__quantity"))
                .filter(quantity_left__gt=0)
                .order_by("name")
            )
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        if self.customer is not None:
            cleaned["customer"] = self.customer
        return cleaned


class DuePaymentForm(forms.Form):
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        style_widgets(self)

    def clean_date(self):
        return not_in_future(self.cleaned_data["date"])


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AppointmentForm(forms.ModelForm):
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=MAX_DURATION_MINUTES,
        initial=60,
    )

    class Meta:
        model = Appointment
        fields = [
            "customer",
            "catalogue_item",
            "start",
            "duration_minutes",
            "staff_name",
            "status",
        ]
        widgets = {"start": DateTimeLocalInput()}
        labels = {"catalogue_item": _("Item")}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"] = customer_field(branch)
        item = self.fields["catalogue_item"]
        item.queryset = items_for(self.instance.catalogue_item_id)
        item.required = True
        item.empty_label = _("Choose an item")
        self.fields["start"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        style_widgets(self)

    def clean_start(self):
        start = self.cleaned_data["start"]
        day = timezone.localtime(start).date() if start else None
        if day and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(
                _("Enter a start between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_DATE, "latest": LATEST_DATE}
            )
        return start

    def save(self, commit=True):
        self.instance.item = self.cleaned_data["catalogue_item"].name
        return super().save(commit)


class DayForm(forms.Form):
    """The day an appointment day view shows."""

    date = BoundedDateField(label=_("Day"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()


class InterBranchReportForm(forms.Form):
    date_from = BoundedDateField(label=_("From"), required=False, widget=DateInput())
    date_to = BoundedDateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        if not cleaned.get("date_to") and "date_to" not in self.errors:
            cleaned["date_to"] = today
        if not cleaned.get("date_from") and "date_from" not in self.errors:
            cleaned["date_from"] = (cleaned.get("date_to") or today).replace(day=1)
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def period(self):
        """Return the validated (from, to) dates, or the current month so far."""
        if self.is_valid():
            return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        today = timezone.localdate()
        return today.replace(day=1), today

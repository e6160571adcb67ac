"""The customer picker: a search-as-you-type box with a hidden customer id.

The box requests selectable customers from GET /customers/autocomplete/?q= and
puts the chosen id into the hidden input (static/js/sales.js). Without
JavaScript, the typed text is matched on the server instead: a unique
match by code, name or phone digits is taken, anything else is an error
next to the field.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from customers.filters import phone_lookup
from customers.models import Customer

SEARCH_SUFFIX = "_search"
SEARCH_MAX_LENGTH = 100


def customer_label(customer) -> str:
    label = f"{customer.name} ({customer.code})"
    if customer.mobile:
        label += f" {customer.mobile}"
    return label


class CustomerPickerWidget(forms.Widget):
    """Renders the search box, the hidden id and the list of suggestions."""

    template_name = "sales/widgets/customer_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.queryset = Customer.objects.none()

    def value_from_datadict(self, data, files, name):
        return {
            "id": (data.get(name) or "").strip(),
            "text": (data.get(name + SEARCH_SUFFIX) or "").strip(),
        }

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def format_value(self, value):
        """Turn a bound dict, a Customer or a customer id into (id, text)."""
        if isinstance(value, Customer):
            return str(value.pk), customer_label(value)
        if isinstance(value, dict):
            customer_id, text = value.get("id", ""), value.get("text", "")
        else:
            customer_id, text = str(value or ""), ""
        if customer_id.isdigit() and not text:
            # Only a selectable customer's name is shown, never another's.
            customer = self.queryset.filter(pk=customer_id).first()
            text = customer_label(customer) if customer else ""
        return customer_id, text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        customer_id, text = widget["value"]
        widget.update(
            customer_id=customer_id,
            text=text,
            search_name=name + SEARCH_SUFFIX,
            search_id=widget["attrs"].get("id", "id_" + name) + SEARCH_SUFFIX,
            source=reverse_lazy("customers:autocomplete"),
            max_length=SEARCH_MAX_LENGTH,
        )
        return context

    def id_for_label(self, id_):
        return id_ + SEARCH_SUFFIX if id_ else id_


class CustomerField(forms.Field):
    """A selectable customer, chosen with the picker.

    `queryset` is the customers the form may take, normally
    `Customer.objects.selectable_at(branch)`; an id outside it is rejected
    with `not_selectable`, an unpublished but visible one with
    `unpublished`.
    """

    widget = CustomerPickerWidget
    default_error_messages = {
        "required": _("Choose a customer."),
        "invalid": _("Choose a customer from the list."),
        "unpublished": _(
            "%(customer)s is unpublished and cannot be chosen. Publish the "
            "customer first."
        ),
        "not_selectable": _(
            "This customer is not available at this branch. Choose a customer "
            "from the list."
        ),
        "no_match": _("No published customer matches “%(text)s”."),
        "many_matches": _(
            "%(count)d customers match “%(text)s”. Type more of the name, code or "
            "phone number, or pick one from the list."
        ),
    }

    def __init__(self, *, queryset=None, visible=None, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Customer.objects.none()
        self.visible = visible if visible is not None else Customer.objects.none()

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._queryset = queryset
        self.widget.queryset = queryset

    def to_python(self, value):
        if isinstance(value, Customer):
            return value
        if not isinstance(value, dict):
            value = {"id": str(value or ""), "text": ""}
        if value["id"]:
            return self.customer_by_id(value["id"])
        if value["text"]:
            return self.customer_by_text(value["text"][:SEARCH_MAX_LENGTH])
        return None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def customer_by_id(self, raw_id):
        try:
            customer_id = int(raw_id)
        except (TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        customer = self.queryset.filter(pk=customer_id).first()
        if customer is not None:
            return customer
        hidden = self.visible.filter(pk=customer_id, is_published=False).first()
        if hidden is not None:
            raise ValidationError(
                self.error_messages["unpublished"],
                code="unpublished",
                params={"customer": hidden.name},
            )
        raise ValidationError(
            self.error_messages["not_selectable"], code="not_selectable"
        )

    def customer_by_text(self, text):
        condition = Q(code__iexact=text)
        exact = list(self.queryset.filter(condition)[:2])
        if len(exact) == 1:
            return exact[0]
        condition = Q(name__icontains=text) | Q(code__icontains=text)
        if any(character.isdigit() for character in text):
            condition |= phone_lookup(["mobile", "telephone"], text)
        matches = self.queryset.filter(condition)
        count = matches.count()
        if count == 1:
            return matches.get()
        if count == 0:
            raise ValidationError(
                self.error_messages["no_match"], code="no_match", params={"text": text}
            )
        raise ValidationError(
            self.error_messages["many_matches"],
            code="many_matches",
            params={"text": text, "count": count},
        )

    def has_changed(self, initial, data):
        initial_id = str(initial.pk if isinstance(initial, Customer) else initial or "")
        data_id = data.get("id", "") if isinstance(data, dict) else str(data or "")
        return initial_id != data_id

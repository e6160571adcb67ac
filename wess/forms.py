"""Form fields shared by the apps."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2999.

    Views add and subtract days from the dates they are given; at the ends of
    Python's date range (year 1 and 9999) that arithmetic overflows.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        message = _("Enter a date between %(earliest)s and %(latest)s.") % {
            "earliest": EARLIEST_DATE.isoformat(),
            "latest": LATEST_DATE.isoformat(),
        }
        self.validators += [
            MinValueValidator(EARLIEST_DATE, message=message),
            MaxValueValidator(LATEST_DATE, message=message),
        ]


def html_attributes(attrs: dict) -> str:
    """Write `attrs` in their order as Django's widget templates do: True as
    a bare name, False and None left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped)


class SearchInput(forms.TextInput):
    """A listing's search box, written without the template engine.

    A listing renders a box under each column on every request. Through
    Django's widget templates the Customer Listing's nine boxes took about a
    sixth of the page's time at 1,000,000 customers (docs/benchmarks.md).
    The HTML is what Django's text widget template writes.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = {"type": self.input_type, "name": name}
        value = self.format_value(value)
        if value is not None:
            final["value"] = value
        final.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", html_attributes(final))


class SearchSelect(forms.Select):
    """A listing's choice box, written without the template engine.

    The HTML is what Django's select widget template writes for choices
    without groups; grouped choices go through that template.
    """

    def render(self, name, value, attrs=None, renderer=None):
        groups = self.optgroups(name, self.format_value(value), attrs)
        if self.allow_multiple_selected or any(group for group, *_ in groups):
            return super().render(name, value, attrs, renderer)
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        options = []
        for _group, choices, _index in groups:
            for option in choices:
                selected = " selected" if option["selected"] else ""
                options.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        mark_safe(selected),  # noqa: S308 (a constant)
                        option["label"],
                    )
                )
        return format_html(
            "<select{}>{}</select>",
            html_attributes(final),
            mark_safe("".join(options)),  # noqa: S308
        )

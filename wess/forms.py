"""Form fields shared by the apps."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
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

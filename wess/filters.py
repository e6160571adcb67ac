"""Filter classes shared by the listings and reports."""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ModelMultipleChoiceField

# Primary keys are 64-bit, so 18 digits always fit. Longer strings would
# overflow the database's integer before the lookup could return no match.
MAX_ID_DIGITS = 18


class IdMultipleChoiceField(ModelMultipleChoiceField):
    """A model multiple choice that rejects values that cannot be an id.

    Django checks the chosen values with a database query, which on SQLite
    raises OverflowError for integers beyond 64 bits and, with the null
    option of django-filter, ValueError for text.
    """

    def _check_values(self, value):
        for item in value:
            text = str(item)
            if text == self.null_value:
                continue
            if not text.isdigit() or len(text) > MAX_ID_DIGITS:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


class IdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField

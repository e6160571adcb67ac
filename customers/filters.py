import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from customers.phones import DUPLICATE_SUFFIX_DIGITS, digits_only
from wess.forms import SearchInput, SearchSelect

SEARCH_MAX_LENGTH = 100
# The boxes that search by "contains" through a trigram index on PostgreSQL,
# and the shortest fragment such an index can serve (one trigram).
TEXT_SEARCH_FILTERS = ("code", "name", "email", "mobile", "telephone", "phone")
PHONE_FILTERS = ("mobile", "telephone", "phone")
TRIGRAM_MIN_LENGTH = 3


def search_input(label):
    return SearchInput(
        attrs={
            "class": "form-control form-control-sm",
            "placeholder": label,
            "aria-label": label,
            "form": "filter-form",
            "maxlength": SEARCH_MAX_LENGTH,
        }
    )


def search_select():
    return SearchSelect(
        attrs={"class": "form-select form-select-sm", "form": "filter-form"}
    )


def phone_lookup(field_names, value):
    """Match phone numbers by their digits, so `3337` finds `+65 9333 7012`.

    A value without digits (an extension note, say) is matched as typed. A
    value longer than a local number is matched on its last eight digits too,
    so `+65 9648 5376` finds a number stored as `9648-5376`.
    """
    digits = digits_only(value)
    condition = Q()
    for name in field_names:
        if not digits:
            condition |= Q(**{f"{name}__icontains": value})
            continue
        condition |= Q(**{f"{name}_digits__contains": digits})
        if len(digits) > DUPLICATE_SUFFIX_DIGITS:
            suffix = digits[-DUPLICATE_SUFFIX_DIGITS:]
            condition |= Q(**{f"{name}_digits__endswith": suffix})
    return condition


class TextSearchFilter(django_filters.CharFilter):
    # NOTE: on SQLite, icontains uses LIKE, which ignores case for ASCII
    # letters only, so `élise` does not find "Élise" there. PostgreSQL's
    # UPPER() folds every letter.
    def __init__(self, label, **kwargs):
        kwargs.setdefault("lookup_expr", "icontains")
        super().__init__(
            label=label,
            max_length=SEARCH_MAX_LENGTH,
            widget=search_input(label),
            **kwargs,
        )


class CustomerFilter(django_filters.FilterSet):
    """The search boxes under the Customer Listing's column headers.

    Text boxes match "contains", ignoring case; boxes combine with AND.
    """

    code = TextSearchFilter(_("Code"))
    name = TextSearchFilter(_("Name"))
    mobile = TextSearchFilter(_("Mobile"), method="filter_phone")
    telephone = TextSearchFilter(_("Telephone"), method="filter_phone")
    phone = TextSearchFilter(_("Mobile or telephone"), method="filter_phone")
    email = TextSearchFilter(_("Email"))
    # The choices come from the lists the view passes in, which also name
    # each row's group and branch; a ModelChoiceFilter would query again.
    group = django_filters.ChoiceFilter(
        label=_("Group"), widget=search_select(), empty_label=_("All")
    )
    branch = django_filters.ChoiceFilter(
        field_name="home_branch",
        label=_("Branch"),
        widget=search_select(),
        empty_label=_("All"),
    )
    published = django_filters.ChoiceFilter(
        field_name="is_published",
        label=_("Published"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_published",
        widget=search_select(),
        empty_label=_("All"),
    )

    class Meta:
        model = Customer
        fields = []

    def __init__(self, data=None, *args, groups=(), branches=(), **kwargs):
        """`groups` and `branches` are the choices: every group, and the
        branches whose customers the current branch may see."""
        super().__init__(data, *args, **kwargs)
        self.filters["group"].extra["choices"] = [(g.pk, g.name) for g in groups]
        self.filters["branch"].extra["choices"] = [(b.pk, b.name) for b in branches]

    def searches_by_trigram(self) -> bool:
        """Whether a valid text box contains a fragment a trigram index can serve."""
        if not self.is_bound:
            return False
        # Validating fills cleaned_data with the valid boxes, even beside
        # invalid ones, which the search leaves out.
        self.is_valid()
        for name in TEXT_SEARCH_FILTERS:
            value = self.form.cleaned_data.get(name) or ""
            if name in PHONE_FILTERS:
                value = digits_only(value) or value
            if len(value) >= TRIGRAM_MIN_LENGTH:
                return True
        return False

    def filter_phone(self, queryset, name, value):
        fields = ["mobile", "telephone"] if name == "phone" else [name]
        return queryset.filter(phone_lookup(fields, value))

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=(value == "yes"))

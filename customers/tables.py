import re
from types import SimpleNamespace

import django_tables2 as tables
from django.contrib.auth.context_processors import PermWrapper
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from customers.models import Customer

# Stand-ins for a cell's id, name and listing path. The id has more digits
# than a page's other numbers, and none contains a character HTML escapes.
STAND_IN = SimpleNamespace(pk=9182736450918273645, name="stand-in-customer-name")
STAND_IN_NEXT = "/customers/stand-in-next-path/"
# One pass over a cell, so text put in (a name, a typed search) is never
# searched for stand-ins again.
STAND_IN_TEXTS = (str(STAND_IN.pk), STAND_IN.name, STAND_IN_NEXT)
STAND_IN_PATTERN = re.compile("|".join(re.escape(text) for text in STAND_IN_TEXTS))


def name_order(*, descending: bool = False, searching: bool = False) -> list:
    """Return the order_by() arguments that sort customers by name, then id.

    With `searching`, the name is sorted as an expression that no index
    covers, which makes PostgreSQL collect the trigram index's matches and
    sort only those. Otherwise it may walk the (name, id) index in order and
    test every row. Names that match one fragment sit together in that
    order, so at a million customers the walk read 429,000 rows (950 ms)
    before the first "Lim". Collecting the 20,000 matches of `lim` took 95 ms.
    """
    key = Concat(F("name"), Value("")) if searching else F("name")
    if descending:
        return [key.desc(), "-pk"]
    return [key.asc(), "pk"]


class CellTemplateColumn(tables.TemplateColumn):
    """A TemplateColumn whose template is rendered twice a page, not per row.

    The template may read only `record.pk`, `record.name`, a yes/no `value`,
    `next` (the current page), `perms`, `csrf_token` and `request`. For
    each value it is rendered once with stand-ins for the id, the name and
    `next`, and each cell replaces them.
    Rendering it per row, as TemplateColumn does, runs every context
    processor per cell, which took more than half the time spent rendering
    the cells of a 25-row page.
    """

    def render(self, record, table, value, bound_column, **kwargs):
        request = getattr(table, "request", None)
        if request is None:
            return super().render(record, table, value, bound_column, **kwargs)
        key = (self.template_name, bool(value))
        if key not in table.cell_shapes:
            context = {
                "record": STAND_IN,
                "value": bool(value),
                "next": STAND_IN_NEXT,
                "perms": PermWrapper(request.user),
                "csrf_token": get_token(request),
                "request": request,
            }
            template = get_template(self.template_name).template
            table.cell_shapes[key] = template.render(Context(context))
        values = {
            str(STAND_IN.pk): str(record.pk),
            STAND_IN.name: conditional_escape(record.name),
            STAND_IN_NEXT: conditional_escape(request.get_full_path()),
        }
        html = STAND_IN_PATTERN.sub(
            lambda match: values[match.group()], table.cell_shapes[key]
        )
        return mark_safe(html)  # noqa: S308 (escaped template output and values)


class CustomerTable(tables.Table):
    """The Customer Listing. Column names match the search parameters.

    With `searching`, the name sort orders the trigram index's matches
    instead of walking the name index.
    """

    selection = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": _("Select all"), "data-select-all": "pk"},
            "td__input": {"form": "bulk-form", "name": "pk"},
        },
    )
    code = tables.Column(verbose_name=_("Code"))
    # The id breaks ties in every sort but the unique code. PostgreSQL returns
    # tied rows in any order, so without it paging skips and repeats rows.
    # Indexes on (name, id), code and (join_date, id) serve the common sorts.
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name", "pk"))
    mobile = tables.Column(verbose_name=_("Mobile"), order_by=("mobile", "pk"))
    telephone = tables.Column(verbose_name=_("Telephone"), order_by=("telephone", "pk"))
    email = tables.EmailColumn(verbose_name=_("Email"), order_by=("email", "pk"))
    group = tables.Column(verbose_name=_("Group"), order_by=("group__name", "pk"))
    branch = tables.Column(
        accessor="home_branch",
        verbose_name=_("Branch"),
        order_by=("home_branch__name", "pk"),
    )
    join_date = tables.DateColumn(
        verbose_name=_("Join date"),
        order_by=("join_date", "pk"),
        format="Y-m-d",
        attrs={"td": {"class": "text-nowrap"}},
    )
    published = CellTemplateColumn(
        accessor="is_published",
        verbose_name=_("Published"),
        template_name="customers/_published_toggle.html",
        order_by=("is_published", "pk"),
        attrs={"td": {"class": "text-center"}},
    )
    edit = CellTemplateColumn(
        verbose_name="",
        template_name="customers/_edit_link.html",
        orderable=False,
    )

    class Meta:
        model = Customer
        fields = []
        sequence = (
            "selection",
            "code",
            "name",
            "mobile",
            "telephone",
            "email",
            "group",
            "branch",
            "join_date",
            "published",
            "edit",
        )
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm table-hover align-middle customer-table"}
        empty_text = _("No customers match the search.")

    # The fields the rows show, for the listing's only().
    record_fields = (
        "code",
        "name",
        "mobile",
        "telephone",
        "email",
        "group",
        "home_branch",
        "join_date",
        "is_published",
    )

    def __init__(
        self, *args, searching: bool = False, groups=None, branches=None, **kwargs
    ):
        """`groups` and `branches` map ids to names for the rows' two lookups.

        Given them, the listing neither reads those tables per row nor joins
        them in its page query. body_html() needs them.
        """
        self.searching = searching
        self.group_names = groups
        self.branch_names = branches
        super().__init__(*args, **kwargs)

    @cached_property
    def cell_shapes(self) -> dict:
        return {}

    def body_html(self) -> str:
        """Return the page's rows as HTML, written directly.

        The cells hold text, links and the two CellTemplateColumn cells, so
        they are written here instead of through django-tables2's accessors,
        render methods and row template, which took about a third of the
        first page's time at 1,000,000 customers. With this and the narrower
        page query, the first page went from 46 to 27 ms median
        (bench/measure.py, docs/benchmarks.md). The cells match
        django-tables2's rendering, which customers/tests/test_listing.py
        compares.
        """
        if self.group_names is None or self.branch_names is None:
            raise ValueError("body_html() needs the group and branch names.")
        columns = [
            (column, self.cell_writers[column.name], column.attrs["td"].as_html())
            for column in self.columns
        ]
        url = reverse("customers:detail", args=[STAND_IN.pk])
        pk_text = str(STAND_IN.pk)
        lines = []
        for number, record in enumerate(self.paginated_rows.data):
            record.listing_url = url.replace(pk_text, str(record.pk))
            cells = "".join(
                f"<td {attrs}>{write(self, record, column)}</td>"
                for column, write, attrs in columns
            )
            parity = "odd" if number % 2 else "even"
            lines.append(f'<tr class="{parity}">{cells}</tr>')
        if not lines:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text
            )
        return mark_safe("\n".join(lines))  # noqa: S308 (every cell is escaped)

    def text_cell(self, value) -> str:
        return conditional_escape(value) if value else self.default

    def write_template_cell(self, record, column) -> str:
        # The edit column reads no field: its accessor names no attribute.
        value = getattr(record, str(column.accessor), None)
        return column.column.render(
            record=record, table=self, value=value, bound_column=column
        )

    cell_writers = {
        "selection": lambda table, record, column: format_html(
            '<input type="checkbox" name="pk" value="{}" form="bulk-form" />',
            record.pk,
        ),
        "code": lambda table, record, column: table.text_cell(record.code),
        "name": lambda table, record, column: format_html(
            '<a href="{}">{}</a>', record.listing_url, record.name
        ),
        "mobile": lambda table, record, column: table.text_cell(record.mobile),
        "telephone": lambda table, record, column: table.text_cell(record.telephone),
        "email": lambda table, record, column: (
            format_html('<a href="mailto:{}">{}</a>', record.email, record.email)
            if record.email
            else table.default
        ),
        "group": lambda table, record, column: table.text_cell(
            table.group_names.get(record.group_id)
        ),
        "branch": lambda table, record, column: table.text_cell(
            table.branch_names.get(record.home_branch_id)
        ),
        "join_date": lambda table, record, column: (
            record.join_date.isoformat() if record.join_date else table.default
        ),
        "published": write_template_cell,
        "edit": write_template_cell,
    }

    def render_join_date(self, value):
        # The ISO date is the Y-m-d format, without the date filter's cost.
        return value.isoformat()

    def order_name(self, queryset, is_descending):
        order = name_order(descending=is_descending, searching=self.searching)
        return queryset.order_by(*order), True

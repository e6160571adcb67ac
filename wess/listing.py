"""Request handling shared by every column-filtered listing.

A listing is one FilterSet, one Table and this module's `configure_table`,
which reads `sort`, `page` and `per_page` from the query string, keeping
only values the table can use: an unknown sort column is ignored, a page
out of range shows the nearest page, and the page size is one of
WESS_LISTING_PAGE_SIZES. A listing given BoundedCountPaginator counts at
most COUNT_LIMIT rows, so a million customers are never counted one by one.
SearchPaginator, for searches that sort all their matches, reads the count
from the page query itself instead of sending a second query.
"""

from math import ceil

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

SORT_PARAM = "sort"
PAGE_PARAM = "page"
PER_PAGE_PARAM = "per_page"
# An exact count reads every match. On PostgreSQL 15 with 1,000,000 visible
# customers it took 150 to 200 ms, where counting to 10,001 took a few ms
# (bench/perf_run.py on a shared 2-core machine, docs/benchmarks.md).
COUNT_LIMIT = 10_000
# The annotation SearchPaginator adds for its count: the number of matches.
WINDOW_COUNT = "listing_match_count"


def rows_queryset(rows) -> QuerySet | None:
    """Return the queryset behind a django-tables2 table's rows, if any."""
    data = getattr(rows, "data", None)
    queryset = getattr(data, "data", None)
    return queryset if isinstance(queryset, QuerySet) else None


def rows_by_pk(queryset: QuerySet, ids: list) -> list:
    """Read the rows of `queryset` with primary keys `ids`, in that order.

    The queryset keeps its filters, so visibility and the search still apply,
    and the primary key index finds the few rows. A row deleted or changed
    since no longer matches and is left out.
    """
    by_pk = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class BoundedCountPaginator(Paginator):
    """A paginator whose count stops at `count_limit` + 1.

    Below the limit it behaves as Django's Paginator. Above it, `count` is
    `count_limit` + 1, `count_is_bounded` is true and the pages end at the
    limit, so no page reads deeper than `count_limit` rows: staff narrow the
    search instead of paging through a million rows.
    """

    count_limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        queryset = rows_queryset(self.object_list)
        if queryset is None:
            return min(len(self.object_list), self.count_limit + 1)
        # Sorting and the joined columns do not change a count. Leaving them
        # out lets the database stop at the first count_limit + 1 matches.
        return queryset.order_by().values("pk")[: self.count_limit + 1].count()

    @property
    def count_is_bounded(self) -> bool:
        return self.count > self.count_limit

    def page(self, number):
        """Return the page, ending the last one at the limit when bounded."""
        number = self.validate_number(number)
        last_row = min(self.count, self.count_limit)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= last_row:
            top = last_row
        return self._get_page(self.object_list[bottom:top], number, self)

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        hits = max(1, min(self.count, self.count_limit) - self.orphans)
        return ceil(hits / self.per_page)


class SearchPaginator(BoundedCountPaginator):
    """A BoundedCountPaginator for a search that sorts all its matches.

    Such a page query reads every match anyway, so COUNT(*) OVER () counts
    them in the same pass, and only the ids and the count go through the
    window and the sort. The page's full rows are then read by id. A
    separate count query may be planned differently: for `lim` at 1,000,000
    customers PostgreSQL 15 walked the (home_branch, name) index for 108 ms.
    Narrowing the sorted rows to ids cut the page from 87-95 ms median to
    64-71 ms (bench/measure.py, docs/benchmarks.md).
    """

    def counted_ids(self, queryset: QuerySet) -> QuerySet:
        """Return (id, number of matches) pairs in the queryset's order."""
        return queryset.annotate(**{WINDOW_COUNT: Window(Count("pk"))}).values_list(
            "pk", WINDOW_COUNT
        )

    @cached_property
    def count(self) -> int:
        queryset = rows_queryset(self.object_list)
        if queryset is None:
            return BoundedCountPaginator.count.func(self)
        # Reached for a page past the last match, so the first row is read.
        first = list(self.counted_ids(queryset)[:1])
        return min(first[0][1] if first else 0, self.count_limit + 1)

    def page(self, number):
        self.fetch_page(number)
        return super().page(number)

    def fetch_page(self, number) -> None:
        """Read page `number` with the count, before the count is needed.

        The rows become the page, so the search runs once. A page past the
        last match contains no count, and `count` then queries the database.
        """
        queryset = rows_queryset(self.object_list)
        if queryset is None:
            return
        try:
            number = int(number)
        except (TypeError, ValueError):
            return
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom + self.per_page > self.count_limit:
            return
        window = list(self.counted_ids(queryset)[bottom : bottom + self.per_page])
        if not window:
            return
        self.count = min(window[0][1], self.count_limit + 1)
        records = rows_by_pk(queryset, [pk for pk, _total in window])
        rows = BoundRows(
            data=records,
            table=self.object_list.table,
            pinned_data=self.object_list.pinned_data,
        )
        self.fetched_page = (bottom, rows)

    def _get_page(self, object_list, number, paginator):
        fetched = getattr(self, "fetched_page", None)
        if fetched is not None and fetched[0] == (number - 1) * self.per_page:
            object_list = fetched[1]
        return super()._get_page(object_list, number, paginator)


def page_size(request) -> int:
    sizes = settings.WESS_LISTING_PAGE_SIZES
    try:
        size = int(request.GET.get(PER_PAGE_PARAM, sizes[0]))
    except ValueError:
        return sizes[0]
    return size if size in sizes else sizes[0]


def sort_keys(request, table) -> list[str]:
    """Return the requested sort keys that name an orderable column."""
    allowed = {
        column.name for column in table.columns if column.orderable and column.visible
    }
    keys = []
    for raw in request.GET.get(SORT_PARAM, "").split(","):
        name = raw.strip()
        if name.lstrip("-") in allowed:
            keys.append(name)
    return keys


def configure_table(request, table, filterset=None, paginator_class=None):
    """Apply the request's sort and paging to `table` and return it.

    With `filterset`, its form's fields become the search boxes under the
    headers of the columns with the same names. `paginator_class` replaces
    Django's Paginator, for example with BoundedCountPaginator for a listing
    that may hold millions of rows.
    """
    table.request = request
    table.filter_form = filterset.form if filterset is not None else None
    keys = sort_keys(request, table)
    if keys:
        table.order_by = keys

    options = {"per_page": page_size(request)}
    if paginator_class is not None:
        options["paginator_class"] = paginator_class
    page = request.GET.get(PAGE_PARAM, "1")
    try:
        table.paginate(page=page, **options)
    except PageNotAnInteger:
        table.paginate(page=1, **options)
    except EmptyPage:
        # A number below 1 shows the first page, and one past the end the last.
        last = max(table.paginator.num_pages, 1)
        table.paginate(page=1 if int(page) < 1 else last, **options)
    return table

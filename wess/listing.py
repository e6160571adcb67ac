"""Request handling shared by every column-filtered listing.

A listing is one FilterSet, one Table and this module's `configure_table`,
which reads `sort`, `page` and `per_page` from the query string, keeping
only values the table can use: an unknown sort column is ignored, a page
out of range shows the nearest page, and the page size is one of
WESS_LISTING_PAGE_SIZES.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger

SORT_PARAM = "sort"
PAGE_PARAM = "page"
PER_PAGE_PARAM = "per_page"


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
    headers of the columns with the same names.
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
        table.paginate(page=max(table.paginator.num_pages, 1), **options)
    return table

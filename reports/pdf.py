"""The PDF of the Customer List report, made with WeasyPrint.

WeasyPrint fetches every URL a document names (stylesheets, images,
`<link rel=attachment>` files). The report's fetcher serves only `data:`
URLs and the app's own static files, so no customer value and no template
mistake can make the server read another file or open a connection.
"""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The base URL of the PDF's HTML. `.invalid` is reserved (RFC 6761) and never
# resolves; the fetcher maps URLs under it and STATIC_URL to static files.
BASE_URL = "https://wess.invalid/"
PAGE_COUNTERS = {"%(page)s": "page", "%(pages)s": "pages"}
PAGE_PLACEHOLDERS = re.compile(r"(%\((?:page|pages)\)s)")


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves `data:` URLs and static files.

    A static URL is `BASE_URL` joined with STATIC_URL and a path; the path is
    resolved, symbolic links included, and must stay inside STATIC_ROOT or a
    static folder of the staticfiles finders. Every other URL (http, https,
    file, ftp, a path outside the static folders) is rejected without any
    network or file access, so there is no redirect to follow either.
    """

    def __init__(self):
        super().__init__(allow_redirects=False)
        base = urlsplit(BASE_URL)
        self.origin = (base.scheme, base.netloc)
        self.static_path_prefix = "/" + settings.STATIC_URL.strip("/") + "/"

    def fetch(self, url, headers=None):
        logger.debug("PDF fetch requested: %.200s", url)
        if url.startswith("data:"):
            # Only data: URLs reach this handler, which decodes them in memory.
            response = DataHandler().data_open(Request(url))  # noqa: S310
            return URLFetcherResponse(
                url,
                body=response.read(),
                headers={"Content-Type": response.headers["Content-Type"]},
            )

        path = self.static_path(url)
        if path is None:
            logger.warning("PDF fetch rejected: %.200s", url)
            raise ValueError(f"URL not allowed in the report PDF: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def static_path(self, url: str) -> Path | None:
        """Return the static file `url` names, or None if it names none."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self.origin:
            return None
        if not parts.path.startswith(self.static_path_prefix):
            return None
        relative = unquote(parts.path[len(self.static_path_prefix) :])
        if not relative or "\x00" in relative or relative.startswith("/"):
            return None
        for root in static_roots():
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None


def static_roots() -> list[Path]:
    """The resolved static folders: STATIC_ROOT first, then the finders'."""
    roots = []
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            # A STATICFILES_DIRS entry with a prefix serves its files under
            # that prefix; the report needs none, so those folders are skipped.
            if getattr(storage, "prefix", None):
                continue
            roots.append(Path(storage.location))
    return [root.resolve() for root in roots if root.is_dir()]


def css_string(text: str) -> str:
    """`text` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_number_css() -> str:
    """The `@page` rule printing "Page X of Y", translated, in the footer."""
    label = _("Page %(page)s of %(pages)s")
    content = []
    for part in PAGE_PLACEHOLDERS.split(label):
        if part in PAGE_COUNTERS:
            content.append(f"counter({PAGE_COUNTERS[part]})")
        elif part:
            content.append(css_string(part))
    return "@page { @bottom-right { content: " + " ".join(content) + "; } }"


def column_width_css(columns) -> str:
    """Rules giving each table column its share of the page width."""
    total = sum(column.width for column in columns) or 1
    return "\n".join(
        f"table.report col:nth-child({index}) {{ width: {column.width / total:.2%}; }}"
        for index, column in enumerate(columns, start=1)
    )


def render_pdf(context: dict, request) -> bytes:
    """Render the report template with `context` to PDF bytes.

    `context["columns"]` sets the column widths. The page-number and width
    rules are made here because they depend on the language and the columns.
    """
    html = render_to_string("reports/customer_list_pdf.html", context, request=request)
    fetcher = StaticOnlyURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    generated = page_number_css() + "\n" + column_width_css(context["columns"])
    return document.write_pdf(stylesheets=[CSS(string=generated, url_fetcher=fetcher)])

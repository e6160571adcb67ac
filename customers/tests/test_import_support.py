"""Builders and fixtures that the customer import tests share; no tests here."""

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

SAMPLE_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
CUSTOMERS_100 = SAMPLE_DATA / "customers-100.csv"
CUSTOMERS_1000 = SAMPLE_DATA / "customers-1000.csv"


@pytest.fixture
def import_dir(settings, tmp_path):
    """Keep each test's import folders in its own temporary folder."""
    folder = tmp_path / "imports"
    settings.WESS_IMPORT_DIR = str(folder)
    return folder


def import_folder() -> Path:
    """Return the folder that the `import_dir` fixture chose for this test."""
    return Path(settings.WESS_IMPORT_DIR)


def write_xlsx(path: Path, rows, *, title="Customers", adjust=None) -> Path:
    """Write `rows` to one sheet; `adjust(sheet)` may merge, hide or format."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if adjust is not None:
        adjust(sheet)
    book.save(path)
    return path


def write_csv(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


class FormReader(HTMLParser):
    """The fields of one rendered form, as a browser would submit them."""

    def __init__(self, form_selector):
        super().__init__()
        self.form_selector = form_selector
        self.inside = False
        self.data = {}
        self.select = None
        self.select_first = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            classes = (attrs.get("class") or "").split()
            self.inside = (
                self.form_selector in classes or attrs.get("id") == self.form_selector
            )
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.select_first = None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
                self.data.setdefault(self.select, value)
            if "selected" in attrs:
                self.data[self.select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def rendered_form(response, form_selector) -> dict:
    """Return the values of the form with this class or id, as rendered."""
    reader = FormReader(form_selector)
    reader.feed(response.content.decode())
    return reader.data


def upload_named(client, path: Path, name: str):
    """Post the file at `path` to the upload screen as if it were called `name`."""
    return client.post(
        "/customers/import/", {"file": SimpleUploadedFile(name, path.read_bytes())}
    )


def token_of(response) -> str:
    found = re.search(r"/customers/import/([0-9a-f]{32})/", response["Location"])
    assert found, response["Location"]
    return found.group(1)


def import_file(client, path: Path, *, mode="skip", changes=None, name=None):
    """Upload, dry-run with the rendered mapping, and confirm; return the
    token and the responses of each step."""
    uploaded = upload_named(client, path, name or path.name)
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    token = token_of(uploaded)
    mapping_page = client.get(f"/customers/import/{token}/")
    data = rendered_form(mapping_page, "import-mapping")
    data.update(changes or {})
    checked = client.post(f"/customers/import/{token}/", data)
    assert checked.status_code == 302, checked.content.decode()[:3000]
    preview = client.get(f"/customers/import/{token}/preview/")
    confirm = rendered_form(preview, "import-confirm")
    confirm["mode"] = mode
    done = client.post(f"/customers/import/{token}/preview/", confirm)
    return token, preview, done

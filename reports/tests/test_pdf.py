"""The report's PDF, read back with poppler-utils."""

import logging
import subprocess

import pytest

from conftest import make_customer
from reports import views
from reports.pdf import BASE_URL
from reports.tests.helpers import (
    WORLD_NAMES,
    get_report,
    pdf_fonts,
    pdf_info,
    pdf_page_texts,
    pdf_text,
    requires,
    squeeze,
)

pytestmark = requires("pdftotext", "pdffonts", "pdfinfo", "pdfdetach")

HOSTILE_NAME = (
    '<img src="http://127.0.0.1:9/x"><link rel=attachment href="file:///etc/passwd">'
)
NOTO_FACES = [
    "Noto-Sans",
    "Noto-Sans-CJK-SC",
    "Noto-Sans-Tamil",
    "Noto-Naskh-Arabic",
    "Noto-Color-Emoji",
]
# A4 in PostScript points, as pdfinfo prints it.
A4_PORTRAIT = "595.276 x 841.89 pts (A4)"
A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"


@pytest.fixture
def world_customers(branch_a):
    for name in WORLD_NAMES:
        make_customer(branch_a, name)


def print_pdf(client, **params):
    response = get_report(client, format="pdf", **params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_pdf_contains_every_script(frontdesk_client, world_customers, tmp_path):
    text = squeeze(pdf_text(print_pdf(frontdesk_client), tmp_path))

    for name in WORLD_NAMES:
        assert squeeze(name) in text, name


def test_pdf_embeds_noto_faces(frontdesk_client, world_customers, tmp_path):
    fonts = pdf_fonts(print_pdf(frontdesk_client), tmp_path)

    embedded = {font["name"] for font in fonts if font["emb"] == "yes"}
    for face in NOTO_FACES:
        assert face in embedded, face
    assert all(font["emb"] == "yes" for font in fonts)


def test_pdf_has_no_embedded_files(frontdesk_client, branch_a, tmp_path):
    make_customer(branch_a, HOSTILE_NAME)
    path = tmp_path / "report.pdf"
    path.write_bytes(print_pdf(frontdesk_client))

    listing = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout

    assert listing.strip() == "0 embedded files"


def test_hostile_name_fetches_only_static(frontdesk_client, branch_a, tmp_path, caplog):
    make_customer(branch_a, HOSTILE_NAME)
    caplog.set_level(logging.DEBUG, logger="reports.pdf")

    pdf = print_pdf(frontdesk_client, columns=["code", "name"])

    requested = [
        record.args[0]
        for record in caplog.records
        if record.name == "reports.pdf" and record.msg.startswith("PDF fetch requested")
    ]
    assert f"{BASE_URL}static/css/report_pdf.css" in requested
    for url in requested:
        assert url.startswith(("data:", f"{BASE_URL}static/")), url
    assert squeeze(HOSTILE_NAME) in squeeze(pdf_text(pdf, tmp_path))


def test_pdf_header_names_company_branches_filters(
    frontdesk_client, branch_a, branch_b, tmp_path, settings
):
    settings.WESS_COMPANY_NAME = "Lotus Day Spa"
    make_customer(branch_a, "Lim Hui Min", gender="F")

    text = pdf_text(print_pdf(frontdesk_client, gender="F"), tmp_path)

    assert "Lotus Day Spa" in text
    assert "Alpha, Bravo" in text
    assert "Gender: Female" in text
    assert "by frontdesk_a" in text


def test_pdf_header_names_chosen_branch(frontdesk_client, branch_a, branch_b, tmp_path):
    make_customer(branch_b, "Siti Rahmah")

    text = pdf_text(print_pdf(frontdesk_client, branch=[branch_b.pk]), tmp_path)

    assert "Branch\n" in text
    assert "Bravo" in text
    assert "Alpha" not in text


def test_pdf_repeats_header_and_numbers_pages(frontdesk_client, branch_a, tmp_path):
    for number in range(150):
        make_customer(branch_a, f"Customer {number:03d}", mobile=f"9{number:07d}")

    pdf = print_pdf(frontdesk_client, columns=["name", "mobile"])
    pages = int(pdf_info(pdf, tmp_path)["Pages"])
    texts = pdf_page_texts(pdf, tmp_path, pages)

    assert pages >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Name" in text
        assert "Mobile" in text
        assert "WESS Wellness · Customer List" in text


def test_pdf_portrait_for_few_columns(frontdesk_client, branch_a, tmp_path):
    make_customer(branch_a)

    pdf = print_pdf(frontdesk_client, columns=["code", "name", "mobile"])

    assert pdf_info(pdf, tmp_path)["Page size"] == A4_PORTRAIT


def test_pdf_landscape_for_many_columns(frontdesk_client, branch_a, tmp_path):
    make_customer(branch_a)
    columns = ["code", "name", "mobile", "email", "address", "remarks"]

    pdf = print_pdf(frontdesk_client, columns=columns)

    assert pdf_info(pdf, tmp_path)["Page size"] == A4_LANDSCAPE


def test_pdf_over_cap_offers_xlsx(frontdesk_client, branch_a, monkeypatch):
    monkeypatch.setattr(views, "PDF_MAX_ROWS", 2)
    for name in ["Ang", "Bala", "Chong"]:
        make_customer(branch_a, name)

    response = get_report(frontdesk_client, format="pdf", published="yes")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "This report has 3 rows, more than the 2 rows a PDF can hold." in page
    assert "format=xlsx" in page
    assert "published=yes" in page


def test_pdf_within_cap_prints(frontdesk_client, branch_a, monkeypatch):
    monkeypatch.setattr(views, "PDF_MAX_ROWS", 2)
    make_customer(branch_a, "Ang")
    make_customer(branch_a, "Bala")

    response = get_report(frontdesk_client, format="pdf")

    assert response["Content-Type"] == "application/pdf"


def test_report_page_states_pdf_cap(frontdesk_client):
    response = frontdesk_client.get("/reports/customers/")

    assert f"PDF print is limited to {views.PDF_MAX_ROWS} rows" in (
        response.content.decode()
    )

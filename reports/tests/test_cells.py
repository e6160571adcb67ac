"""The text cleaning shared by the XLSX and CSV exports."""

import pytest

from reports.cells import safe_text


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x","y")',
        "@SUM(A1)",
        "+1",
        "-1+1",
        "\t=1",
        "\r=1",
        "+65 9123",
    ],
)
def test_formula_like(value):
    assert safe_text(value).formula_like


@pytest.mark.parametrize(
    "value", ["Tan Mei Ling", "0123456789", " =1", "a=b", "1-1", "王小明", ""]
)
def test_plain_text(value):
    assert not safe_text(value).formula_like


def test_csv_value_prefixes_apostrophe():
    assert safe_text("=1+1").csv_value == "'=1+1"


def test_csv_value_keeps_plain_text():
    assert safe_text("Siti").csv_value == "Siti"


def test_removes_illegal_characters():
    cleaned = safe_text("a\x00b\x0bc\x0cd\x1fe\x08f")

    assert cleaned.text == "abcdef"


def test_keeps_tab_and_line_breaks():
    assert safe_text("a\tb\nc\rd").text == "a\tb\nc\rd"


def test_formula_check_after_cleaning():
    assert safe_text("\x0b=1+1").formula_like


def test_none_is_empty():
    assert safe_text(None).text == ""

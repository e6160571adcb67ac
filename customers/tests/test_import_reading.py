"""Reading import files: encodings, delimiters, headers and cell values."""

import datetime

import pytest

from customers.importer.cells import (
    DateImpossible,
    DateUnreadable,
    cell_text,
    identifier_text,
    parse_date,
)
from customers.importer.reading import (
    ImportFileError,
    TableReader,
    inspect_file,
    read_head,
)
from customers.tests.test_import_support import (
    CUSTOMERS_100,
    CUSTOMERS_1000,
    write_xlsx,
)

ROWS = (
    "Name{d}Mobile{d}Remarks\n"
    "José Tan{d}+65 9123 4567{d}Café regular\n"
    "Lee Wei{d}98765432{d}\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp1252", b"", "cp1252"),
        ("utf-16", b"", "utf-16"),
    ],
)
def test_csv_encodings(tmp_path, encoding, prefix, label):
    path = tmp_path / "people.csv"
    path.write_bytes(prefix + ROWS.format(d=",").encode(encoding))

    info = inspect_file(path, "people.csv")
    head = read_head(path, info)

    assert info.encoding == label
    assert head.headers == ["Name", "Mobile", "Remarks"]
    assert head.samples[0] == ["José Tan", "+65 9123 4567", "Café regular"]


@pytest.mark.parametrize(
    ("delimiter", "label"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")]
)
def test_csv_delimiters(tmp_path, delimiter, label):
    path = tmp_path / "people.csv"
    path.write_text(ROWS.format(d=delimiter))

    info = inspect_file(path, "people.csv")

    assert info.delimiter == delimiter
    assert info.delimiter_label == label
    assert info.rows == 2


def test_semicolon_file_with_commas_in_values(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Name;Address;Mobile\n"
        "Tan Mei Ling;1 Orchard Rd, #02-01, Singapore;91234567\n"
        "Lee Wei;Jalan Ampang, KL;0123456789\n"
    )

    info = inspect_file(path, "people.csv")

    assert info.delimiter == ";"
    assert read_head(path, info).samples[0][1] == "1 Orchard Rd, #02-01, Singapore"


def test_sample_files_read(tmp_path):
    small = inspect_file(CUSTOMERS_100, "customers-100.csv")
    large = inspect_file(CUSTOMERS_1000, "customers-1000.csv")

    assert (small.rows, small.delimiter, small.encoding) == (100, ",", "utf-8")
    assert (large.rows, large.delimiter) == (1000, ",")
    head = read_head(CUSTOMERS_1000, large)
    assert head.headers[-1] == "Website"
    assert head.samples[0][-1].startswith("http")


def test_quoted_commas_stay_in_value():
    info = inspect_file(CUSTOMERS_100, "customers-100.csv")

    rows = list(TableReader(CUSTOMERS_100, info).rows())

    assert rows[3].cells[4] == "Dominguez, Mcmillan and Donovan"
    assert rows[3].number == 5
    assert all(not row.problems for row in rows)


def test_extra_values_flag_row(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Mobile\nTan Mei Ling,91234567\nLee, Wei,98765432\n")
    info = inspect_file(path, "people.csv")

    rows = list(TableReader(path, info).rows())

    assert rows[0].problems == []
    assert rows[1].problems[0].kind == "extra_values"


def test_title_rows_skipped(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Customers exported 2024-03-01\n\nName,Mobile\nTan Mei Ling,91234567\n"
    )
    info = inspect_file(path, "people.csv")

    head = read_head(path, info)

    assert head.header_row == 3
    assert head.headers == ["Name", "Mobile"]


def test_single_column_file(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Name\nTan Mei Ling\nLee Wei\n")
    info = inspect_file(path, "names.csv")

    head = read_head(path, info)

    assert head.headers == ["Name"]
    assert info.rows == 2


def test_blank_rows_skipped(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Mobile\n\nTan Mei Ling,91234567\n,\n\nLee Wei,98765432\n")
    info = inspect_file(path, "people.csv")

    rows = list(TableReader(path, info).rows())

    assert [row.number for row in rows] == [3, 6]


def test_undecodable_text(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"Name,Mobile\nTan\x81\x8d,9123\n")

    with pytest.raises(ImportFileError, match="neither UTF-8 nor Windows-1252"):
        inspect_file(path, "people.csv")


def test_xlsx_cells_keep_types(tmp_path):
    path = write_xlsx(
        tmp_path / "people.xlsx",
        [
            ["Name", "Mobile", "Joined", "Flag"],
            ["Tan Mei Ling", 6591234567, datetime.datetime(2020, 8, 24), True],
        ],
    )
    info = inspect_file(path, "people.xlsx")

    row = next(TableReader(path, info).rows())

    assert info.sheets == ["Customers"]
    assert row.cells == [
        "Tan Mei Ling",
        6591234567,
        datetime.datetime(2020, 8, 24),
        True,
    ]


def test_xlsx_error_cells_flagged(tmp_path):
    path = write_xlsx(tmp_path / "people.xlsx", [["Name", "Mobile"], ["Tan", "x"]])
    # openpyxl writes "#N/A" typed as an error value when the cell is set so.
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active["B2"].value = "#N/A"
    book.active["B2"].data_type = "e"
    book.save(path)
    info = inspect_file(path, "people.xlsx")

    row = next(TableReader(path, info).rows())

    assert row.cells[1] is None
    assert row.problems[0].kind == "cell_error"
    assert row.problems[0].columns == (1,)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2020-08-24", True, datetime.date(2020, 8, 24)),
        ("2020/08/24", False, datetime.date(2020, 8, 24)),
        ("03/04/2024", True, datetime.date(2024, 4, 3)),
        ("03/04/2024", False, datetime.date(2024, 3, 4)),
        ("3-4-24", True, datetime.date(2024, 4, 3)),
        ("31.12.1985", True, datetime.date(1985, 12, 31)),
        ("24 Aug 2020", True, datetime.date(2020, 8, 24)),
        ("24-Aug-20", False, datetime.date(2020, 8, 24)),
        ("August 24, 2020", True, datetime.date(2020, 8, 24)),
        ("2020 Aug 24", True, datetime.date(2020, 8, 24)),
        ("20200824", True, datetime.date(2020, 8, 24)),
        ("43831", True, datetime.date(2020, 1, 1)),
        ("2020-08-24 13:45:00", True, datetime.date(2020, 8, 24)),
        ("24/08/2020 1:45 PM", True, datetime.date(2020, 8, 24)),
        ("", True, None),
    ],
)
def test_date_formats(text, day_first, expected):
    assert parse_date(text, day_first=day_first) == expected


def test_date_values_from_xlsx():
    assert parse_date(datetime.datetime(2020, 1, 2, 9, 30)) == datetime.date(2020, 1, 2)
    assert parse_date(43831) == datetime.date(2020, 1, 1)
    assert parse_date(43831.75) == datetime.date(2020, 1, 1)
    assert parse_date(42370, epoch_1904=True) == datetime.date(2020, 1, 2)


@pytest.mark.parametrize(
    "text", ["soon", "1985", "12/2020", "2020-13", "Aug 2020", "99/99/99999"]
)
def test_unreadable_dates(text):
    with pytest.raises(DateUnreadable):
        parse_date(text)


@pytest.mark.parametrize("text", ["31/02/2020", "2021-02-29", "12/31/2024", "20201301"])
def test_impossible_dates(text):
    with pytest.raises(DateImpossible):
        parse_date(text, day_first=True)


def test_cell_text_of_numbers():
    assert cell_text(6591234567.0) == "6591234567"
    assert cell_text(12.5) == "12.5"
    assert cell_text("  Tan \n Mei  Ling ") == "Tan Mei Ling"
    assert cell_text("Blk 1\r\n  Orchard  Rd", multiline=True) == "Blk 1\nOrchard Rd"
    assert cell_text("a\x00b\x07c") == "abc"


def test_identifier_text_drops_float_suffix():
    assert identifier_text("6591234567.0") == "6591234567"
    assert identifier_text(6591234567.0) == "6591234567"
    assert identifier_text("397.884.0519x718") == "397.884.0519x718"

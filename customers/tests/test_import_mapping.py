"""Suggested mappings from common headers, and the rules a mapping must keep."""

import pytest

from customers.importer.mapping import (
    CodePolicy,
    MappingJSONError,
    check_mapping,
    mapping_from_json,
    suggest_mapping,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Customer Id", "code"),
        ("Code", "code"),
        ("First Name", "first_name"),
        ("Last Name", "last_name"),
        ("Phone 1", "mobile"),
        ("Phone 2", "telephone"),
        ("E-mail", "email"),
        ("Email", "email"),
        ("EMAIL ADDRESS", "email"),
        ("Subscription Date", "join_date"),
        ("Join Date", "join_date"),
        ("DOB", "date_of_birth"),
        ("Date of Birth", "date_of_birth"),
        ("NRIC", "identity_number"),
        ("IC No", "identity_number"),
        ("IC No.", "identity_number"),
        ("H/P", "mobile"),
        ("Remarks", "remarks"),
        ("Website", ""),
        ("Index", ""),
    ],
)
def test_header_suggestions(header, field):
    assert suggest_mapping([header]) == [field]


def test_each_field_suggested_once():
    mapping = suggest_mapping(["Email", "E-mail", "Phone", "Mobile"])

    assert mapping == ["email", "", "mobile", ""]


def test_full_name_wins_over_parts():
    mapping = suggest_mapping(["First Name", "Name", "Last Name"])

    assert mapping == ["", "name", ""]


def test_sample_headers_suggested():
    headers = [
        "Index",
        "Customer Id",
        "First Name",
        "Last Name",
        "Company",
        "City",
        "Country",
        "Phone 1",
        "Phone 2",
        "Email",
        "Subscription Date",
        "Website",
    ]

    mapping = suggest_mapping(headers)

    assert mapping == [
        "",
        "code",
        "first_name",
        "last_name",
        "",
        "",
        "",
        "mobile",
        "telephone",
        "email",
        "join_date",
        "",
    ]
    assert check_mapping(mapping, headers, CodePolicy.FILE) == []


def test_field_chosen_twice():
    errors = check_mapping(["name", "email", "email"], ["N", "A", "B"], "auto")

    assert len(errors) == 1
    assert errors[0].columns == (1, 2)
    assert errors[0].message == (
        "Email is chosen for columns B (A), C (B). Choose it for one column only."
    )


def test_name_required():
    errors = check_mapping(["email", ""], ["Email", "Other"], "auto")

    assert [error.message for error in errors] == [
        "Choose the column with the customer's name: Name, or First name and Last name."
    ]


def test_last_name_alone_is_enough():
    assert check_mapping(["last_name"], ["Surname"], "auto") == []


def test_name_and_parts_conflict():
    errors = check_mapping(["name", "first_name"], ["Name", "First"], "auto")

    assert errors[0].columns == (0, 1)


def test_file_codes_need_code_column():
    errors = check_mapping(["name"], ["Name"], CodePolicy.FILE)

    assert errors[0].option == "code_policy"


def test_unknown_field_rejected():
    errors = check_mapping(["name", "is_staff"], ["Name", "X"], "auto")

    assert errors[0].message == "is_staff is not a customer field."


def test_json_mapping_matches_headers_loosely():
    mapping = mapping_from_json(
        '{" email ": "email", "FULL NAME": "name", "Notes": null}',
        ["Full Name", "Email", "Notes"],
    )

    assert mapping == ["name", "email", ""]


def test_json_mapping_ambiguous_header():
    with pytest.raises(MappingJSONError, match="2 columns named 'Phone'"):
        mapping_from_json('{"Phone": "mobile"}', ["Name", "Phone", "Phone"])

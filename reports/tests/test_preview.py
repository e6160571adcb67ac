"""The report page: forms, the HTML preview, filters, columns, sort and paging."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_customer
from customers.models import CustomerGroup, Enrolment, Programme
from reports.tests.helpers import (
    REPORT_URL,
    get_report,
    open_due,
    open_prepaid,
    preview_rows,
)


def names(response):
    table = response.context["table"]
    return [row.record["name"] for row in table.paginated_rows]


def headers(response):
    return [str(column.header) for column in response.context["table"].columns]


def test_bare_url_shows_forms_only(frontdesk_client, branch_a):
    make_customer(branch_a)

    response = frontdesk_client.get(REPORT_URL)

    assert response.status_code == 200
    assert response.context["table"] is None
    assert 'name="format" value="html"' in response.content.decode()


def test_generate_shows_count_and_default_columns(frontdesk_client, branch_a):
    make_customer(branch_a, "Ang")
    make_customer(branch_a, "Bala")

    response = get_report(frontdesk_client)

    assert response.status_code == 200
    assert names(response) == ["Ang", "Bala"]
    assert headers(response) == [
        "Code",
        "Name",
        "Mobile",
        "Email",
        "Group",
        "Branch",
        "Join date",
    ]
    assert 'data-count="2"' in response.content.decode()


def test_columns_in_chosen_order(frontdesk_client, branch_a):
    make_customer(branch_a)

    response = get_report(frontdesk_client, columns=["mobile", "name", "code"])

    assert headers(response) == ["Mobile", "Name", "Code"]


def test_form_lists_chosen_columns_first(frontdesk_client, branch_a):
    response = get_report(frontdesk_client, columns=["mobile", "name", "code"])

    page = response.content.decode()
    listed = re.findall(r'data-column="([a-z_]+)"', page)
    assert listed[:3] == ["mobile", "name", "code"]
    assert len(listed) == len(set(listed))
    for key in ["mobile", "name", "code"]:
        assert re.search(rf'value="{key}"[^>]*checked', page), key
    assert not re.search(r'value="email"[^>]*checked', page)


def test_repeated_column_shown_once(frontdesk_client, branch_a):
    response = get_report(frontdesk_client, columns=["name", "name", "code"])

    assert headers(response) == ["Name", "Code"]


def test_every_column_renders(frontdesk_client, branch_a):
    from reports.columns import COLUMNS

    make_customer(branch_a)

    response = get_report(frontdesk_client, columns=list(COLUMNS))

    assert response.status_code == 200
    assert len(headers(response)) == len(COLUMNS)


def test_sort_descending(frontdesk_client, branch_a):
    for name in ["Bala", "Ang", "Chong"]:
        make_customer(branch_a, name)

    response = get_report(frontdesk_client, sort="-name")

    assert names(response) == ["Chong", "Bala", "Ang"]


def test_sort_by_column_not_shown(frontdesk_client, branch_a):
    make_customer(branch_a, "Ang", date_of_birth=datetime.date(1990, 1, 1))
    make_customer(branch_a, "Bala", date_of_birth=datetime.date(1980, 1, 1))

    response = get_report(frontdesk_client, columns=["name"], sort="date_of_birth")

    assert names(response) == ["Bala", "Ang"]


def test_sort_ties_by_name(frontdesk_client, branch_a):
    gold = CustomerGroup.objects.create(name="Gold")
    for name in ["Chong", "Ang", "Bala"]:
        make_customer(branch_a, name, group=gold)

    response = get_report(frontdesk_client, sort="group")

    assert names(response) == ["Ang", "Bala", "Chong"]


def test_paging_keeps_count(frontdesk_client, branch_a):
    for number in range(30):
        make_customer(branch_a, f"Customer {number:02d}")

    first = get_report(frontdesk_client)
    second = get_report(frontdesk_client, page=2)

    assert len(names(first)) == 25
    assert names(second) == [f"Customer {number}" for number in range(25, 30)]
    assert 'data-count="30"' in second.content.decode()


def test_paging_links_keep_parameters(frontdesk_client, branch_a):
    for number in range(30):
        make_customer(branch_a, f"Customer {number:02d}")

    response = get_report(frontdesk_client, columns=["name"], published="yes")

    page = response.content.decode()
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page)
    assert link is not None
    assert "columns=name" in link[1]
    assert "published=yes" in link[1]
    assert "format=html" in link[1]


def test_form_keeps_bookmarked_choices(frontdesk_client, branch_a):
    gold = CustomerGroup.objects.create(name="Gold")

    response = get_report(
        frontdesk_client,
        group=[gold.pk],
        gender="F",
        joined_from="2025-01-01",
        birthday_month="3",
        sort="-join_date",
    )

    form = response.context["filter"].form
    assert form["gender"].value() == "F"
    assert form["joined_from"].value() == "2025-01-01"
    assert response.context["parameters"]["sort"].value() == "-join_date"
    page = response.content.decode()
    assert re.search(rf'value="{gold.pk}"[^>]*checked', page)
    assert re.search(r'<option value="3" selected>', page)


def test_preview_cells_match_outputs(frontdesk_client, branch_a):
    customer = make_customer(
        branch_a, mobile="+65 9123 4567", is_published=False, gender="M"
    )
    open_due(customer, branch_a, "1234.5")

    response = get_report(
        frontdesk_client,
        columns=["name", "mobile", "gender", "published", "due_balance"],
    )

    assert preview_rows(response) == [
        ["Tan Mei Ling", "+65 9123 4567", "Male", "No", "SGD 1,234.50"]
    ]


# Filters ------------------------------------------------------------------


def test_filter_group(frontdesk_client, branch_a):
    gold = CustomerGroup.objects.create(name="Gold")
    silver = CustomerGroup.objects.create(name="Silver")
    make_customer(branch_a, "Gold One", group=gold)
    make_customer(branch_a, "Silver One", group=silver)
    make_customer(branch_a, "No Group")

    response = get_report(frontdesk_client, group=[gold.pk, "null"])

    assert names(response) == ["Gold One", "No Group"]


def test_filter_published(frontdesk_client, branch_a):
    make_customer(branch_a, "Hidden", is_published=False)
    make_customer(branch_a, "Shown")

    assert names(get_report(frontdesk_client, published="no")) == ["Hidden"]
    assert names(get_report(frontdesk_client, published="yes")) == ["Shown"]


def test_filter_gender(frontdesk_client, branch_a):
    make_customer(branch_a, "Siti", gender="F")
    make_customer(branch_a, "Ravi", gender="M")

    assert names(get_report(frontdesk_client, gender="M")) == ["Ravi"]


def test_filter_join_date_range(frontdesk_client, branch_a):
    for name, day in [("Early", 1), ("Middle", 15), ("Late", 28)]:
        make_customer(branch_a, name, join_date=datetime.date(2025, 2, day))

    response = get_report(
        frontdesk_client, joined_from="2025-02-15", joined_to="2025-02-28"
    )

    assert names(response) == ["Late", "Middle"]


def test_filter_join_range_reversed(frontdesk_client, branch_a):
    response = get_report(
        frontdesk_client, joined_from="2025-03-01", joined_to="2025-02-01"
    )

    assert response.status_code == 400
    errors = response.context["filter"].form.errors
    assert "joined_to" in errors
    assert response.context["table"] is None


def test_filter_birthday_month(frontdesk_client, branch_a):
    make_customer(branch_a, "March", date_of_birth=datetime.date(1990, 3, 30))
    make_customer(branch_a, "April", date_of_birth=datetime.date(1990, 4, 1))
    make_customer(branch_a, "Unknown")

    assert names(get_report(frontdesk_client, birthday_month="3")) == ["March"]


def test_filter_programme(frontdesk_client, branch_a):
    slimming = Programme.objects.create(name="Slimming")
    facial = Programme.objects.create(name="Facial")
    enrolled = make_customer(branch_a, "Enrolled")
    twice = make_customer(branch_a, "Twice")
    make_customer(branch_a, "Other")
    Enrolment.objects.create(customer=enrolled, programme=slimming, branch=branch_a)
    Enrolment.objects.create(customer=twice, programme=slimming, branch=branch_a)
    Enrolment.objects.create(customer=twice, programme=facial, branch=branch_a)

    response = get_report(frontdesk_client, programme=[slimming.pk, facial.pk])

    assert names(response) == ["Enrolled", "Twice"]


def test_filter_has_due_balance(frontdesk_client, branch_a):
    owing = make_customer(branch_a, "Owing")
    make_customer(branch_a, "Clear")
    open_due(owing, branch_a, "50.00")

    assert names(get_report(frontdesk_client, has_due_balance="yes")) == ["Owing"]
    assert names(get_report(frontdesk_client, has_due_balance="no")) == ["Clear"]


def test_filter_has_prepaid_balance(frontdesk_client, branch_a):
    prepaid = make_customer(branch_a, "Prepaid")
    make_customer(branch_a, "None Left")
    open_prepaid(prepaid, branch_a, "400.00")

    response = get_report(
        frontdesk_client,
        has_prepaid_balance="yes",
        columns=["name", "prepaid_balance", "due_balance"],
    )

    assert names(response) == ["Prepaid"]
    assert preview_rows(response) == [["Prepaid", "SGD 400.00", "SGD 0.00"]]


def test_filters_combine(frontdesk_client, branch_a):
    owing = make_customer(branch_a, "Owing Siti", gender="F")
    other = make_customer(branch_a, "Owing Ravi", gender="M")
    make_customer(branch_a, "Clear Siti", gender="F")
    open_due(owing, branch_a, "50.00")
    open_due(other, branch_a, "50.00")

    response = get_report(frontdesk_client, has_due_balance="yes", gender="F")

    assert names(response) == ["Owing Siti"]


def test_last_appointment_column(frontdesk_client, branch_a):
    from django.utils import timezone

    from sales.models import Appointment

    customer = make_customer(branch_a)
    now = timezone.now()
    latest_kept = now - datetime.timedelta(days=3)
    for start, status in [
        (now - datetime.timedelta(days=10), Appointment.Status.COMPLETED),
        (latest_kept, Appointment.Status.COMPLETED),
        (now - datetime.timedelta(days=1), Appointment.Status.CANCELLED),
        (now + datetime.timedelta(days=5), Appointment.Status.BOOKED),
    ]:
        Appointment.objects.create(
            customer=customer,
            branch=branch_a,
            start=start,
            item="Facial",
            status=status,
        )

    response = get_report(frontdesk_client, columns=["name", "last_appointment"])

    expected = timezone.localtime(latest_kept).strftime("%Y-%m-%d %H:%M")
    assert preview_rows(response) == [["Tan Mei Ling", expected]]


# Query counts -------------------------------------------------------------


def test_preview_queries_do_not_grow(frontdesk_client, branch_a):
    gold = CustomerGroup.objects.create(name="Gold")
    columns = ["name", "group", "branch", "due_balance", "last_appointment"]
    # The first request of a session also saves the session; warm it up.
    get_report(frontdesk_client, columns=columns)
    counts = []
    created = 0
    for size in [3, 40]:
        while created < size:
            customer = make_customer(branch_a, f"Customer {created:02d}", group=gold)
            open_due(customer, branch_a, "10.00")
            created += 1

        with CaptureQueriesContext(connection) as queries:
            response = get_report(frontdesk_client, columns=columns, per_page=100)

        assert len(names(response)) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]

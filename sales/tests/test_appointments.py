"""Appointments: the booking form, the day view and the customer's page."""

import datetime

import pytest
from django.utils import timezone

from conftest import client_for, make_customer
from sales.models import Appointment, Item
from sales.tests.forms import rendered_form

NEW_URL = "/sales/appointments/new/"


def booking(person, item, **changes):
    data = {
        "customer": str(person.pk),
        "catalogue_item": str(item.pk),
        "start": "2026-03-02T10:30",
        "duration_minutes": "90",
        "staff_name": "Siti",
        "status": "booked",
        "action": "save",
    }
    data.update(changes)
    return data


def test_book_from_rendered_form(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a, "Tan Mei Ling")
    data = rendered_form(frontdesk_client.get(NEW_URL), "appointment-form")
    data.update(booking(customer, facial))

    response = frontdesk_client.post(NEW_URL, data)

    assert response.status_code == 302
    assert response.url == "/sales/appointments/?date=2026-03-02"
    appointment = Appointment.objects.get()
    assert appointment.branch == branch_a
    assert appointment.item == "Facial"
    assert appointment.catalogue_item == facial
    assert timezone.localtime(appointment.start).strftime("%H:%M") == "10:30"


def test_book_shared_customer(frontdesk_client, branch_b, facial):
    customer = make_customer(branch_b, "Bravo Guest")

    response = frontdesk_client.post(NEW_URL, booking(customer, facial))

    assert response.status_code == 302
    assert Appointment.objects.get().customer == customer


def test_unpublished_customer_rejected(frontdesk_client, branch_a, facial):
    hidden = make_customer(branch_a, "Lim Hidden", is_published=False)

    response = frontdesk_client.post(NEW_URL, booking(hidden, facial))

    assert response.status_code == 200
    assert response.context["form"].errors["customer"] == [
        "Lim Hidden is unpublished and cannot be chosen. Publish the customer first."
    ]
    assert not Appointment.objects.exists()


def test_invisible_customer_rejected(frontdesk_client, branch_c, facial):
    outsider = make_customer(branch_c, "Charlie Only")

    response = frontdesk_client.post(NEW_URL, booking(outsider, facial))

    assert "customer" in response.context["form"].errors
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "not-a-time"),
        ("start", ""),
        ("duration_minutes", "0"),
        ("duration_minutes", "100000"),
        ("status", "maybe"),
        ("catalogue_item", "999999"),
        ("customer", "abc"),
    ],
)
def test_bad_input_next_to_field(frontdesk_client, branch_a, facial, field, value):
    customer = make_customer(branch_a)

    response = frontdesk_client.post(
        NEW_URL, booking(customer, facial, **{field: value})
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_day_view_lists_branch_day(frontdesk_client, branch_a, branch_b, facial):
    customer = make_customer(branch_a, "Tan Mei Ling")
    other = make_customer(branch_b, "At Bravo")
    start = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 30))
    for person, branch, when in [
        (customer, branch_a, start),
        (customer, branch_a, start + datetime.timedelta(days=1)),
        (other, branch_b, start),
    ]:
        Appointment.objects.create(
            customer=person, branch=branch, start=when, item="Facial"
        )

    response = frontdesk_client.get("/sales/appointments/", {"date": "2026-03-02"})

    rows = list(response.context["table"].rows)
    assert [row.record.customer.name for row in rows] == ["Tan Mei Ling"]
    assert "10:30" in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"date": "garbage"}, {"status": "x"}, {"sort": "-start"}, {"page": "x"}]
)
def test_day_view_bad_params_no_500(frontdesk_client, query):
    assert frontdesk_client.get("/sales/appointments/", query).status_code == 200


def test_customer_page_lists_appointment(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    frontdesk_client.post(NEW_URL, booking(customer, facial, staff_name="Kavitha"))

    html = frontdesk_client.get(f"/customers/{customer.pk}/").content.decode()

    assert "2026-03-02 10:30" in html
    assert "Kavitha" in html


def test_edit_changes_status(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    frontdesk_client.post(NEW_URL, booking(customer, facial))
    appointment = Appointment.objects.get()
    url = f"/sales/appointments/{appointment.pk}/edit/"
    data = rendered_form(frontdesk_client.get(url), "appointment-form")
    data.update(status="arrived", action="apply")

    response = frontdesk_client.post(url, data)

    assert response.url == url
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED


def test_edit_other_branch_404(user_b, branch_b, branch_a, facial):
    customer = make_customer(branch_a)
    appointment = Appointment.objects.create(
        customer=customer, branch=branch_a, start=timezone.now(), item="Facial"
    )
    client = client_for(user_b, branch_b)

    assert client.get(f"/sales/appointments/{appointment.pk}/edit/").status_code == 404


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_day_view_rejects_edge_dates(frontdesk_client, day):
    response = frontdesk_client.get("/sales/appointments/", {"date": day})

    assert response.status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_inter_branch_report_rejects_edge_dates(frontdesk_client, day):
    response = frontdesk_client.get(
        "/sales/reports/inter-branch/", {"date_from": day, "date_to": day}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:30"])
def test_booking_rejects_edge_starts(frontdesk_client, branch_a, start):
    customer = make_customer(branch_a, "Edge Booking")
    item = Item.objects.create(code="EDGE", name="Facial", price="80.00")

    response = frontdesk_client.post(
        "/sales/appointments/new/",
        {
            "customer": customer.pk,
            "catalogue_item": item.pk,
            "start": start,
            "duration_minutes": 60,
            "status": "booked",
            "action": "save",
        },
    )

    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert not Appointment.objects.exists()

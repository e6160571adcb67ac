"""The view-only customer page."""

from django.utils import timezone

from conftest import make_customer
from sales.models import Appointment


def test_detail_shows_edit_button_and_appointments(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Nur Aisyah binti Ahmad", mobile="91234567")
    Appointment.objects.create(
        customer=customer, branch=branch_a, start=timezone.now(), item="Hair spa"
    )

    response = frontdesk_client.get(f"/customers/{customer.pk}/")

    html = response.content.decode()
    assert f'href="/customers/{customer.pk}/edit/"' in html
    assert ">EDIT<" in html
    assert "Hair spa" in html
    assert "<input" not in html.split("<main")[1].split("Appointments")[0]


def test_listing_links_name_and_pencil(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Link Target")

    html = frontdesk_client.get("/customers/").content.decode()

    assert f'<a href="/customers/{customer.pk}/">Link Target</a>' in html
    assert f'href="/customers/{customer.pk}/edit/" class="edit-link"' in html

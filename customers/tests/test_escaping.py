"""Customer data renders as text on every page that shows it."""

import pytest
from django.utils import timezone

from conftest import make_customer
from sales.models import Appointment

HOSTILE_NAMES = ["<script>alert(1)</script>", '"><img src=x>']


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_name_is_escaped_everywhere(frontdesk_client, branch_a, name):
    customer = make_customer(
        branch_a, name, remarks=name, email="", mobile="91234567", address=name
    )
    Appointment.objects.create(
        customer=customer, branch=branch_a, start=timezone.now(), item=name
    )
    pages = [
        frontdesk_client.get("/customers/"),
        frontdesk_client.get("/customers/", {"name": name}),
        frontdesk_client.get(f"/customers/{customer.pk}/"),
        frontdesk_client.get(f"/customers/{customer.pk}/edit/"),
        frontdesk_client.post(
            "/customers/bulk/", {"action": "delete", "pk": [customer.pk]}
        ),
        frontdesk_client.post(
            f"/customers/{customer.pk}/toggle-published/",
            headers={"HX-Request": "true"},
        ),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert name not in html
        assert "&lt;" in html or "&quot;&gt;" in html

    json_text = frontdesk_client.get("/customers/autocomplete/", {"q": "alert"})
    assert json_text["Content-Type"] == "application/json"

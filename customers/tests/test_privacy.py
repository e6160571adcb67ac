"""Privacy requests: anonymising a customer and exporting their data."""

import io
import json
import subprocess

import openpyxl
import pytest
from django.utils import timezone

from audit.models import Anonymisation
from branches.roles import BRANCH_MANAGER
from conftest import client_for, make_customer, make_user
from customers.models import Customer, Programme
from sales.balances import customer_prepaid_summary, due_balance
from sales.ledger import redeem
from sales.models import Appointment, Item
from sales.tests.conftest import open_balance

OLD_VALUES = [
    "Siti Nurhaliza binti Ahmad",
    "+65 9333 7012",
    "93337012",
    "siti@example.com",
    "S1234567D",
]


@pytest.fixture
def manager_ab(branch_a, branch_b):
    return make_user("manager_ab", BRANCH_MANAGER, [branch_a, branch_b])


@pytest.fixture
def customer_with_history(manager_ab, branch_a, branch_b):
    """A customer of B with a balance, a redemption at A and an edit."""
    client = client_for(manager_ab, branch_b)
    customer = make_customer(
        branch_b,
        "Siti Nurhaliza",
        mobile="+65 9333 7012",
        email="siti@example.com",
        identity_number="S1234567D",
    )
    customer.name = "Siti Nurhaliza binti Ahmad"
    customer.save()
    facial = Item.objects.create(code="FAC", name="Facial", price="80.00")
    open_balance(customer, dues=["150.00"], prepaid=[(facial, 5, "400.00")])
    redeem(customer=customer, item=facial, quantity=2, branch=branch_a, user=manager_ab)
    Appointment.objects.create(
        customer=customer, branch=branch_b, start=timezone.now(), item="Facial"
    )
    return customer, client


def report_figures(client):
    response = client.get(
        "/sales/reports/inter-branch/", {"start": "2000-01-01", "end": "2100-01-01"}
    )
    return [
        (row["redeeming_branch"], row["selling_branch"], row["quantity"], row["value"])
        for row in response.context["table"].data
    ]


def test_anonymise_keeps_balances_and_report(
    customer_with_history, manager_ab, branch_a
):
    customer, client = customer_with_history
    due_before = due_balance(customer)
    prepaid_before = [
        (b.item.pk, b.quantity, b.value) for b in customer_prepaid_summary(customer)
    ]
    at_a = client_for(manager_ab, branch_a)
    report_before = report_figures(at_a)

    response = client.post(f"/customers/{customer.pk}/anonymise/", {"confirm": "yes"})

    assert response.status_code == 302
    customer.refresh_from_db()
    assert due_balance(customer) == due_before
    assert [
        (b.item.pk, b.quantity, b.value) for b in customer_prepaid_summary(customer)
    ] == prepaid_before
    assert report_figures(at_a) == report_before
    assert report_before
    assert customer.is_published is False
    assert Anonymisation.objects.filter(customer=customer).exists()


def test_anonymised_data_gone_everywhere(customer_with_history, admin_user, branch_b):
    customer, client = customer_with_history
    client.post(f"/customers/{customer.pk}/anonymise/", {"confirm": "yes"})
    admin = client_for(admin_user, branch_b)

    pages = [
        client.get("/customers/", {"published": "no"}),
        client.get(f"/customers/{customer.pk}/"),
        client.get(f"/customers/{customer.pk}/edit/"),
        client.get("/reports/customers/", {"format": "html", "published": "no"}),
        client.get(f"/customers/{customer.pk}/personal-data/", {"format": "json"}),
        admin.get("/admin/audit/historicalcustomer/"),
        admin.get("/admin/customers/customer/"),
    ]
    texts = [response.content.decode() for response in pages]
    csv_export = client.get("/reports/customers/", {"format": "csv", "published": "no"})
    texts.append(b"".join(csv_export.streaming_content).decode("utf-8-sig"))
    xlsx_export = client.get(
        "/reports/customers/", {"format": "xlsx", "published": "no"}
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(xlsx_export.streaming_content))
    )
    texts.append(
        " ".join(
            str(cell)
            for row in workbook.active.iter_rows(values_only=True)
            for cell in row
        )
    )
    pdf = client.get(f"/customers/{customer.pk}/personal-data/").content
    texts.append(
        subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    )

    for text in texts:
        for old in OLD_VALUES:
            assert old not in text
    for row in Customer.history.filter(id=customer.pk):
        assert row.name == f"Anonymised customer {customer.code}"
        assert row.mobile == row.email == row.identity_number == ""
        assert row.mobile_digits == ""
    placeholder = f"Anonymised customer {customer.code}"
    for index in (0, 1, 3, 4, 7, 8, 9):
        assert placeholder in texts[index], index


def test_anonymise_erases_consultancy_answers(customer_with_history, branch_b):
    from customers.models import ConsultancyAnswer, ConsultancyQuestion, Enrolment

    customer, client = customer_with_history
    programme = Programme.objects.create(name="Slimming")
    question = ConsultancyQuestion.objects.create(
        programme=programme, text="Allergies?", kind="short_text"
    )
    enrolment = Enrolment.objects.create(
        customer=customer, programme=programme, branch=branch_b
    )
    ConsultancyAnswer.objects.create(
        enrolment=enrolment, question=question, text_value="Peanuts"
    )

    client.post(f"/customers/{customer.pk}/anonymise/", {"confirm": "yes"})

    assert ConsultancyAnswer.objects.get().text_value == ""
    assert Enrolment.objects.filter(customer=customer).count() == 1
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Peanuts" not in page
    assert "Changed (Anonymised)" in page


def test_anonymise_asks_first(customer_with_history):
    customer, client = customer_with_history

    page = client.get(f"/customers/{customer.pk}/anonymise/")
    client.post(f"/customers/{customer.pk}/anonymise/")

    assert "This cannot be undone." in page.content.decode()
    customer.refresh_from_db()
    assert customer.name == "Siti Nurhaliza binti Ahmad"


def test_delete_guard_offers_anonymise(customer_with_history):
    customer, client = customer_with_history

    response = client.post(
        "/customers/bulk/", {"action": "delete", "pk": [customer.pk], "confirm": "yes"}
    )

    assert f'href="/customers/{customer.pk}/anonymise/"' in response.content.decode()


def test_front_desk_cannot_anonymise(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Desk Customer")

    response = frontdesk_client.post(
        f"/customers/{customer.pk}/anonymise/", {"confirm": "yes"}
    )

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Desk Customer"


def test_export_contains_everything(customer_with_history):
    customer, client = customer_with_history

    response = client.get(
        f"/customers/{customer.pk}/personal-data/", {"format": "json"}
    )
    data = json.loads(response.content)

    assert data["profile"]["name"] == "Siti Nurhaliza binti Ahmad"
    assert data["profile"]["mobile"] == "+65 9333 7012"
    assert data["balances"]["due"] == "150.00"
    assert data["balances"]["prepaid"][0]["quantity"] == 3
    assert len(data["prepaid_ledger"]) >= 2
    assert len(data["appointments"]) == 1
    assert "enrolments" in data


def test_export_pdf_has_the_name(customer_with_history):
    customer, client = customer_with_history

    response = client.get(f"/customers/{customer.pk}/personal-data/")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()

    assert response["Content-Type"] == "application/pdf"
    assert "Siti Nurhaliza binti Ahmad" in text
    assert "150.00" in text


def test_export_outside_visibility_is_404(manager_client, branch_c):
    hidden = make_customer(branch_c, "Hidden Person")

    assert (
        manager_client.get(f"/customers/{hidden.pk}/personal-data/").status_code == 404
    )
    assert (
        manager_client.post(
            f"/customers/{hidden.pk}/anonymise/", {"confirm": "yes"}
        ).status_code
        == 404
    )

"""Privacy requests under the PDPA: anonymise a customer, export their data.

A customer whom transactions refer to cannot be deleted. A request to erase
them is met by anonymising instead. The personal fields are replaced in the
customer row, in every historical row of the audit trail and in held
self-entries, and consultancy answers are erased. Balances and transactions
keep their customer.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Anonymisation
from customers.models import ConsultancyAnswer, Customer, SelfEntry
from sales.balances import customer_prepaid_summary, due_balance

logger = logging.getLogger(__name__)

# Personal fields and the value each gets; the name is set from the code.
ERASED_VALUES = {
    "gender": "",
    "date_of_birth": None,
    "identity_number": "",
    "mobile": "",
    "mobile_digits": "",
    "telephone": "",
    "telephone_digits": "",
    "email": "",
    "address": "",
    "occupation": "",
    "referral_source": "",
    "remarks": "",
    "marketing_consent": False,
}


def anonymised_name(customer) -> str:
    return f"Anonymised customer {customer.code}"


def anonymise_customer(customer, *, user, branch) -> Anonymisation:
    """Replace the customer's personal data everywhere it is stored.

    One transaction: the customer row (unpublished too), its audit-trail
    rows, its self-entries and its consultancy answers. Balances, ledger
    rows, enrolment dates and appointments are not touched.
    """
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        values = {**ERASED_VALUES, "name": anonymised_name(customer)}
        for name, value in values.items():
            setattr(customer, name, value)
        customer.is_published = False
        customer.updated_by = user
        customer._change_reason = "Anonymised"
        customer.save()
        Customer.history.filter(id=customer.pk).update(**values)
        SelfEntry.objects.filter(customer=customer).update(
            name=values["name"], details={}, answers={}
        )
        # Consultancy answers are health data: the enrolments stay (programme,
        # branch, date) but what the customer answered is erased.
        ConsultancyAnswer.objects.filter(enrolment__customer=customer).update(
            text_value="",
            boolean_value=None,
            number_value=None,
            date_value=None,
            choices_value=[],
        )
        record = Anonymisation.objects.create(
            customer=customer, anonymised_by=user, branch=branch
        )
    logger.info(
        "Anonymised customer %s at branch %s by user %s",
        customer.pk,
        branch.pk,
        user.pk,
    )
    return record


def is_anonymised(customer) -> bool:
    return Anonymisation.objects.filter(customer=customer).exists()


def plain(value):
    """Turn a value into something JSON can hold, dates as ISO strings."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


PROFILE_FIELDS = [
    "code",
    "name",
    "gender",
    "date_of_birth",
    "identity_number",
    "mobile",
    "telephone",
    "email",
    "address",
    "join_date",
    "referral_source",
    "occupation",
    "remarks",
    "marketing_consent",
    "is_published",
    "source",
    "created_at",
    "updated_at",
]


def readable(customer, name) -> str:
    """Return a profile field as a person reads it: labels, Yes/No, local time."""
    model_field = Customer._meta.get_field(name)
    value = getattr(customer, name)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(getattr(customer, f"get_{name}_display")())
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def profile_rows(customer) -> list[tuple[str, str]]:
    """Return the profile as (label, value) rows for the printed export."""
    rows = [
        (
            str(Customer._meta.get_field(name).verbose_name).capitalize(),
            readable(customer, name),
        )
        for name in PROFILE_FIELDS
    ]
    rows.append((str(_("Customer group")), str(customer.group or "")))
    rows.append((str(_("Branch")), customer.home_branch.name))
    return rows


def personal_data(customer) -> dict:
    """Everything WESS stores about the customer, as JSON-ready data."""
    profile = {name: plain(getattr(customer, name)) for name in PROFILE_FIELDS}
    profile["group"] = str(customer.group) if customer.group_id else None
    profile["home_branch"] = customer.home_branch.name
    enrolments = [
        {
            "programme": enrolment.programme.name,
            "branch": enrolment.branch.name,
            "date": plain(enrolment.enrolled_on),
            "answers": [
                {"question": answer.question.text, "answer": plain(answer.value)}
                for answer in enrolment.answers.all()
            ],
        }
        for enrolment in customer.enrolments.select_related(
            "programme", "branch"
        ).prefetch_related("answers__question")
    ]
    ledger = [
        {
            "date": plain(entry.date),
            "item": entry.item.name,
            "kind": entry.get_kind_display(),
            "quantity": entry.quantity,
            "value": plain(entry.value),
            "selling_branch": entry.selling_branch.name,
            "branch": entry.branch.name,
        }
        for entry in customer.prepaid_ledger.select_related(
            "item", "selling_branch", "branch"
        ).order_by("date", "pk")
    ]
    payments = [
        {"date": plain(payment.date), "amount": plain(payment.amount)}
        for payment in customer.due_payments.order_by("date", "pk")
    ]
    appointments = [
        {
            "start": plain(appointment.start),
            "branch": appointment.branch.name,
            "item": appointment.item,
            "status": appointment.get_status_display(),
        }
        for appointment in customer.appointments.select_related("branch").order_by(
            "start"
        )
    ]
    return {
        "exported_at": plain(timezone.now()),
        "profile": profile,
        "enrolments": enrolments,
        "balances": {
            "due": plain(due_balance(customer)),
            "prepaid": [
                {
                    "item": balance.item.name,
                    "quantity": balance.quantity,
                    "value": plain(balance.value),
                }
                for balance in customer_prepaid_summary(customer)
            ],
        },
        "prepaid_ledger": ledger,
        "due_payments": payments,
        "appointments": appointments,
    }

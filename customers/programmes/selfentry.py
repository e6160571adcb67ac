"""Self-entries: customers created from the kiosk, or held for review.

A kiosk submission creates the customer, the enrolment and its answers in
one transaction, unless the mobile digits, email or identity number match a
customer visible at the kiosk's branch. Then it is held as a SelfEntry, and
staff attach it to the existing customer or accept it as a new one.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from customers.codes import allocate_customer_code, sequence_for
from customers.forms import find_duplicates
from customers.models import Customer, Enrolment, SelfEntry
from customers.programmes.answers import (
    answers_from_json,
    answers_to_json,
    record_enrolment,
)

logger = logging.getLogger(__name__)

# Customer fields a self-entry fills in; staff may copy any of them onto the
# existing customer when attaching an entry.
DETAIL_FIELDS = (
    "name",
    "gender",
    "date_of_birth",
    "identity_number",
    "mobile",
    "telephone",
    "email",
    "address",
    "occupation",
    "referral_source",
    "remarks",
    "marketing_consent",
)
DATE_FIELDS = ("date_of_birth",)


@dataclass
class SubmitResult:
    held: bool
    customer: Customer | None = None
    enrolment: Enrolment | None = None
    entry: SelfEntry | None = None


def details_to_json(details: dict) -> dict:
    stored = {}
    for name in DETAIL_FIELDS:
        value = details.get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        stored[name] = value
    return stored


def details_from_json(stored: dict) -> dict:
    """Return the typed customer fields of a held entry."""
    details = {}
    for name in DETAIL_FIELDS:
        value = stored.get(name)
        if name in DATE_FIELDS:
            value = datetime.date.fromisoformat(value) if value else None
        elif name == "marketing_consent":
            value = bool(value)
        elif value is None:
            value = ""
        details[name] = value
    return details


def create_customer(branch, details: dict, created_by=None) -> Customer:
    """Insert a self-entered customer of `branch`; call inside a transaction.

    Only DETAIL_FIELDS come from `details`; the code, home branch, source
    and published flag are set here, whatever was submitted.
    """
    customer = Customer(
        **{name: details[name] for name in DETAIL_FIELDS if name in details},
        home_branch=branch,
        source=Customer.Source.SELF_ENTRY,
        is_published=True,
        created_by=created_by,
        updated_by=created_by,
    )
    customer.code = allocate_customer_code(branch)
    customer.save()
    return customer


def find_matches(branch, details: dict):
    return list(
        find_duplicates(
            branch,
            mobile=details.get("mobile") or "",
            email=details.get("email") or "",
            identity_number=details.get("identity_number") or "",
        )
    )


def submit_self_entry(*, branch, programme, details: dict, answers: dict):
    """Create the customer and enrolment, or hold the entry if it matches one.

    `details` contains typed customer fields and `answers` maps questions to
    typed values. The result tells which happened, but the kiosk shows the
    same thank-you screen either way.
    """
    with transaction.atomic():
        # Lock the branch's code sequence before looking for matches, so two
        # tablets submitting the same person at once run one after the other
        # and the second finds the first's customer.
        # NOTE: kiosks at two sharing branches with sequences of their own
        # lock different rows, so that pair can still race.
        sequence_for(branch, lock=True)
        if find_matches(branch, details):
            entry = SelfEntry.objects.create(
                branch=branch,
                programme=programme,
                name=details["name"],
                details=details_to_json(details),
                answers=answers_to_json(answers),
            )
            result = SubmitResult(held=True, entry=entry)
        else:
            customer = create_customer(branch, details)
            enrolment = record_enrolment(
                customer=customer,
                programme=programme,
                branch=branch,
                answers=answers,
                source=Enrolment.Source.SELF_ENTRY,
            )
            result = SubmitResult(held=False, customer=customer, enrolment=enrolment)

    if result.held:
        logger.info(
            "Held self-entry %s for review at branch %s", result.entry.pk, branch.pk
        )
    else:
        logger.info(
            "Self-entry created customer %s and enrolment %s at branch %s",
            result.customer.pk,
            result.enrolment.pk,
            branch.pk,
        )
    return result


def lock_pending(entry_id, branch):
    """Return the pending entry locked for update, or None if already reviewed."""
    return (
        SelfEntry.objects.select_for_update(of=("self",))
        .filter(pk=entry_id, branch=branch)
        .pending()
        .select_related("programme")
        .first()
    )


def mark_reviewed(entry, status, user, customer=None):
    entry.status = status
    entry.customer = customer
    entry.reviewed_by = user
    entry.reviewed_at = timezone.now()
    entry.save(
        update_fields=["status", "customer", "reviewed_by", "reviewed_at"],
    )


def enrol_from_entry(entry, customer, user) -> Enrolment:
    return record_enrolment(
        customer=customer,
        programme=entry.programme,
        branch=entry.branch,
        answers=answers_from_json(entry.programme, entry.answers),
        source=Enrolment.Source.SELF_ENTRY,
        created_by=user,
        enrolled_on=timezone.localdate(entry.created_at),
    )


def attach_entry(entry, customer, update_fields, user) -> Enrolment | None:
    """Enrol `customer` with the entry's answers, copying the chosen fields.

    `customer` must be locked by the caller's transaction. Returns None when
    another reviewer resolved the entry first.
    """
    entry = lock_pending(entry.pk, entry.branch)
    if entry is None:
        return None

    details = details_from_json(entry.details)
    changed = [name for name in DETAIL_FIELDS if name in update_fields]
    for name in changed:
        setattr(customer, name, details[name])
    customer.updated_by = user
    customer.save()

    enrolment = enrol_from_entry(entry, customer, user)
    mark_reviewed(entry, SelfEntry.Status.ATTACHED, user, customer)
    logger.info(
        "Attached self-entry %s to customer %s (fields %s), enrolment %s, at branch %s",
        entry.pk,
        customer.pk,
        changed,
        enrolment.pk,
        entry.branch_id,
    )
    return enrolment


def accept_entry(entry, user) -> Customer | None:
    """Create a new customer from the entry. Returns None if already reviewed."""
    entry = lock_pending(entry.pk, entry.branch)
    if entry is None:
        return None

    customer = create_customer(entry.branch, details_from_json(entry.details), user)
    enrolment = enrol_from_entry(entry, customer, user)
    mark_reviewed(entry, SelfEntry.Status.ACCEPTED, user, customer)
    logger.info(
        "Accepted self-entry %s as customer %s, enrolment %s, at branch %s",
        entry.pk,
        customer.pk,
        enrolment.pk,
        entry.branch_id,
    )
    return customer


def discard_entry(entry, user) -> bool:
    entry = lock_pending(entry.pk, entry.branch)
    if entry is None:
        return False
    mark_reviewed(entry, SelfEntry.Status.DISCARDED, user)
    logger.info("Discarded self-entry %s at branch %s", entry.pk, entry.branch_id)
    return True

"""Allocation of `#AUTO` customer codes from the running sequence."""

import logging

from django.db import transaction

from customers.models import CodeSequence, Customer

logger = logging.getLogger(__name__)


def sequence_for(branch, *, lock: bool = False) -> CodeSequence:
    """Return the branch's own sequence, or the global one.

    With `lock`, the row is locked until the surrounding transaction ends, so
    concurrent allocations on PostgreSQL wait for each other. SQLite ignores
    the lock but takes its write lock when the transaction starts.
    """
    sequences = CodeSequence.objects.select_related("branch")
    if lock:
        sequences = sequences.select_for_update(of=("self",))
    sequence = None
    if branch is not None:
        sequence = sequences.filter(branch=branch).first()
    if sequence is None:
        sequence = sequences.filter(branch__isnull=True).first()
    if sequence is None:
        # The migration creates the global sequence; this covers a database
        # emptied since (a flush), with the migration's prefix and digits.
        sequence, _ = CodeSequence.objects.get_or_create(
            branch=None, defaults={"prefix": "C", "digits": 6}
        )
        if lock:
            sequence = sequences.get(pk=sequence.pk)
    return sequence


def allocate_customer_code(branch) -> str:
    """Take the next free code for a customer of `branch`.

    Must run inside the transaction that inserts the customer: the sequence
    row stays locked until that commits, and a rollback returns the number.
    Codes already taken (typed by hand or imported) are skipped.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_customer_code must run inside a transaction.")

    sequence = sequence_for(branch, lock=True)
    while True:
        code = sequence.format(sequence.next_number, branch=branch)
        sequence.next_number += 1
        if not Customer.objects.filter(code__iexact=code).exists():
            break
        logger.info("Code %s is taken; skipping it in sequence %s", code, sequence.pk)
    sequence.save(update_fields=["next_number"])
    return code

"""Allocation of `#AUTO` customer codes from the running sequence."""

from django.db import transaction
from django.db.models.functions import Upper

from customers.models import CodeSequence, Customer


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
    return allocate_customer_codes(branch, 1)[0]


def allocate_customer_codes(branch, count: int, reserved=()) -> list[str]:
    """Take the next `count` free codes for customers of `branch` at once.

    For bulk inserts such as an import: one locked read of the sequence, one
    query per block of
    candidates for the codes already taken, one update. Codes in `reserved`
    (upper case) are skipped too, so an import's own typed codes stay free.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_customer_codes must run inside a transaction.")
    if count <= 0:
        return []

    sequence = sequence_for(branch, lock=True)
    codes = []
    while len(codes) < count:
        remaining = count - len(codes)
        first = sequence.next_number
        candidates = [
            sequence.format(number, branch=branch)
            for number in range(first, first + remaining)
        ]
        taken_codes = set(
            Customer.objects.annotate(upper_code=Upper("code"))
            .filter(upper_code__in=[code.upper() for code in candidates])
            .values_list("upper_code", flat=True)
        )
        codes += [
            code
            for code in candidates
            if code.upper() not in taken_codes and code.upper() not in reserved
        ]
        sequence.next_number = first + remaining
    sequence.save(update_fields=["next_number"])
    return codes

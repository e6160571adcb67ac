"""Allocation of `#AUTO` customer codes from the running sequence."""

from django.db import connection, transaction
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


def take_numbers(branch, count: int) -> tuple[CodeSequence, int] | None:
    """Advance the branch's sequence (or the global one) by `count`.

    Returns the sequence and the first number taken, or None when there is
    no sequence at all. One UPDATE finds, locks and advances the row, so an
    allocation costs a query less than a locked read followed by an update.
    On PostgreSQL a concurrent allocation waits for the row lock and then
    advances the committed value; SQLite holds its write lock already.
    """
    table = connection.ops.quote_name(CodeSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_number = next_number + %s"  # noqa: S608 (a quoted table name)
            f" WHERE id = (SELECT id FROM {table}"
            " WHERE branch_id = %s OR branch_id IS NULL"
            " ORDER BY branch_id IS NULL LIMIT 1)"
            " RETURNING id, branch_id, prefix, digits, next_number - %s",
            [count, branch.pk if branch is not None else None, count],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, branch_id, prefix, digits, first = row
    sequence = CodeSequence(pk=pk, branch_id=branch_id, prefix=prefix, digits=digits)
    return sequence, first


def allocate_customer_codes(branch, count: int, reserved=()) -> list[str]:
    """Take the next `count` free codes for customers of `branch` at once.

    For single creates and bulk inserts such as an import: one UPDATE that
    locks and advances the sequence, and one query for the codes already
    taken among the candidates, repeated only when some were taken. Codes in
    `reserved` (upper case) are skipped too, so an import's own typed codes
    stay free.

    The update leaves no audit history row: the counter moves on every
    create, and each customer's own history row records its code. Edits of
    the sequence on its screen and in admin are still recorded.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_customer_codes must run inside a transaction.")
    if count <= 0:
        return []

    codes = []
    while len(codes) < count:
        remaining = count - len(codes)
        advanced = take_numbers(branch, remaining)
        if advanced is None:
            # A database emptied since the migration (a flush) has no
            # sequence; this creates the global one, as the migration does.
            sequence_for(branch)
            continue
        sequence, first = advanced
        candidates = [
            sequence.format(number, branch=branch)
            for number in range(first, first + remaining)
        ]
        taken_codes = set(
            Customer.objects.annotate(upper_code=Upper("code"))
            .filter(upper_code__in=[code.upper() for code in candidates])
            .order_by()
            .values_list("upper_code", flat=True)
        )
        codes += [
            code
            for code in candidates
            if code.upper() not in taken_codes and code.upper() not in reserved
        ]
    return codes

"""Allocation of `#AUTO` item codes from the catalogue's own sequence."""

import logging

from django.db import transaction

from sales.models import Item, ItemCodeSequence

logger = logging.getLogger(__name__)


def item_sequence(*, lock: bool = False) -> ItemCodeSequence:
    """Return the catalogue's sequence, creating it on first use.

    With `lock`, the row stays locked on PostgreSQL until the surrounding
    transaction ends; SQLite takes its write lock when the transaction starts.
    """
    sequence = ItemCodeSequence.objects.order_by("pk").first()
    if sequence is None:
        sequence = ItemCodeSequence.objects.create()
    if lock:
        sequence = ItemCodeSequence.objects.select_for_update().get(pk=sequence.pk)
    return sequence


def allocate_item_code() -> str:
    """Take the next free item code, skipping codes typed by hand.

    Must run inside the transaction that inserts the item, so a rollback
    returns the number to the sequence.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_item_code must run inside a transaction.")

    sequence = item_sequence(lock=True)
    while True:
        code = sequence.format(sequence.next_number)
        sequence.next_number += 1
        if not Item.objects.filter(code__iexact=code).exists():
            break
        logger.info("Item code %s is taken; skipping it", code)
    sequence.save(update_fields=["next_number"])
    return code

"""Simultaneous kiosk submissions of one person on PostgreSQL."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections

from customers.models import Customer, SelfEntry
from customers.tests.kiosk_support import (
    complete_entry,
    every_kind_programme,
    kiosk_client,
)

TABLETS = 4

pytestmark = pytest.mark.postgres


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are tested on PostgreSQL; set DATABASE_URL.")


def test_same_person_on_four_tablets(
    require_postgres, transactional_db, frontdesk_a, branch_a
):
    cache.clear()
    programme = every_kind_programme()
    kiosks = [kiosk_client(frontdesk_a, branch_a) for _ in range(TABLETS)]
    start = threading.Barrier(TABLETS)
    statuses = []

    def submit(kiosk):
        try:
            start.wait()
            statuses.append(complete_entry(kiosk, programme).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(kiosk,)) for kiosk in kiosks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * TABLETS
    assert Customer.objects.count() == 1
    assert SelfEntry.objects.pending().count() == TABLETS - 1

"""Concurrent #AUTO saves on PostgreSQL get distinct codes."""

import threading

import pytest
from django.db import connection, connections

from branches.roles import FRONT_DESK
from conftest import client_for, make_user
from customers.models import CodeSequence, Customer
from customers.tests.test_form import form_data

WRITERS = 20

pytestmark = pytest.mark.postgres


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are tested on PostgreSQL; set DATABASE_URL.")


def test_twenty_concurrent_auto_codes(require_postgres, transactional_db, branch_a):
    user = make_user("writer", FRONT_DESK, [branch_a])
    clients = [client_for(user, branch_a) for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    statuses = []

    def save(client, number):
        try:
            start.wait()
            response = client.post(
                "/customers/new/",
                form_data(branch_a, name=f"Writer {number}", mobile=""),
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(client, number))
        for number, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = list(Customer.objects.values_list("code", flat=True))
    assert statuses == [302] * WRITERS
    assert len(codes) == WRITERS
    assert len(set(codes)) == WRITERS
    assert CodeSequence.objects.get(branch=None).next_number == WRITERS + 1

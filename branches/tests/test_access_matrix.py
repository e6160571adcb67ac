"""Branch visibility on every URL that takes customer ids.

The URLs are read from the URL configuration: a pattern with a
`customer_id` argument takes one customer, and a view marked with
wess.views.takes_customer_ids takes a list. A new URL of either kind is
probed without editing this file.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from branches.roles import BRANCH_MANAGER
from conftest import client_for, make_customer, make_user
from customers.models import Customer

CUSTOMER_KWARG = "customer_id"


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def customer_routes():
    """Return (route, other kwargs) for each pattern taking one customer id."""
    routes = []
    for route, entry in walk(get_resolver().url_patterns):
        converters = entry.pattern.converters
        if CUSTOMER_KWARG in converters:
            routes.append((route, sorted(set(converters) - {CUSTOMER_KWARG})))
    return routes


def bulk_routes():
    routes = []
    for route, entry in walk(get_resolver().url_patterns):
        parameter = getattr(entry.callback, "customer_ids_parameter", None)
        if parameter and not entry.pattern.converters:
            routes.append((route, parameter))
    return routes


def url_for(route, customer_id):
    path = route.replace(f"<int:{CUSTOMER_KWARG}>", str(customer_id))
    # Any other argument gets an id no row has, so only the customer matters.
    while "<" in path:
        start = path.index("<")
        path = path[:start] + "999999" + path[path.index(">", start) + 1 :]
    return "/" + path.lstrip("^").replace("$", "")


SINGLE = customer_routes()
BULK = bulk_routes()


def snapshot(customer):
    values = Customer.objects.filter(pk=customer.pk).values().first()
    values.pop("updated_at", None)
    return values


@pytest.fixture
def matrix(branch_a, branch_b, branch_c):
    # A manager has every customer permission, so a refusal can only come
    # from visibility.
    user = make_user("matrix_a", BRANCH_MANAGER, [branch_a])
    shared = make_customer(branch_b, "Shared From Bravo", mobile="91110000")
    hidden = make_customer(branch_c, "Hidden In Charlie", mobile="92220000")
    return client_for(user, branch_a), shared, hidden


def test_matrix_finds_customer_urls():
    routes = [route for route, _ in SINGLE]
    assert any(route.endswith("<int:customer_id>/") for route in routes)
    assert any("edit" in route for route in routes)
    assert any("toggle-published" in route for route in routes)
    assert any("customers/bulk" in route for route, _ in BULK)


@pytest.mark.parametrize(("route", "others"), SINGLE, ids=[r for r, _ in SINGLE])
@pytest.mark.parametrize("method", ["get", "post"])
def test_single_customer_url(matrix, route, others, method):
    client, shared, hidden = matrix
    before = snapshot(hidden)

    hidden_response = getattr(client, method)(url_for(route, hidden.pk))
    shared_response = getattr(client, method)(url_for(route, shared.pk))

    if shared_response.status_code == 405:
        assert hidden_response.status_code == 405
    else:
        assert hidden_response.status_code == 404
        if not others:
            assert shared_response.status_code in (200, 302)
    assert snapshot(hidden) == before


@pytest.mark.parametrize(("route", "parameter"), BULK, ids=[r for r, _ in BULK])
@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_bulk_url_with_mixed_ids(matrix, branch_a, route, parameter, action):
    client, shared, hidden = matrix
    own = make_customer(branch_a, "Own At Alpha")
    before = snapshot(hidden)

    response = client.post(
        "/" + route,
        {"action": action, parameter: [own.pk, shared.pk, hidden.pk], "confirm": "yes"},
    )

    assert response.status_code == 404
    assert snapshot(hidden) == before
    assert Customer.objects.filter(pk__in=[own.pk, shared.pk]).count() == 2


@pytest.mark.parametrize(("route", "parameter"), BULK, ids=[r for r, _ in BULK])
def test_bulk_url_with_visible_ids(matrix, branch_a, route, parameter):
    client, shared, hidden = matrix
    own = make_customer(branch_a, "Own At Alpha")

    response = client.post(
        "/" + route, {"action": "unpublish", parameter: [own.pk, shared.pk]}
    )

    assert response.status_code in (200, 302)
    assert not Customer.objects.filter(pk__in=[own.pk, shared.pk], is_published=True)


def test_autocomplete_offers_only_visible(matrix):
    client, shared, hidden = matrix

    results = client.get("/customers/autocomplete/", {"q": "r"}).json()["results"]

    ids = {result["id"] for result in results}
    assert shared.pk in ids
    assert hidden.pk not in ids


def test_duplicate_check_ignores_hidden(matrix, branch_a):
    client, shared, hidden = matrix
    data = {
        "code": "#AUTO",
        "name": "New Person",
        "mobile": hidden.mobile,
        "home_branch": branch_a.pk,
        "join_date": timezone.localdate().isoformat(),
        "is_published": "on",
        "action": "save",
    }

    response = client.post("/customers/new/", data)

    assert response.status_code == 302
    assert "Hidden In Charlie" not in response.content.decode()

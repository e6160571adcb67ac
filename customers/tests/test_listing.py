"""The Customer Listing: column search, sorting, paging and query counts."""

import re

import pytest
from django.db import connection
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext

from conftest import client_for, make_customer
from customers.models import Customer, CustomerGroup


def listed_names(response):
    return [row.record.name for row in response.context["table"].paginated_rows]


@pytest.fixture
def people(branch_a):
    make_customer(branch_a, "Lim Hui Min", mobile="+65 9333 7012")
    make_customer(branch_a, "Halim bin Osman", mobile="012-345 6789")
    make_customer(branch_a, "Tan Wei Ming", mobile="91234567", telephone="6333 7000")
    make_customer(branch_a, "Priya d/o Raj", email="PRIYA@example.com")


def test_name_search_is_case_insensitive_contains(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"name": "LIM"})

    assert sorted(listed_names(response)) == ["Halim bin Osman", "Lim Hui Min"]


def test_mobile_search_compares_digits(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"mobile": "3337"})

    assert listed_names(response) == ["Lim Hui Min"]


def test_mobile_search_ignores_typed_formatting(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"mobile": "345-678"})

    assert listed_names(response) == ["Halim bin Osman"]


def test_phone_matches_either_number(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"phone": "6333"})

    assert listed_names(response) == ["Tan Wei Ming"]


def test_boxes_combine_with_and(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"name": "lim", "mobile": "0123"})

    assert listed_names(response) == ["Halim bin Osman"]


def test_email_search(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"email": "priya@"})

    assert listed_names(response) == ["Priya d/o Raj"]


def test_published_filter(frontdesk_client, branch_a):
    make_customer(branch_a, "Hidden One", is_published=False)
    make_customer(branch_a, "Shown One")

    response = frontdesk_client.get("/customers/", {"published": "no"})

    assert listed_names(response) == ["Hidden One"]


def test_group_filter(frontdesk_client, branch_a):
    gold = CustomerGroup.objects.create(name="Gold")
    make_customer(branch_a, "Gold Member", group=gold)
    make_customer(branch_a, "No Group")

    response = frontdesk_client.get("/customers/", {"group": gold.pk})

    assert listed_names(response) == ["Gold Member"]


def test_sort_by_name_descending(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"sort": "-name"})

    names = listed_names(response)
    assert names == sorted(names, reverse=True)


def test_sort_and_page_links_keep_filters(frontdesk_client, branch_a):
    for number in range(30):
        make_customer(branch_a, f"Lim Number {number:02d}")

    response = frontdesk_client.get("/customers/", {"name": "lim", "sort": "name"})
    html = response.content.decode()

    assert "page=2" in html
    assert "name=lim" in html.split("page=2")[0].rsplit('href="', 1)[-1]
    assert 'href="?name=lim&amp;sort=-name"' in html


def test_per_page_choices(frontdesk_client, branch_a):
    for number in range(60):
        make_customer(branch_a, f"Customer {number:02d}")

    response = frontdesk_client.get("/customers/", {"per_page": "50"})

    assert len(listed_names(response)) == 50
    assert response.context["table"].paginator.count == 60


def test_result_count_shown(frontdesk_client, people):
    response = frontdesk_client.get("/customers/", {"name": "lim"})

    assert 'data-count="2"' in response.content.decode()


def test_listing_hides_invisible_branches(
    frontdesk_client, branch_a, branch_b, branch_c
):
    make_customer(branch_a, "Own Customer")
    make_customer(branch_b, "Shared Customer")
    make_customer(branch_c, "Outside Customer")

    response = frontdesk_client.get("/customers/")

    assert sorted(listed_names(response)) == ["Own Customer", "Shared Customer"]


@pytest.mark.parametrize("per_page", [25, 100])
def test_query_count_does_not_grow(
    per_page, frontdesk_a, branch_a, django_assert_max_num_queries
):
    gold = CustomerGroup.objects.create(name="Gold")
    Customer.objects.bulk_create(
        Customer(
            code=f"Q{number:04d}",
            name=f"Customer {number}",
            home_branch=branch_a,
            group=gold,
        )
        for number in range(per_page + 5)
    )
    client = client_for(frontdesk_a, branch_a)
    client.get("/customers/")  # the first request of a session writes it

    with django_assert_max_num_queries(11):
        response = client.get("/customers/", {"per_page": per_page})

    assert len(listed_names(response)) == per_page


def test_phone_search_with_country_code(frontdesk_client, branch_a):
    make_customer(branch_a, "Local Format", mobile="9648-5376")

    for typed in ["+65 9648 5376", "+6596485376", "(65) 9648 5376"]:
        response = frontdesk_client.get("/customers/", {"phone": typed})
        assert listed_names(response) == ["Local Format"], typed


def table_body(html):
    """The <tbody> of a page, with whitespace between tags and CSRF values gone."""
    body = html[html.index("<tbody") : html.index("</tbody>")]
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).strip()


@pytest.mark.parametrize("params", [{}, {"name": "o'b"}, {"sort": "-name"}])
def test_rows_match_django_tables2_cells(frontdesk_client, branch_a, branch_b, params):
    gold = CustomerGroup.objects.create(name="Gold & <Silver>")
    make_customer(
        branch_a,
        "O'Brien <Tan> & Co",
        mobile="+65 9333 7012",
        telephone="6333 7000",
        email='o"brien@example.com',
        group=gold,
    )
    make_customer(branch_b, "O'Brian Unpublished", is_published=False)

    response = frontdesk_client.get("/customers/", params)
    table = response.context["table"]
    generic = Template(
        '{% load django_tables2 %}{% render_table table "tables/listing_table.html" %}'
    ).render(RequestContext(response.wsgi_request, {"table": table}))
    written = table_body(response.content.decode())

    assert written == table_body(generic)
    assert written.count("<tr ") == 2
    assert "O&#x27;Brien &lt;Tan&gt; &amp; Co" in written
    assert "Gold &amp; &lt;Silver&gt;" in written


def test_empty_listing_says_so(frontdesk_client, branch_a):
    response = frontdesk_client.get("/customers/", {"name": "nobody"})

    assert "No customers match the search." in table_body(response.content.decode())


def test_branch_choices_list_each_branch_once(
    frontdesk_client, branch_a, branch_b, branch_c
):
    # A branch sharing with several others joined once per sharing row.
    branch_a.shares_customers_with.add(branch_b, branch_c)

    response = frontdesk_client.get("/customers/")
    choices = response.context["filter"].form.fields["branch"].choices

    assert [label for value, label in choices if value] == sorted(
        [branch_a.name, branch_b.name]
    )


def test_trigram_search_counts_in_page_query(frontdesk_client, people):
    with CaptureQueriesContext(connection) as captured:
        response = frontdesk_client.get("/customers/", {"name": "lim"})
    customer_queries = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "customers_customer"' in query["sql"]
    ]

    # The search with its count, then the page's rows by id.
    assert len(customer_queries) == 2
    search, rows = customer_queries
    assert "OVER" in search
    assert "LIKE" in search
    assert "OVER" not in rows
    assert '"customers_customer"."id" IN (' in rows
    assert listed_names(response) == ["Halim bin Osman", "Lim Hui Min"]
    assert response.context["table"].paginator.count == 2
    assert 'data-count="2"' in response.content.decode()


SORTABLE = ["code", "name", "mobile", "telephone", "email", "group", "branch"]
SORTABLE += ["join_date", "published"]


@pytest.mark.parametrize("sort", SORTABLE + [f"-{key}" for key in SORTABLE])
def test_every_sort_pages_each_customer_once(frontdesk_client, branch_a, sort):
    # Equal values in every column but the code make each sort a sort of ties.
    gold = CustomerGroup.objects.create(name="Gold")
    Customer.objects.bulk_create(
        Customer(
            code=f"S{number:04d}",
            name="Same Name",
            mobile="91234567",
            home_branch=branch_a,
            group=gold,
        )
        for number in range(130)
    )
    expected = sorted(Customer.objects.values_list("pk", flat=True))

    seen = []
    for page in range(1, 7):
        response = frontdesk_client.get("/customers/", {"sort": sort, "page": page})
        seen += [row.record.pk for row in response.context["table"].paginated_rows]

    assert len(seen) == len(expected)
    assert sorted(seen) == expected


def test_sort_links_start_at_first_page(frontdesk_client, branch_a):
    for number in range(60):
        make_customer(branch_a, f"Customer {number:02d}")

    response = frontdesk_client.get("/customers/", {"name": "customer", "page": "3"})
    html = response.content.decode()
    links = re.findall(r'<th [^>]*scope="col">\s*<a href="([^"]+)"', html)

    assert links
    for link in links:
        assert "page=" not in link
        assert "name=customer" in link
        assert "sort=" in link

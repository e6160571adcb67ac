"""Time the Customer Listing and its neighbours in process on the bench database.

For each operation the Django test client sends the request `--repetitions`
times after a few untimed warm-up requests, and the server time (from the
request entering the middleware to the response being complete) is
recorded. Listing operations are also timed through the Django admin
changelist for Customer with the same search text, and as the raw SQL the
listing sends to PostgreSQL, timed alone on a cursor. Then `#AUTO` creates
are timed in one process and with 20 concurrent writers.

    .venv/bin/python bench/measure.py [--repetitions 30]

Writes bench/results/perf/measure.json. Run bench/load_customers.py first.
"""

import argparse
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

WARM_UP = 3
CREATES_IN_ONE_PROCESS = 300
CONCURRENT_WRITERS = 20
CREATES_PER_WRITER = 10
BENCH_NAME_PREFIX = "Benchmark"

# (key, description, listing query, admin changelist query). The admin has
# one search box that looks for every word in code, name, mobile, telephone
# and email, so its query is the same text in `q`.
LISTING_OPERATIONS = [
    ("first_page", "Listing, first page, no filter", {}, {}),
    ("name", "Name contains `lim`", {"name": "lim"}, {"q": "lim"}),
    ("mobile", "Mobile contains `3337`", {"mobile": "3337"}, {"q": "3337"}),
    ("code", "Code contains `04567`", {"code": "04567"}, {"q": "04567"}),
    (
        "email",
        "Email contains `kavitha12`",
        {"email": "kavitha12"},
        {"q": "kavitha12"},
    ),
    (
        "combined",
        "Name `tan` and mobile `9123`",
        {"name": "tan", "mobile": "9123"},
        {"q": "tan 9123"},
    ),
    ("sort_name", "Sort by name, descending", {"sort": "-name"}, {"o": "-2"}),
    # The deepest page the listing serves (rows 9,976 to 10,000) and the
    # admin page holding the same rows at its 100 a page.
    ("deep_page", "Deep page (rows 9,976-10,000)", {"page": "400"}, {"p": "99"}),
]
ADMIN_CHANGELIST = "/admin/customers/customer/"
COUNT_PATTERN = re.compile(r'data-count(?:-more-than)?="(\d+)"')
ADMIN_COUNT_PATTERN = re.compile(
    r'class="paginator">\s*(?:.*?)(\d[\d,]*) customers?', re.S
)


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share between 0 and 1)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary(samples: list[float]) -> dict:
    milliseconds = [sample * 1000 for sample in samples]
    return {
        "median_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "samples": len(milliseconds),
    }


def time_requests(send, repetitions: int, warm_up: int = WARM_UP) -> list[float]:
    for _ in range(warm_up):
        send()
    samples = []
    for _ in range(repetitions):
        started = time.perf_counter()
        send()
        samples.append(time.perf_counter() - started)
    return samples


def checked_get(client, path, params, status=200):
    response = client.get(path, params)
    if response.status_code != status:
        raise RuntimeError(f"GET {path} {params} returned {response.status_code}")
    return response


def checked_post(client, path, data, status=200, **headers):
    response = client.post(path, data, **headers)
    if response.status_code != status:
        raise RuntimeError(f"POST {path} returned {response.status_code}")
    return response


def staff_client(username):
    from django.contrib.auth.models import User
    from django.test import Client

    from branches.current import SESSION_KEY
    from branches.models import Branch

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[SESSION_KEY] = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE).pk
    session.save()
    return client


def customer_queries(client, params) -> list[str]:
    """Return the SQL the listing sends that reads the customer table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        checked_get(client, "/customers/", params)
    return [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "customers_customer"' in query["sql"]
    ]


def query_count(client, path, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        checked_get(client, path, params)
    return len(captured.captured_queries)


def time_raw_sql(statements: list[str], repetitions: int) -> list[float]:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    return time_requests(run, repetitions)


def measure_admin(admin_client, params, repetitions) -> dict:
    """Time the admin changelist with one warm-up, since a request takes seconds."""
    response = checked_get(admin_client, ADMIN_CHANGELIST, params)
    count = ADMIN_COUNT_PATTERN.search(response.content.decode())
    samples = time_requests(
        lambda: checked_get(admin_client, ADMIN_CHANGELIST, params),
        repetitions,
        warm_up=1,
    )
    return {
        "params": params,
        "rows": count.group(1) if count else None,
        "queries": query_count(admin_client, ADMIN_CHANGELIST, params),
        **summary(samples),
    }


def measure_listing(client, admin_client, repetitions, admin_repetitions) -> list[dict]:
    results = []
    for key, description, params, admin_params in LISTING_OPERATIONS:
        print(f"  {description}", flush=True)
        response = checked_get(client, "/customers/", params)
        count = COUNT_PATTERN.search(response.content.decode())
        statements = customer_queries(client, params)
        result = {
            "key": key,
            "operation": description,
            "url": "/customers/",
            "params": params,
            "rows": count.group(0) if count else None,
            "queries": query_count(client, "/customers/", params),
            "page": summary(
                time_requests(
                    lambda p=params: checked_get(client, "/customers/", p),
                    repetitions,
                )
            ),
            "raw_sql": summary(time_raw_sql(statements, repetitions)),
            "raw_sql_statements": statements,
        }
        if admin_repetitions:
            result["admin"] = measure_admin(
                admin_client, admin_params, admin_repetitions
            )
        results.append(result)
    return results


def form_data(branch, name):
    return {
        "code": "#AUTO",
        "name": name,
        "gender": "F",
        "date_of_birth": "1990-05-17",
        "identity_number": "",
        "mobile": "",
        "telephone": "",
        "email": "",
        "address": "",
        "group": "",
        "home_branch": branch.pk,
        "join_date": "2026-12-01",
        "referral_source": "",
        "occupation": "",
        "remarks": "",
        "is_published": "on",
        "action": "save",
    }


def create_customer(client, branch, name):
    checked_post(client, "/customers/new/", form_data(branch, name), status=302)


def measure_pages(client, repetitions, run_id) -> list[dict]:
    """Time the view page, the publish toggle and one `#AUTO` create."""
    from branches.models import Branch
    from sales.models import Appointment

    branch = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE)
    customer_id = Appointment.objects.order_by("pk").values_list(
        "customer_id", flat=True
    )[0]
    toggle_path = f"/customers/{customer_id}/toggle-published/"
    serial = iter(range(1_000_000))
    operations = [
        (
            "view",
            "View page of a customer with an appointment",
            lambda: checked_get(client, f"/customers/{customer_id}/", {}),
        ),
        (
            "toggle",
            "Publish toggle (htmx POST)",
            lambda: checked_post(client, toggle_path, {}, HTTP_HX_REQUEST="true"),
        ),
        (
            "create",
            "New customer with `#AUTO` code",
            lambda: create_customer(
                client, branch, f"{BENCH_NAME_PREFIX} {run_id} page {next(serial)}"
            ),
        ),
    ]
    results = []
    for key, description, send in operations:
        print(f"  {description}", flush=True)
        # An even number of toggles leaves the customer as it was.
        total = repetitions + (repetitions + WARM_UP) % 2
        results.append(
            {
                "key": key,
                "operation": description,
                "page": summary(time_requests(send, total)),
            }
        )
    return results


def measure_creates(client, run_id) -> dict:
    """Create customers one after another in this process; return the rate."""
    from branches.models import Branch

    branch = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE)
    print(f"  {CREATES_IN_ONE_PROCESS} #AUTO creates in one process", flush=True)
    started = time.perf_counter()
    for number in range(CREATES_IN_ONE_PROCESS):
        create_customer(client, branch, f"{BENCH_NAME_PREFIX} {run_id} serial {number}")
    elapsed = time.perf_counter() - started
    return {
        "creates": CREATES_IN_ONE_PROCESS,
        "seconds": round(elapsed, 2),
        "per_second": round(CREATES_IN_ONE_PROCESS / elapsed, 1),
    }


def measure_concurrent_creates(run_id) -> dict:
    """Let 20 threads, each with its own connection, create customers at once."""
    from django.db import connections

    from branches.models import Branch
    from customers.models import Customer

    branch = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE)
    prefix = f"{BENCH_NAME_PREFIX} {run_id} writer"
    print(
        f"  {CONCURRENT_WRITERS} concurrent writers x {CREATES_PER_WRITER} creates",
        flush=True,
    )
    clients = [
        staff_client(benchenv.FRONT_DESK_USERNAME) for _ in range(CONCURRENT_WRITERS)
    ]
    start = threading.Barrier(CONCURRENT_WRITERS)
    failures = []

    def write(client, writer):
        try:
            start.wait()
            for number in range(CREATES_PER_WRITER):
                create_customer(client, branch, f"{prefix} {writer}-{number}")
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(client, writer))
        for writer, client in enumerate(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    created = Customer.objects.filter(name__startswith=prefix)
    codes = list(created.values_list("code", flat=True))
    expected = CONCURRENT_WRITERS * CREATES_PER_WRITER
    return {
        "writers": CONCURRENT_WRITERS,
        "expected": expected,
        "created": len(codes),
        "distinct_codes": len(set(codes)),
        "failures": failures,
        "seconds": round(elapsed, 2),
        "per_second": round(len(codes) / elapsed, 1),
    }


def remove_bench_customers(run_id) -> int:
    from customers.models import Customer

    deleted, _ = Customer.objects.filter(
        name__startswith=f"{BENCH_NAME_PREFIX} {run_id} "
    ).delete()
    return deleted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repetitions",
        type=int,
        default=30,
        help="timed requests per operation (default 30)",
    )
    parser.add_argument(
        "--admin-repetitions",
        type=int,
        default=30,
        help="timed admin changelist requests per operation; 0 leaves the admin out",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=benchenv.RESULTS / "measure.json",
        help="where to write the results (default bench/results/perf/measure.json)",
    )
    arguments = parser.parse_args()
    if arguments.repetitions < 20:
        parser.error("--repetitions must be at least 20 for a p95.")

    benchenv.setup_django()
    from customers.models import Customer

    customers = Customer.objects.count()
    print(f"Measuring against {customers:,} customers", flush=True)
    run_id = time.strftime("%Y%m%d%H%M%S")
    client = staff_client(benchenv.FRONT_DESK_USERNAME)
    admin_client = staff_client(benchenv.ADMIN_USERNAME)
    try:
        listing = measure_listing(
            client, admin_client, arguments.repetitions, arguments.admin_repetitions
        )
        pages = measure_pages(client, arguments.repetitions, run_id)
        creates = measure_creates(client, run_id)
        concurrent = measure_concurrent_creates(run_id)
    finally:
        removed = remove_bench_customers(run_id)
        print(f"Removed the {removed} customers the benchmark created", flush=True)

    results = {
        "customers": customers,
        "repetitions": arguments.repetitions,
        "admin_repetitions": arguments.admin_repetitions,
        "listing": listing,
        "pages": pages,
        "creates_one_process": creates,
        "concurrent_creates": concurrent,
    }
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

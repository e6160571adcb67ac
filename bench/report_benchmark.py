"""Benchmark the Customer List report's exports on PostgreSQL.

Creates the database wess_bench_reports on 127.0.0.1 (user postgres, trust
authentication), migrates it, loads 100,000 customers with groups, due
balances and appointments, then measures through the report view with
Django's test client:

- XLSX and CSV of 10,000 and 100,000 customers;
- PDF of 1,000, 2,000 and 5,000 rows (the PDF row cap is lifted for this).

Each case runs twice, each time in a fresh Python process. The first run
records the wall time and the peak resident memory during the request.
The second runs under tracemalloc for the peak of Python allocations, which
leaves out the C libraries' memory (Pango, cairo), and is slower for it.
Besides wall time the first run records the process's CPU time and the
1-minute load average, because other work on the machine stretches wall
time but not CPU time.
The database is dropped at the end unless --keep is given.

    .venv/bin/python bench/report_benchmark.py [--keep] [--only CASE ...]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DATABASE = "wess_bench_reports"
CUSTOMERS = 100_000
SEED = 20261204
USERNAME = "bench_reports"
COLUMNS = [
    "code",
    "name",
    "gender",
    "mobile",
    "email",
    "group",
    "branch",
    "join_date",
    "due_balance",
    "last_appointment",
]
# Groups holding exactly this many customers select the smaller reports.
SIZED_GROUPS = {1_000: "Bench 1000", 2_000: "Bench 2000", 5_000: "Bench 5000"}
SIZED_GROUPS[10_000] = "Bench 10000"
CASES = {
    "xlsx-10000": ("xlsx", 10_000),
    "xlsx-100000": ("xlsx", 100_000),
    "csv-10000": ("csv", 10_000),
    "csv-100000": ("csv", 100_000),
    "pdf-1000": ("pdf", 1_000),
    "pdf-2000": ("pdf", 2_000),
    "pdf-5000": ("pdf", 5_000),
}
ENVIRONMENT = {
    "DATABASE_URL": f"{SERVER_URL}/{DATABASE}",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "WESS_SECURE_COOKIES": "false",
    "WESS_STATIC_MANIFEST": "false",
    "WESS_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "wess.settings",
}


class RssSampler(threading.Thread):
    """Sample this process's resident memory every 20 ms; keep the maximum.

    getrusage's ru_maxrss is the peak over the whole process life, so a
    spike while Django starts would hide an export that uses less; sampling
    during the export measures the export alone.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.running = True

    def run(self):
        while self.running:
            self.peak_kib = max(self.peak_kib, current_rss_kib())
            time.sleep(0.02)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max(self.peak_kib, current_rss_kib()) / 1024


def current_rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise ValueError("/proc/self/status has no VmRSS line")


def setup_django():
    os.environ.update(ENVIRONMENT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def psql(sql: str):
    subprocess.run(
        ["psql", f"{SERVER_URL}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
    )


# Loading -------------------------------------------------------------------


def load():
    """Create, migrate and fill the bench database."""
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    setup_django()
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from branches.models import Branch, StaffMembership
    from branches.roles import FRONT_DESK
    from customers.models import Customer, CustomerGroup
    from sales.models import Appointment, OpeningBalance, OpeningDueLine

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()

    with transaction.atomic():
        head = Branch.objects.create(code="ORC", name="Orchard")
        others = [
            Branch.objects.create(code=code, name=name)
            for code, name in [("TAM", "Tampines"), ("KL", "Kuala Lumpur")]
        ]
        for branch in others:
            branch.shares_customers_with.add(head)
        branches = [head, *others]
        plain_groups = [
            CustomerGroup.objects.create(name=n) for n in ["Gold", "Silver"]
        ]
        sized = {
            size: CustomerGroup.objects.create(name=name)
            for size, name in SIZED_GROUPS.items()
        }
        user = User.objects.create_user(USERNAME)
        user.groups.add(Group.objects.get(name=FRONT_DESK))
        StaffMembership.objects.create(user=user).branches.set([head])

        # The first customers fill the sized groups, the rest get a plain
        # group or none.
        group_plan = []
        for size, group in sized.items():
            group_plan += [group] * size
        surnames = ["Tan", "Lim", "Lee", "Ng", "Wong", "Abdullah", "Raj", "Kumar"]
        given_names = [
            "Mei Ling",
            "Wei Ming",
            "Siti",
            "Aisyah",
            "Priya",
            "Ravi",
            "Hui Min",
        ]
        customers = []
        for number in range(CUSTOMERS):
            group = group_plan[number] if number < len(group_plan) else None
            if group is None and number % 3:
                group = plain_groups[number % 2]
            customer = Customer(
                code=f"B{number:07d}",
                name=f"{rng.choice(surnames)} {rng.choice(given_names)} {number}",
                gender=rng.choice(["F", "M", "O", ""]),
                mobile=f"+65 9{rng.randrange(10**7):07d}",
                email=f"customer{number}@example.com",
                group=group,
                home_branch=branches[number % len(branches)],
                join_date=date(2020, 1, 1) + timedelta(days=number % 2000),
            )
            customer.refresh_derived_fields()
            customers.append(customer)
        Customer.objects.bulk_create(customers, batch_size=5000)
        ids = list(Customer.objects.values_list("pk", "home_branch_id"))

        balances = [
            OpeningBalance(customer_id=pk, branch_id=branch, date=date(2025, 1, 1))
            for pk, branch in ids[::5]
        ]
        OpeningBalance.objects.bulk_create(balances, batch_size=5000)
        OpeningDueLine.objects.bulk_create(
            [
                OpeningDueLine(
                    opening_balance=balance,
                    amount=Decimal(rng.randrange(100, 100_000)) / 100,
                )
                for balance in OpeningBalance.objects.all()
            ],
            batch_size=5000,
        )
        now = timezone.now()
        Appointment.objects.bulk_create(
            [
                Appointment(
                    customer_id=pk,
                    branch_id=branch,
                    start=now - timedelta(days=rng.randrange(1, 700)),
                    item="Facial",
                    status=Appointment.Status.COMPLETED,
                )
                for pk, branch in ids[::2]
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The database is dropped at the end, which an open connection prevents.
    connection.close()
    print(
        f"Loaded {CUSTOMERS} customers in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


# Measuring -----------------------------------------------------------------


def measure(case: str, trace: bool) -> dict:
    """Run one case in this process and return its measurements."""
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    from branches.current import SESSION_KEY
    from branches.models import Branch
    from customers.models import CustomerGroup
    from reports import views

    output, rows = CASES[case]
    views.PDF_MAX_ROWS = 10**9
    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    session = client.session
    session[SESSION_KEY] = Branch.objects.get(code="ORC").pk
    session.save()
    params = {"format": output, "columns": COLUMNS}
    if rows in SIZED_GROUPS:
        params["group"] = CustomerGroup.objects.get(name=SIZED_GROUPS[rows]).pk

    baseline_rss = current_rss_kib() / 1024
    sampler = RssSampler()
    if trace:
        tracemalloc.start()
    else:
        sampler.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    response = client.get("/reports/customers/", params)
    if response.status_code != 200:
        raise RuntimeError(f"{case}: the report returned HTTP {response.status_code}")
    size = 0
    with tempfile.NamedTemporaryFile(suffix=f".{output}") as file:
        chunks = (
            response.streaming_content if response.streaming else [response.content]
        )
        for chunk in chunks:
            file.write(chunk)
            size += len(chunk)
        file.flush()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        result = {"case": case, "rows": rows, "bytes": size}
        if trace:
            result["python_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        else:
            result["seconds"] = seconds
            result["cpu_seconds"] = cpu_seconds
            result["load_average"] = os.getloadavg()[0]
            result["rss_peak_mib"] = sampler.stop()
            result["rss_before_mib"] = baseline_rss
        if output == "pdf":
            result["pages"] = pdf_pages(file.name)
    return result


def pdf_pages(path: str) -> int:
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise ValueError("pdfinfo printed no page count")


def run_case(case: str, trace: bool) -> dict:
    command = [sys.executable, __file__, "--measure", case]
    if trace:
        command.append("--trace")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{case} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--no-load", action="store_true", help="reuse a kept database")
    parser.add_argument("--only", nargs="+", choices=sorted(CASES), help="cases to run")
    parser.add_argument("--measure", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.measure:
        print(json.dumps(measure(options.measure, options.trace)))
        return

    if not options.no_load:
        load()
    try:
        for case in options.only or list(CASES):
            timed = run_case(case, trace=False)
            traced = run_case(case, trace=True)
            timed["python_peak_mib"] = traced["python_peak_mib"]
            print(json.dumps(timed), flush=True)
    finally:
        if not options.keep:
            psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()

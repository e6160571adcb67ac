"""Load 1,000,000 customers across 20 branches into the bench database.

Creates the PostgreSQL database if it is missing, migrates it, adds 20
branches with customer sharing, customer groups, benchmark users and one
code sequence per branch, then loads customers with COPY and gives a tenth
of them one appointment each. Finishes with VACUUM ANALYZE, so the planner
has statistics. Running it again on a loaded database changes nothing;
`--reset` drops the bench database and loads it anew.

    .venv/bin/python bench/load_customers.py [--customers N] [--reset]
"""

import argparse
import datetime
import io
import random
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

SEED = 20261204
CHUNK_ROWS = 20_000
APPOINTMENT_SHARE = 10  # one customer in this many gets an appointment

# code, name, country, sharing cluster. Every branch shares its customers
# with the others of its cluster and with the head office (ORC), so ORC sees
# all customers and every other branch sees its cluster's quarter.
BRANCHES = [
    ("ORC", "Orchard (head office)", "SG", 1),
    ("TAM", "Tampines", "SG", 1),
    ("BDK", "Bedok", "SG", 1),
    ("PGL", "Punggol", "SG", 1),
    ("SRG", "Serangoon", "SG", 1),
    ("JUR", "Jurong East", "SG", 2),
    ("WDL", "Woodlands", "SG", 2),
    ("BSH", "Bishan", "SG", 2),
    ("CLM", "Clementi", "SG", 2),
    ("TPY", "Toa Payoh", "SG", 2),
    ("BBT", "Bukit Bintang", "MY", 3),
    ("MVL", "Mid Valley", "MY", 3),
    ("PJY", "Petaling Jaya", "MY", 3),
    ("SBJ", "Subang Jaya", "MY", 3),
    ("KLG", "Klang", "MY", 3),
    ("JHB", "Johor Bahru", "MY", 4),
    ("PNG", "Penang", "MY", 4),
    ("IPH", "Ipoh", "MY", 4),
    ("MLK", "Melaka", "MY", 4),
    ("KCH", "Kuching", "MY", 4),
]
GROUPS = [
    ("Walk-in", None),
    ("Silver", 365),
    ("Gold", 365),
    ("Platinum", 730),
    ("Slimming programme", 180),
]
TREATMENTS = [
    "Facial - Hydrating",
    "Aromatherapy massage",
    "Body scrub",
    "Slimming wrap",
    "Hair spa",
    "Foot reflexology",
]
STAFF = ["Amy", "Siti", "Kavitha", "Mei Ling", "Grace", "Nurul"]


def ensure_database(reset: bool) -> None:
    """Create the bench database, dropping it first with `reset`."""
    server = psycopg2.connect(f"{benchenv.SERVER_URL}/postgres")
    server.autocommit = True
    name = benchenv.BENCH_DATABASE
    with server.cursor() as cursor:
        if reset:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")
    server.close()


def copy_value(value) -> str:
    """Render one value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def copy_objects(model, objects) -> int:
    """Insert unsaved `objects` of `model` with COPY and return their number.

    The columns are read from the model at run time, so fields added later
    are filled from their defaults, as `save()` would fill them.
    """
    from django.db import connection

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    buffer = io.StringIO()
    count = 0
    for instance in objects:
        values = [
            field.get_db_prep_save(field.pre_save(instance, add=True), connection)
            for field in fields
        ]
        buffer.write("\t".join(copy_value(value) for value in values))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(statement, buffer)
    return count


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """Return (name, definition) of the table's indexes that back no constraint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index_class.relname, pg_get_indexdef(index_class.oid)
            FROM pg_index
            JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
            WHERE pg_index.indrelid = %s::regclass
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint
                WHERE pg_constraint.conindid = pg_index.indexrelid
              )
            ORDER BY index_class.relname
            """,
            [table],
        )
        return cursor.fetchall()


def create_branches():
    from branches.models import Branch
    from customers.models import CodeSequence

    branches = []
    for code, name, _country, _cluster in BRANCHES:
        branch, _ = Branch.objects.get_or_create(code=code, defaults={"name": name})
        branches.append(branch)
    by_code = {branch.code: branch for branch in branches}
    head_office = by_code[benchenv.HEAD_OFFICE_CODE]
    for code, _name, _country, cluster in BRANCHES:
        branch = by_code[code]
        partners = [
            by_code[other]
            for other, _n, _c, other_cluster in BRANCHES
            if other_cluster == cluster and other != code
        ]
        if branch != head_office:
            partners.append(head_office)
        branch.shares_customers_with.add(*partners)
        CodeSequence.objects.get_or_create(
            branch=branch, defaults={"prefix": "{branch}-", "digits": 6}
        )
    return branches


def create_groups():
    from customers.models import CustomerGroup

    groups = []
    for name, validity in GROUPS:
        group, _ = CustomerGroup.objects.get_or_create(
            name=name, defaults={"validity_days": validity}
        )
        groups.append(group)
    return groups


def create_users():
    """Create the superuser, a front-desk user and the load test's staff.

    Every staff user works at all branches and shares one password hash, so
    the slow password hasher runs once.
    """
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from branches.models import StaffMembership
    from branches.roles import FRONT_DESK

    password = make_password(benchenv.BENCH_PASSWORD)
    front_desk = Group.objects.get(name=FRONT_DESK)
    usernames = [benchenv.FRONT_DESK_USERNAME] + [
        benchenv.LOAD_TEST_USERNAME.format(number=number)
        for number in range(1, benchenv.LOAD_TEST_USERS + 1)
    ]
    User.objects.update_or_create(
        username=benchenv.ADMIN_USERNAME,
        defaults={"password": password, "is_staff": True, "is_superuser": True},
    )
    for username in usernames:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"password": password}
        )
        user.groups.add(front_desk)
        StaffMembership.objects.update_or_create(
            user=user, defaults={"all_branches": True}
        )


def generate_customers(rng, branches, groups, total):
    """Yield unsaved customers spread evenly over `branches`."""
    from customers import demo_data
    from customers.models import Customer

    country = {code: country for code, _name, country, _cluster in BRANCHES}
    today = datetime.date(2026, 12, 1)
    for serial in range(1, total + 1):
        branch = branches[serial % len(branches)]
        branch_country = country[branch.code]
        number = (serial - 1) // len(branches) + 1
        name, gender = demo_data.person_name(rng)
        join_date = today - datetime.timedelta(days=rng.randrange(0, 8 * 365))
        group = rng.choice(groups) if rng.random() < 0.8 else None
        customer = Customer(
            code=f"{branch.code}-{number:06d}",
            name=name,
            gender=gender,
            date_of_birth=today
            - datetime.timedelta(days=rng.randrange(18 * 365, 75 * 365)),
            identity_number=demo_data.identity_number(rng, branch_country, serial),
            mobile=demo_data.mobile_number(rng, branch_country),
            telephone=""
            if rng.random() < 0.7
            else demo_data.mobile_number(rng, branch_country),
            email=demo_data.email_for(rng, name, serial),
            address=demo_data.address_for(rng, branch_country),
            group=group,
            group_assigned_on=join_date if group else None,
            home_branch=branch,
            join_date=join_date,
            referral_source=rng.choice(demo_data.REFERRALS),
            occupation=rng.choice(demo_data.OCCUPATIONS),
            marketing_consent=rng.random() < 0.5,
            is_published=rng.random() >= 0.1,
        )
        customer.refresh_derived_fields()
        yield customer


def chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_customers(rng, branches, groups, total) -> None:
    from django.db import connection

    from customers.models import CodeSequence, Customer

    table = Customer._meta.db_table
    indexes = secondary_indexes(table)
    # Building each index once after the load is several times faster than
    # updating it for every copied row.
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    started = time.monotonic()
    loaded = 0
    for chunk in chunks(generate_customers(rng, branches, groups, total), CHUNK_ROWS):
        loaded += copy_objects(Customer, chunk)
        if loaded % 100_000 == 0:
            rate = loaded / (time.monotonic() - started)
            print(f"  {loaded:,} customers ({rate:,.0f} a second)", flush=True)

    print(f"Rebuilding {len(indexes)} indexes", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            index_started = time.monotonic()
            cursor.execute(definition)
            print(f"  {name}: {time.monotonic() - index_started:.1f} s", flush=True)

    per_branch = -(-total // len(branches))
    CodeSequence.objects.filter(branch__in=branches).update(next_number=per_branch + 1)


def load_appointments(rng) -> int:
    from django.db import connection
    from django.utils import timezone

    from customers.models import Customer
    from sales.models import Appointment

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, home_branch_id FROM {Customer._meta.db_table} "
            "WHERE id %% %s = 0 ORDER BY id",
            [APPOINTMENT_SHARE],
        )
        customers = cursor.fetchall()

    def appointments():
        for customer_id, branch_id in customers:
            start = now + datetime.timedelta(hours=rng.randrange(-24 * 90, 24 * 30))
            yield Appointment(
                customer_id=customer_id,
                branch_id=branch_id,
                start=start,
                duration_minutes=rng.choice([30, 60, 90]),
                item=rng.choice(TREATMENTS),
                staff_name=rng.choice(STAFF),
                status=(
                    Appointment.Status.COMPLETED
                    if start < now
                    else Appointment.Status.BOOKED
                ),
            )

    loaded = 0
    for chunk in chunks(appointments(), CHUNK_ROWS):
        loaded += copy_objects(Appointment, chunk)
    return loaded


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--customers",
        type=int,
        default=1_000_000,
        help="number of customers to load (default 1,000,000)",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help=f"drop and recreate the {benchenv.BENCH_DATABASE} database first",
    )
    arguments = parser.parse_args()

    ensure_database(arguments.reset)
    benchenv.setup_django()
    from django.core.management import call_command

    from customers.models import Customer

    call_command("migrate", verbosity=0)
    existing = Customer.objects.count()
    if existing and existing < arguments.customers:
        print(
            f"The database has {existing:,} customers, fewer than "
            f"{arguments.customers:,}. Run again with --reset to reload it.",
            file=sys.stderr,
        )
        return 1

    rng = random.Random(SEED)
    branches = create_branches()
    groups = create_groups()
    create_users()
    if existing:
        print(f"{existing:,} customers already loaded; nothing to do.")
        return 0

    started = time.monotonic()
    print(f"Loading {arguments.customers:,} customers", flush=True)
    load_customers(rng, branches, groups, arguments.customers)
    appointments = load_appointments(rng)
    print(f"Loaded {appointments:,} appointments", flush=True)
    analyze()
    print(f"Done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

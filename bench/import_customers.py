"""Benchmark the customer import on PostgreSQL with 50,000 rows.

Usage: .venv/bin/python bench/import_customers.py [--rows N] [--keep]

The script drops and creates the database wess_bench_import on the local
PostgreSQL (postgres@127.0.0.1:5432, or BENCH_ADMIN_URL), migrates it and
adds branch BENCH. It writes CSV files shaped like the public "customers"
sample (15-character codes, phone numbers with extensions, ISO dates) and
runs `manage.py import_customers` on them, one child process per case.
For each case it prints the wall time and the child's peak resident memory
(ru_maxrss from wait4), as a Markdown table for docs/benchmarks.md. After
each case it runs ANALYZE, as autovacuum would on a production server, so
the next case's queries are planned with current statistics. The database
is dropped at the end unless --keep is given.
"""

import argparse
import csv
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "wess_bench_import"
ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
BENCH_URL = ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}"

FIRST_NAMES = [
    "Sheryl",
    "Preston",
    "Roy",
    "Linda",
    "Joanna",
    "Aimee",
    "Darren",
    "Brett",
    "Sheryl",
    "Mei Ling",
    "Wei",
    "Siew Lan",
    "Ah Kow",
    "Boon Huat",
    "Nurul",
    "Siti",
    "Arjun",
    "Priya",
    "Kavitha",
    "Hafiz",
    "Aishah",
    "Jun Jie",
    "Hui Min",
]
LAST_NAMES = [
    "Baxter",
    "Lozano",
    "Berry",
    "Olsen",
    "Bender",
    "Mcmillan",
    "Tan",
    "Lim",
    "Lee",
    "Ng",
    "Wong",
    "Goh",
    "Chua",
    "Abdullah",
    "Rahman",
    "Kumar",
    "Nair",
    "Pillai",
    "Ismail",
    "Yusof",
    "Teo",
    "Koh",
    "Ong",
]
COMPANIES = ["Rasmussen Group", "Vega-Gentry", "Dominguez, Mcmillan and Donovan"]
HEADER = [
    "Index",
    "Customer Id",
    "First Name",
    "Last Name",
    "Company",
    "City",
    "Country",
    "Phone 1",
    "Phone 2",
    "Email",
    "Subscription Date",
    "Website",
]


def phone(generator: random.Random, number: int) -> str:
    """Return a unique phone number in one of the sample files' formats."""
    area, middle, last = (
        number // 10_000_000 + 200,
        (number // 10_000) % 1000,
        number % 10_000,
    )
    style = generator.randrange(5)
    if style == 0:
        return f"{area}.{middle:03d}.{last:04d}"
    if style == 1:
        return f"({area}){middle:03d}-{last:04d}x{generator.randrange(100, 99999)}"
    if style == 2:
        return f"+1-{area}-{middle:03d}-{last:04d}"
    if style == 3:
        return f"001-{area}-{middle:03d}-{last:04d}x{generator.randrange(100, 9999)}"
    return f"{area}{middle:03d}{last:04d}"


def write_customers_csv(path: Path, rows: int, seed: int) -> Path:
    """Write `rows` distinct customers; each seed gives different people."""
    generator = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(HEADER)
        for index in range(1, rows + 1):
            number = seed * 10_000_000 + index
            first = generator.choice(FIRST_NAMES)
            last = generator.choice(LAST_NAMES)
            writer.writerow(
                [
                    index,
                    f"{seed:x}{index:07x}{generator.getrandbits(24):06X}"[:15],
                    first,
                    last,
                    generator.choice(COMPANIES),
                    "East Leonard",
                    "Singapore",
                    phone(generator, number),
                    phone(generator, number + 5_000_000),
                    f"{first.lower().replace(' ', '')}.{number}@example.com",
                    f"20{generator.randrange(15, 24)}-{generator.randrange(1, 13):02d}-"
                    f"{generator.randrange(1, 29):02d}",
                    "http://www.example.com/",
                ]
            )
    return path


def write_customers_xlsx(source: Path, target: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Customers")
    with open(source, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(target)
    return target


def recreate_database() -> None:
    connection = psycopg2.connect(ADMIN_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    connection.close()


def analyze_database() -> None:
    connection = psycopg2.connect(BENCH_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def drop_database() -> None:
    connection = psycopg2.connect(ADMIN_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE))
        )
    connection.close()


def environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": BENCH_URL,
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key",
        "WESS_LOG_LEVEL": "WARNING",
    }


def manage(*arguments: str) -> tuple[float, int, str]:
    """Run manage.py; return seconds, peak RSS in MB and the output."""
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = child.stdout.read().decode()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def summary_of(output: str) -> str:
    wanted = ("Imported:", "Rejected:", "Ready to import:", "With problems:")
    return "; ".join(line for line in output.splitlines() if line.startswith(wanted))


def postgres_version() -> str:
    connection = psycopg2.connect(ADMIN_URL)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    arguments = parser.parse_args()

    recreate_database()
    try:
        manage("migrate", "--no-input", "-v0")
        manage(
            "shell",
            "-c",
            "from branches.models import Branch; "
            "Branch.objects.create(code='BENCH', name='Benchmark')",
        )
        with tempfile.TemporaryDirectory(prefix="wess-bench-") as folder:
            folder = Path(folder)
            first = write_customers_csv(
                folder / "customers-first.csv", arguments.rows, 1
            )
            second = write_customers_csv(
                folder / "customers-second.csv", arguments.rows, 2
            )
            workbook = write_customers_xlsx(second, folder / "customers-second.xlsx")
            cases = [
                ("Django start-up only (`manage.py check`)", ["check"]),
                ("CSV dry run", [str(first), "--dry-run"]),
                ("CSV import, codes from the file", [str(first)]),
                (
                    "Same CSV again: every row a likely duplicate, none written",
                    [str(first)],
                ),
                ("XLSX dry run", [str(workbook), "--dry-run"]),
                ("CSV import, #AUTO codes", [str(second), "--codes", "auto"]),
            ]
            sizes = {
                "CSV": first.stat().st_size / 1024 / 1024,
                "XLSX": workbook.stat().st_size / 1024 / 1024,
            }
            results = []
            load_before = load_average()
            for label, case in cases:
                command = case if case == ["check"] else ["import_customers", *case]
                if command[0] == "import_customers":
                    command += ["--branch", "BENCH", "--show-problems", "0"]
                seconds, megabytes, output = manage(*command)
                analyze_database()
                results.append((label, seconds, megabytes, summary_of(output)))
                print(f"{label}: {seconds:.1f} s, {megabytes} MB", file=sys.stderr)
    finally:
        if not arguments.keep:
            drop_database()

    print(
        f"Rows per file: {arguments.rows:,}; "
        f"CSV {sizes['CSV']:.1f} MB, XLSX {sizes['XLSX']:.1f} MB"
    )
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} CPUs; "
        f"PostgreSQL {postgres_version()}; Python {platform.python_version()}"
    )
    print(f"Load average (1, 5, 15 min) before: {load_before}; after: {load_average()}")
    print()
    print("| case | wall time | peak memory (RSS) | result |")
    print("|---|---|---|---|")
    for label, seconds, megabytes, summary in results:
        print(f"| {label} | {seconds:.1f} s | {megabytes} MB | {summary} |")


if __name__ == "__main__":
    main()

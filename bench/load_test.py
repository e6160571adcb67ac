"""Load test: 50 front-desk users for 2 minutes against gunicorn on 127.0.0.1.

Starts gunicorn on the bench database, runs bench/locustfile.py headless
with locust, stops gunicorn, and then checks that every customer the load
test created exists exactly once and that their codes are distinct. The
checked customers are deleted afterwards.

    .venv/bin/python bench/load_test.py [--users 50] [--minutes 2] [--workers 3]

Writes bench/results/perf/load_test.json and locust's CSV files beside it.
"""

import argparse
import csv
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

PORT = 8105
HOST = f"http://127.0.0.1:{PORT}"
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 30


def wait_until_serving(server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass  # not listening yet
        finally:
            connection.close()
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {HOST} within 30 s")


def read_stats(prefix: Path) -> list[dict]:
    """Return locust's per-request statistics, the aggregate row last."""
    rows = []
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            rows.append(
                {
                    "name": row["Name"] if row["Name"] != "Aggregated" else "all",
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"]),
                    "p95_ms": float(row["95%"]),
                    "p99_ms": float(row["99%"]),
                    "max_ms": float(row["Max Response Time"]),
                    "per_second": round(float(row["Requests/s"]), 1),
                }
            )
    return rows


def check_created(prefix: str, names_file: Path) -> dict:
    """Compare the customers locust created with those in the database.

    Every name locust saw saved must be stored exactly once, and all stored
    codes must differ. A name posted but not seen saved was still in flight
    when locust stopped; it may be stored, but once at most.
    """
    from django.db.models import Count

    from customers.models import Customer

    names = json.loads(names_file.read_text())
    created, attempted = set(names["created"]), set(names["attempted"])
    stored = Customer.objects.filter(name__startswith=f"{prefix} ")
    copies = dict(stored.values_list("name").annotate(copies=Count("pk")).order_by())
    codes = list(stored.values_list("code", flat=True))
    missing = sorted(created - set(copies))
    duplicated = sorted(name for name, count in copies.items() if count > 1)
    in_flight = sorted(set(copies) - created)
    unexpected = sorted(set(copies) - attempted)
    return {
        "attempted": len(attempted),
        "reported_created": len(created),
        "stored": len(codes),
        "distinct_codes": len(set(codes)),
        "missing": missing,
        "duplicated": duplicated,
        "stored_while_in_flight": in_flight,
        "unexpected": unexpected,
        "ok": not (missing or duplicated or unexpected)
        and len(set(codes)) == len(codes),
    }


def remove_created(prefix: str) -> None:
    """Delete the load test's customers, so the next run starts from the load."""
    from customers.models import Customer

    Customer.objects.filter(name__startswith=f"{prefix} ").delete()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=benchenv.LOAD_TEST_USERS)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers (default 3)"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=1,
        help="users started a second (default 1); each login hashes a password",
    )
    arguments = parser.parse_args()
    if arguments.users > benchenv.LOAD_TEST_USERS:
        parser.error(
            f"bench/load_customers.py creates {benchenv.LOAD_TEST_USERS} users."
        )

    benchenv.setup_django()
    from branches.models import Branch

    branch = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE)
    prefix = f"Loadtest {time.strftime('%Y%m%d%H%M%S')}"
    results_prefix = benchenv.RESULTS / "locust"
    names_file = benchenv.RESULTS / "load_test_created.json"
    benchenv.RESULTS.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **benchenv.server_environment()}
    ramp_seconds = arguments.users / arguments.spawn_rate

    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "wess.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(arguments.workers),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=benchenv.ROOT,
        env=environment,
    )
    try:
        wait_until_serving(server)
        print(
            f"Load test: {arguments.users} users for {arguments.minutes} min "
            f"against {arguments.workers} gunicorn workers",
            flush=True,
        )
        subprocess.run(
            [
                str(BIN / "locust"),
                "--locustfile",
                str(benchenv.ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(arguments.users),
                "--spawn-rate",
                str(arguments.spawn_rate),
                # All users run for --minutes after the last one has started.
                "--run-time",
                f"{int(ramp_seconds + arguments.minutes * 60)}s",
                "--host",
                HOST,
                "--csv",
                str(results_prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=benchenv.ROOT / "bench",
            env={
                **environment,
                "PYTHONPATH": str(benchenv.ROOT / "bench"),
                "WESS_LOADTEST_BRANCH": str(branch.pk),
                "WESS_LOADTEST_PREFIX": prefix,
                "WESS_LOADTEST_OUTPUT": str(names_file),
            },
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    stats = read_stats(results_prefix)
    created = check_created(prefix, names_file)
    remove_created(prefix)
    result = {
        "users": arguments.users,
        "minutes": arguments.minutes,
        "spawn_rate": arguments.spawn_rate,
        "workers": arguments.workers,
        "prefix": prefix,
        "requests": stats,
        "created_check": created,
    }
    output = benchenv.RESULTS / "load_test.json"
    output.write_text(json.dumps(result, indent=2) + "\n")
    total = stats[-1]
    print(
        f"{total['requests']} requests, {total['failures']} failures, "
        f"p95 {total['p95_ms']:.0f} ms; created {created['stored']} customers, "
        f"check {'passed' if created['ok'] else 'FAILED'}"
    )
    return 0 if created["ok"] and total["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

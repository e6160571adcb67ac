"""Load test: 50 front-desk users for 2 minutes against gunicorn on 127.0.0.1.

Starts gunicorn on the bench database, runs bench/locustfile.py headless
with locust, stops gunicorn, and then checks that every customer the load
test created exists exactly once and that their codes are distinct.

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
    """Compare the names locust saw created with the customers in the database."""
    from django.db.models import Count

    from customers.models import Customer

    reported = json.loads(names_file.read_text()) if names_file.exists() else []
    stored = Customer.objects.filter(name__startswith=f"{prefix} ")
    per_name = dict(stored.values_list("name").annotate(copies=Count("pk")).order_by())
    codes = list(stored.values_list("code", flat=True))
    return {
        "reported_created": len(reported),
        "stored": len(codes),
        "missing": sorted(set(reported) - set(per_name)),
        "duplicated": sorted(name for name, copies in per_name.items() if copies > 1),
        "unreported": sorted(set(per_name) - set(reported)),
        "distinct_codes": len(set(codes)),
        "ok": (
            len(reported) == len(codes) == len(set(codes))
            and set(reported) == set(per_name)
        ),
    }


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
        default=2,
        help="users started a second; each logs in, which hashes a password",
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
                "--run-time",
                f"{int(arguments.minutes * 60)}s",
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
    result = {
        "users": arguments.users,
        "minutes": arguments.minutes,
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

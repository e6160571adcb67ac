"""Run the whole performance benchmark in one go.

1. bench/load_customers.py: create, migrate and load the bench database
   (1,000,000 customers; skipped when already loaded).
2. bench/measure.py: in-process server times of the listing, the admin
   changelist and the raw SQL; `#AUTO` creates, alone and concurrent.
3. bench/auto_codes.py: `#AUTO` inserts below the web layer.
4. bench/explain.py: EXPLAIN (ANALYZE, BUFFERS) of the name and mobile searches.
5. bench/load_test.py: locust against gunicorn, then the created-customer check.
6. bench/report.py: bench/results/perf/performance.md from the results.

    .venv/bin/python bench/perf_run.py [--skip-load-test]

The machine's description and load average go to bench/results/perf/machine.json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

BENCH = benchenv.ROOT / "bench"


def command_output(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def cpu_model() -> str:
    for line in command_output("lscpu").splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def database_settings() -> str:
    import psycopg2

    connection = psycopg2.connect(benchenv.database_url())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        values = []
        for name in ("shared_buffers", "work_mem", "effective_cache_size"):
            cursor.execute(f"SHOW {name}")
            values.append(f"{name}={cursor.fetchone()[0]}")
    connection.close()
    return f"PostgreSQL {version} ({', '.join(values)})"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def run_step(script: str, *arguments: str) -> None:
    print(f"== {script} {' '.join(arguments)}", flush=True)
    subprocess.run([sys.executable, str(BENCH / script), *arguments], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-load-test", action="store_true", help="leave out the locust step"
    )
    parser.add_argument("--repetitions", default="30", help="passed to measure.py")
    arguments = parser.parse_args()

    run_step("load_customers.py")
    machine = {
        "CPU": f"{os.cpu_count()} x {cpu_model()}",
        "memory": command_output("free", "-h").splitlines()[1].split()[1],
        "system": platform.platform(),
        "Python": platform.python_version(),
        "database": database_settings(),
        "load average before (1/5/15 min)": load_average(),
    }
    run_step("measure.py", "--repetitions", arguments.repetitions)
    machine["load average after measuring"] = load_average()
    run_step("auto_codes.py")
    run_step("explain.py")
    if not arguments.skip_load_test:
        # The load test's own failures are reported in its results, so a
        # failed check does not stop the report.
        print("== load_test.py", flush=True)
        subprocess.run([sys.executable, str(BENCH / "load_test.py")], check=False)
        machine["load average after the load test"] = load_average()
    (benchenv.RESULTS / "machine.json").write_text(json.dumps(machine, indent=2) + "\n")
    run_step("report.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())

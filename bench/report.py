"""Render the results of bench/perf_run.py as Markdown tables.

Reads bench/results/perf/machine.json, measure.json and load_test.json and
writes bench/results/perf/performance.md, from which docs/benchmarks.md takes
its tables.

    .venv/bin/python bench/report.py
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402


def load(name: str) -> dict | None:
    path = benchenv.RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def ratio(numerator: float, denominator: float) -> str:
    if not denominator:
        return "n/a"
    return f"{numerator / denominator:.1f}x"


def machine_section(machine: dict) -> list[str]:
    return [
        "| item | value |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        "",
    ]


def listing_section(measure: dict) -> list[str]:
    lines = [
        "| operation | rows | queries | median ms | p95 ms | raw SQL median ms "
        "| raw SQL p95 ms | page / raw SQL (p95) | admin median ms | admin p95 ms "
        "| admin / page (median) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in measure["listing"]:
        page, raw = row["page"], row["raw_sql"]
        admin = row.get("admin") or {"median_ms": 0.0, "p95_ms": 0.0}
        rows = (row["rows"] or "").replace("data-count-more-than=", "more than ")
        rows = rows.replace("data-count=", "").replace('"', "")
        lines.append(
            f"| {row['operation']} | {rows} | {row['queries']} "
            f"| {page['median_ms']:.1f} | {page['p95_ms']:.1f} "
            f"| {raw['median_ms']:.1f} | {raw['p95_ms']:.1f} "
            f"| {ratio(page['p95_ms'], raw['p95_ms'])} "
            f"| {admin['median_ms']:.1f} | {admin['p95_ms']:.1f} "
            f"| {ratio(admin['median_ms'], page['median_ms'])} |"
        )
    for row in measure["pages"]:
        page = row["page"]
        lines.append(
            f"| {row['operation']} | | | {page['median_ms']:.1f} "
            f"| {page['p95_ms']:.1f} | | | | | | |"
        )
    lines.append("")
    return lines


def creates_section(measure: dict) -> list[str]:
    one = measure["creates_one_process"]
    many = measure["concurrent_creates"]
    return [
        f"- One process: {one['creates']} `#AUTO` creates in {one['seconds']} s, "
        f"{one['per_second']} a second.",
        f"- {many['writers']} concurrent writers: {many['created']} of "
        f"{many['expected']} customers created in {many['seconds']} s "
        f"({many['per_second']} a second), {many['distinct_codes']} distinct codes, "
        f"{len(many['failures'])} failures.",
        "",
    ]


def load_test_section(load_test: dict) -> list[str]:
    check = load_test["created_check"]
    lines = [
        f"{load_test['users']} users for {load_test['minutes']} minutes, "
        f"{load_test['workers']} gunicorn workers.",
        "",
        "| request | count | failures | median ms | p95 ms | p99 ms | max ms | per s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in load_test["requests"]:
        lines.append(
            f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} "
            f"| {row['median_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} "
            f"| {row['max_ms']:.0f} | {row['per_second']} |"
        )
    lines += [
        "",
        f"Created-customer check: locust saw {check['reported_created']} creates; "
        f"the database holds {check['stored']} customers with the run's prefix "
        f"and {check['distinct_codes']} distinct codes; "
        f"{len(check['missing'])} missing, {len(check['duplicated'])} duplicated, "
        f"{len(check['unreported'])} unreported: "
        f"{'passed' if check['ok'] else 'FAILED'}.",
        "",
    ]
    return lines


def main() -> int:
    machine, measure, load_test = (
        load("machine.json"),
        load("measure.json"),
        load("load_test.json"),
    )
    lines = []
    if machine:
        lines += ["### Machine", "", *machine_section(machine)]
    if measure:
        lines += [
            f"### Server time at {measure['customers']:,} customers "
            f"({measure['repetitions']} repetitions)",
            "",
            *listing_section(measure),
            "### `#AUTO` creates",
            "",
            *creates_section(measure),
        ]
    if load_test:
        lines += ["### Load test", "", *load_test_section(load_test)]
    output = benchenv.RESULTS / "performance.md"
    output.write_text("\n".join(lines))
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

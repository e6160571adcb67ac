"""Render the results of bench/perf_run.py as Markdown tables.

Reads machine.json, measure.json, auto_codes.json and load_test.json from
bench/results/perf/ and writes performance.md there, from which
docs/benchmarks.md takes its tables.

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


def creates_section(measure: dict, auto_codes: dict | None) -> list[str]:
    one = measure["creates_one_process"]
    many = measure["concurrent_creates"]
    lines = []
    if auto_codes:
        lines.append(
            f"- One process, below the web layer: {auto_codes['creates']} "
            f"allocations and inserts in {auto_codes['seconds']} s, "
            f"{auto_codes['per_second']} a second, "
            f"{auto_codes['distinct_codes']} distinct codes."
        )
    return lines + [
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
        f"{load_test['users']} users started at {load_test.get('spawn_rate', 2)} "
        f"a second, then {load_test['minutes']} minutes with all of them, "
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
        f"Created-customer check: locust posted {check['attempted']} new "
        f"customers and saw {check['reported_created']} saved; the database holds "
        f"{check['stored']} customers with the run's prefix and "
        f"{check['distinct_codes']} distinct codes; "
        f"{len(check['missing'])} missing, {len(check['duplicated'])} duplicated, "
        f"{len(check['stored_while_in_flight'])} saved while locust stopped, "
        f"{len(check['unexpected'])} unexpected: "
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
            *creates_section(measure, load("auto_codes.json")),
        ]
    if load_test:
        lines += ["### Load test", "", *load_test_section(load_test)]
    output = benchenv.RESULTS / "performance.md"
    output.write_text("\n".join(lines))
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

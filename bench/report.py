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


FILTERED = ("name", "mobile", "code", "email", "combined")
PAGE_TARGET_MS = 100
RAW_SQL_FACTOR = 3
ADMIN_FACTOR = 5
CREATES_TARGET = 200
LOAD_P95_TARGET_MS = 300


def verdict(met: bool) -> str:
    return "met" if met else "missed"


def listing_targets(listing: dict) -> list[str]:
    filtered = [listing[key] for key in FILTERED if key in listing]
    fast = [row["page"]["p95_ms"] <= PAGE_TARGET_MS for row in filtered]
    close = [
        row["page"]["p95_ms"] <= RAW_SQL_FACTOR * row["raw_sql"]["p95_ms"]
        for row in filtered
    ]
    lines = [
        f"| filtered listing page p95 <= {PAGE_TARGET_MS} ms | "
        f"{sum(fast)} of {len(fast)} met: "
        + ", ".join(
            f"`{row['key']}` {row['page']['p95_ms']:.1f} ms" for row in filtered
        )
        + " |",
        f"| filtered page <= {RAW_SQL_FACTOR} x its raw SQL (p95) | "
        f"{sum(close)} of {len(close)} met: "
        + ", ".join(
            f"`{row['key']}` {ratio(row['page']['p95_ms'], row['raw_sql']['p95_ms'])}"
            for row in filtered
        )
        + " |",
    ]
    first = listing.get("first_page")
    if first:
        lines.append(
            f"| unfiltered first page p95 <= {PAGE_TARGET_MS} ms | "
            f"{verdict(first['page']['p95_ms'] <= PAGE_TARGET_MS)}: "
            f"{first['page']['p95_ms']:.1f} ms |"
        )
    compared = [row for row in listing.values() if row.get("admin")]
    if compared:
        factors = [
            row["admin"]["median_ms"] / row["page"]["median_ms"] for row in compared
        ]
        lines.append(
            f"| >= {ADMIN_FACTOR} x faster than the admin changelist (median) | "
            f"{sum(f >= ADMIN_FACTOR for f in factors)} of {len(factors)} met: "
            f"{min(factors):.1f}x to {max(factors):.1f}x |"
        )
    return lines


def targets_section(measure, auto_codes, load_test) -> list[str]:
    """Return the targets table: each target, met or missed, with its result."""
    lines = ["| target | result |", "|---|---|"]
    if measure:
        listing = {row["key"]: row for row in measure["listing"]}
        lines += listing_targets(listing)
        form_creates = measure["creates_one_process"]
        if auto_codes:
            lines.append(
                f"| `#AUTO` >= {CREATES_TARGET} creates a second in one process | "
                f"{verdict(auto_codes['per_second'] >= CREATES_TARGET)} for "
                f"allocation and insert: {auto_codes['per_second']} a second; "
                f"through the customer form with its checks, session and "
                f"redirect: {form_creates['per_second']} a second |"
            )
        many = measure["concurrent_creates"]
        unique = (
            many["created"] == many["expected"] == many["distinct_codes"]
            and not many["failures"]
        )
        lines.append(
            f"| no duplicate codes with {many['writers']} concurrent writers | "
            f"{verdict(unique)}: {many['created']} of {many['expected']} created, "
            f"{many['distinct_codes']} distinct codes |"
        )
    if load_test:
        total = load_test["requests"][-1]
        check = load_test["created_check"]
        lines += [
            f"| load test: 0 errors | {verdict(total['failures'] == 0)}: "
            f"{total['failures']} failures in {total['requests']} requests |",
            f"| load test: p95 <= {LOAD_P95_TARGET_MS} ms | "
            f"{verdict(total['p95_ms'] <= LOAD_P95_TARGET_MS)}: "
            f"{total['p95_ms']:.0f} ms (median {total['median_ms']:.0f} ms) |",
            f"| load test: every created customer present once | "
            f"{verdict(check['ok'])}: {check['attempted']} posted, "
            f"{check['stored']} stored, {check['distinct_codes']} distinct codes |",
        ]
    return [*lines, ""]


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
    if measure or load_test:
        auto_codes = load("auto_codes.json")
        lines += ["### Targets", "", *targets_section(measure, auto_codes, load_test)]
    output = benchenv.RESULTS / "performance.md"
    output.write_text("\n".join(lines))
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Show PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) for the listing's searches.

Captures the SQL the Customer Listing sends for the name search `lim` and
the mobile search `3337` at the head office and prints each statement's
executed plan, so the docs can show which index serves it.

    .venv/bin/python bench/explain.py

Writes bench/results/perf/explain.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

SEARCHES = [
    ("Name contains `lim`", {"name": "lim"}),
    ("Mobile contains `3337`", {"mobile": "3337"}),
]


def explain(statement: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
        return "\n".join(row[0] for row in cursor.fetchall())


def statement_kind(statement: str) -> str:
    """Name what a listing statement reads, for the section headings."""
    if statement.startswith("SELECT COUNT(*)"):
        return "count query"
    if "OVER ()" in statement:
        return "matches with their count"
    return "page rows by id"


def main() -> int:
    benchenv.setup_django()
    import measure

    client = measure.staff_client(benchenv.FRONT_DESK_USERNAME)
    sections = []
    for description, params in SEARCHES:
        for statement in measure.customer_queries(client, params):
            sections.append(
                f"### {description}: {statement_kind(statement)}\n\n"
                f"```sql\n{statement}\n```\n\n"
                f"```\n{explain(statement)}\n```\n"
            )
    output = benchenv.RESULTS / "explain.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(sections))
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time `#AUTO` customer inserts below the web layer, in one process.

bench/measure.py times creates through the customer form, which includes
the session, authentication, form validation and the redirect. This script
times what the form's save does and nothing else: one transaction that
allocates the next code from the locked sequence and inserts the customer,
so the two rates show how much of a create is the web layer.

    .venv/bin/python bench/auto_codes.py [--creates 1000]

Writes bench/results/perf/auto_codes.json. Run bench/load_customers.py first.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchenv  # noqa: E402

NAME_PREFIX = "Benchmark codes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--creates", type=int, default=1000, help="customers to insert (default 1000)"
    )
    arguments = parser.parse_args()

    benchenv.setup_django()
    from django.db import transaction

    from branches.models import Branch
    from customers.codes import allocate_customer_code
    from customers.models import Customer

    branch = Branch.objects.get(code=benchenv.HEAD_OFFICE_CODE)
    run_id = time.strftime("%Y%m%d%H%M%S")
    started = time.perf_counter()
    for number in range(arguments.creates):
        with transaction.atomic():
            Customer.objects.create(
                code=allocate_customer_code(branch),
                name=f"{NAME_PREFIX} {run_id} {number}",
                home_branch=branch,
            )
    elapsed = time.perf_counter() - started

    created = Customer.objects.filter(name__startswith=f"{NAME_PREFIX} {run_id} ")
    codes = list(created.values_list("code", flat=True))
    result = {
        "creates": arguments.creates,
        "seconds": round(elapsed, 2),
        "per_second": round(arguments.creates / elapsed, 1),
        "distinct_codes": len(set(codes)),
    }
    created.delete()
    output = benchenv.RESULTS / "auto_codes.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{result['creates']} inserts in {result['seconds']} s, "
        f"{result['per_second']} a second; wrote {output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

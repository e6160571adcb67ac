"""Readers and data helpers for the Customer List report tests.

The readers open the real outputs: pdftotext, pdffonts and pdfinfo from
poppler-utils for the PDF and the csv module for the CSV.
"""

import csv
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from sales.models import (
    Item,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
)

REPORT_URL = "/reports/customers/"

# Names in the scripts the branches' customers write them in.
WORLD_NAMES = [
    "王小明",
    "陳𡃁妹",  # U+210C1, in CJK Extension B
    "தமிழ்செல்வி",
    "Nur Aisyah binti Abdullah",
    "ڤوتري نور عائشه",  # Jawi: Malay in Arabic script, with the Jawi letter pa
    "Amy 🌸😊",
]

# Marks pdftotext adds around right-to-left runs, and whitespace, which it
# inserts where a Tamil vowel sign is drawn before its consonant.
TEXT_NOISE = re.compile(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def requires(*programs):
    missing = [program for program in programs if shutil.which(program) is None]
    return pytest.mark.skipif(
        bool(missing), reason=f"{', '.join(missing)} not installed (poppler-utils)"
    )


def get_report(client, **params):
    params.setdefault("format", "html")
    return client.get(REPORT_URL, params)


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def squeeze(text: str) -> str:
    return TEXT_NOISE.sub("", text)


def pdf_fonts(pdf: bytes, tmp_path) -> list[dict]:
    """pdffonts' table as dicts with `name` (subset tag removed) and `emb`."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        fields = line.split()
        # Columns from the right: emb sub uni object-number generation.
        fonts.append({"name": fields[0].split("+")[-1], "emb": fields[-5]})
    return fonts


def pdf_info(pdf: bytes, tmp_path) -> dict:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, check=True, text=True
    ).stdout
    info = {}
    for line in output.splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_page_texts(pdf: bytes, tmp_path, pages: int) -> list[str]:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    texts = []
    for number in range(1, pages + 1):
        texts.append(
            subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        )
    return texts


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def preview_rows(response) -> list[list[str]]:
    """The preview table's cells as text, row by row, as the page shows them."""
    table = response.context["table"]
    return [
        [str(cell) for _column, cell in row.items()] for row in table.paginated_rows
    ]


def open_due(customer, branch, amount):
    balance = OpeningBalance.objects.create(
        customer=customer, branch=branch, date="2026-01-05"
    )
    OpeningDueLine.objects.create(opening_balance=balance, amount=Decimal(amount))
    return balance


def open_prepaid(customer, branch, amount, quantity=5):
    item, _created = Item.objects.get_or_create(
        code="FAC", defaults={"name": "Facial", "price": Decimal("80.00")}
    )
    balance = OpeningBalance.objects.create(
        customer=customer, branch=branch, date="2026-01-05"
    )
    line = OpeningPrepaidLine.objects.create(
        opening_balance=balance, item=item, quantity=quantity, amount=Decimal(amount)
    )
    PrepaidLedgerEntry.objects.create(
        customer=customer,
        item=item,
        prepaid_line=line,
        kind=PrepaidLedgerEntry.Kind.OPENING,
        quantity=quantity,
        value=Decimal(amount),
        selling_branch=branch,
        branch=branch,
        date=balance.date,
    )
    return balance

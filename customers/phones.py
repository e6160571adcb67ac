"""Phone numbers as people write them, reduced to digits for search."""

import re

# An extension written after the number: "x718", "ext 12", "ext. 12", "#12".
EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*\d+\s*$", re.IGNORECASE)
NON_DIGITS = re.compile(r"\D+")
# Numbers are compared on their last digits, so +65 9123 4567 matches
# 91234567 and +60 12-345 6789 matches 012-345 6789 whatever the prefix.
DUPLICATE_SUFFIX_DIGITS = 8


def digits_only(phone: str | None) -> str:
    """Return the digits of a phone number, without any extension.

    `+65 9333 7012` gives `6593337012` and `6123 4567 x718` gives `61234567`.
    """
    if not phone:
        return ""
    return NON_DIGITS.sub("", EXTENSION.sub("", phone))

"""Column mappings from file columns to customer fields, and import options.

A mapping is a list with one entry per file column: the key of the
customer field it fills, or "" for a column that is not imported.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.importer.reading import column_label


@dataclass(frozen=True)
class ImportField:
    """A customer field a column can fill, with the headers that suggest it.

    Headers are compared after `normalise_header`: lower case, letters and
    digits only, so `E-mail`, `EMAIL` and `e mail` are all `email`.
    """

    key: str
    label: str
    headers: tuple[str, ...] = ()


FIELDS = [
    ImportField(
        "code",
        gettext_lazy("Code"),
        (
            "customerid",
            "customercode",
            "customerno",
            "code",
            "clientid",
            "clientcode",
            "memberid",
            "memberno",
            "membercode",
            "membershipno",
            "referencecode",
        ),
    ),
    ImportField(
        "name",
        gettext_lazy("Name"),
        ("name", "fullname", "customername", "clientname", "membername"),
    ),
    ImportField(
        "first_name", gettext_lazy("First name"), ("firstname", "givenname", "first")
    ),
    ImportField(
        "last_name",
        gettext_lazy("Last name"),
        ("lastname", "surname", "familyname", "last"),
    ),
    ImportField("gender", gettext_lazy("Gender"), ("gender", "sex")),
    ImportField(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        ("dob", "dateofbirth", "birthdate", "birthday", "dateofbirthddmmyyyy"),
    ),
    ImportField(
        "identity_number",
        gettext_lazy("Identity number"),
        (
            "nric",
            "icno",
            "ic",
            "nricno",
            "icnumber",
            "mykad",
            "identitynumber",
            "identityno",
            "idno",
            "idnumber",
            "nricpassport",
            "passport",
            "passportno",
            "fin",
        ),
    ),
    ImportField(
        "mobile",
        gettext_lazy("Mobile"),
        (
            "phone1",
            "mobile",
            "mobileno",
            "mobilenumber",
            "mobilephone",
            "handphone",
            "handphoneno",
            "hp",
            "hpno",
            "cell",
            "cellphone",
            "phone",
            "phoneno",
            "phonenumber",
            "contact",
            "contactno",
            "contactnumber",
        ),
    ),
    ImportField(
        "telephone",
        gettext_lazy("Telephone"),
        (
            "phone2",
            "telephone",
            "telephoneno",
            "tel",
            "telno",
            "homephone",
            "hometel",
            "officephone",
            "officetel",
            "landline",
        ),
    ),
    ImportField(
        "email", gettext_lazy("Email"), ("email", "emailaddress", "mail", "emailid")
    ),
    ImportField(
        "address",
        gettext_lazy("Address"),
        ("address", "address1", "streetaddress", "homeaddress", "mailingaddress"),
    ),
    ImportField(
        "join_date",
        gettext_lazy("Join date"),
        (
            "subscriptiondate",
            "joindate",
            "joineddate",
            "datejoined",
            "joined",
            "joiningdate",
            "membersince",
            "registrationdate",
            "registereddate",
            "signupdate",
        ),
    ),
    ImportField(
        "referral_source",
        gettext_lazy("Referral source"),
        ("referralsource", "referral", "referredby", "howdidyouhearaboutus"),
    ),
    ImportField(
        "occupation",
        gettext_lazy("Occupation"),
        ("occupation", "job", "jobtitle", "profession"),
    ),
    ImportField(
        "remarks",
        gettext_lazy("Remarks"),
        ("remarks", "remark", "notes", "note", "comments", "comment"),
    ),
    ImportField(
        "marketing_consent",
        gettext_lazy("Marketing consent"),
        ("marketingconsent", "consent", "optin", "pdpaconsent", "marketing"),
    ),
]
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
NAME_PARTS = ("first_name", "last_name")


class CodePolicy(models.TextChoices):
    AUTO = "auto", gettext_lazy("#AUTO for every row")
    FILE = "file", gettext_lazy("The file's code column, with #AUTO where it is empty")


class DateOrder(models.TextChoices):
    DAY_FIRST = "dmy", gettext_lazy("Day first: 03/04/2024 is 3 April 2024")
    MONTH_FIRST = "mdy", gettext_lazy("Month first: 03/04/2024 is 4 March 2024")


class ImportMode(models.TextChoices):
    SKIP_INVALID = "skip", gettext_lazy("Import every valid row and skip the rest")
    ALL_OR_NOTHING = "all", gettext_lazy("Import nothing unless every row is valid")


@dataclass
class ImportOptions:
    """The choices that apply to every row: branch, group, dates and codes."""

    branch: object
    group: object = None
    date_order: str = DateOrder.DAY_FIRST
    code_policy: str = CodePolicy.AUTO
    epoch_1904: bool = False
    # The date that "in the future" is measured from, read once per import.
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def day_first(self) -> bool:
        return self.date_order != DateOrder.MONTH_FIRST


@dataclass
class MappingError:
    """A mistake in a mapping.

    `columns` are the indexes of the columns it concerns, and `option` is the
    name of the import option it concerns. Both are empty for a mistake in
    the mapping as a whole.
    """

    message: str
    columns: tuple[int, ...] = ()
    option: str = ""


class MappingJSONError(ValueError):
    """A --mapping argument that is not valid JSON or names unknown things."""


def normalise_header(header: str) -> str:
    return re.sub(r"[\W_]+", "", (header or "").casefold())


def suggest_mapping(headers: list[str]) -> list[str]:
    """Return the suggested field for each column, each field used once.

    A full-name column wins over first and last name columns.
    """
    lookup = {}
    for import_field in FIELDS:
        for header in import_field.headers:
            lookup.setdefault(header, import_field.key)
    mapping = []
    used = set()
    for header in headers:
        key = lookup.get(normalise_header(header), "")
        if key in used:
            key = ""
        used.add(key)
        mapping.append(key)
    if "name" in used:
        mapping = ["" if key in NAME_PARTS else key for key in mapping]
    return mapping


def field_label(key: str) -> str:
    return str(FIELDS_BY_KEY[key].label)


def check_mapping(
    mapping: list[str], headers: list[str], code_policy: str
) -> list[MappingError]:
    """Return the mistakes in `mapping`; an empty list means it can be used."""
    errors = []
    columns_by_key: dict[str, list[int]] = {}
    for index, key in enumerate(mapping):
        if not key:
            continue
        if key not in FIELDS_BY_KEY:
            errors.append(
                MappingError(
                    _("%(field)s is not a customer field.") % {"field": key}, (index,)
                )
            )
            continue
        columns_by_key.setdefault(key, []).append(index)

    for key, columns in columns_by_key.items():
        if len(columns) > 1:
            labels = [column_label(index, headers[index]) for index in columns]
            errors.append(
                MappingError(
                    _(
                        "%(field)s is chosen for columns %(columns)s. Choose it for "
                        "one column only."
                    )
                    % {"field": field_label(key), "columns": ", ".join(labels)},
                    tuple(columns),
                )
            )

    parts = [index for key in NAME_PARTS for index in columns_by_key.get(key, [])]
    if "name" in columns_by_key and parts:
        errors.append(
            MappingError(
                _("Choose either Name, or First name and Last name, not both."),
                tuple(columns_by_key["name"] + parts),
            )
        )
    elif "name" not in columns_by_key and not parts:
        errors.append(
            MappingError(
                _(
                    "Choose the column with the customer's name: Name, or First "
                    "name and Last name."
                )
            )
        )
    if code_policy == CodePolicy.FILE and "code" not in columns_by_key:
        errors.append(
            MappingError(
                _(
                    "Choose the column with the customer codes, or use #AUTO for "
                    "every row."
                ),
                option="code_policy",
            )
        )
    return errors


def mapping_from_json(text: str, headers: list[str]) -> list[str]:
    """Return the mapping that a JSON object of header to field key describes.

    Headers match ignoring case and surrounding spaces; a header mapped to
    null or "" is not imported, and so is every header left out.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingJSONError(
            _("The mapping is not valid JSON: %(error)s.") % {"error": error}
        ) from None
    if not isinstance(data, dict):
        raise MappingJSONError(
            _('The mapping must be a JSON object such as {"Email": "email"}.')
        )

    positions: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        positions.setdefault(header.strip().casefold(), []).append(index)
    mapping = [""] * len(headers)
    for header, key in data.items():
        found = positions.get(str(header).strip().casefold())
        if not found:
            raise MappingJSONError(
                _("The file has no column named %(header)s. Its columns are: %(all)s.")
                % {"header": repr(header), "all": ", ".join(map(repr, headers))}
            )
        if len(found) > 1:
            raise MappingJSONError(
                _(
                    "The file has %(count)d columns named %(header)s; rename them "
                    "so that each header is unique."
                )
                % {"count": len(found), "header": repr(header)}
            )
        if key in (None, ""):
            continue
        if key not in FIELDS_BY_KEY:
            raise MappingJSONError(
                _("%(field)s is not a customer field. Use one of: %(fields)s.")
                % {"field": repr(key), "fields": ", ".join(FIELDS_BY_KEY)}
            )
        mapping[found[0]] = key
    return mapping


def field_choices():
    """Choices for a column's select: not imported, then each field."""
    return [("", format_lazy("— {} —", gettext_lazy("Do not import")))] + [
        (import_field.key, import_field.label) for import_field in FIELDS
    ]

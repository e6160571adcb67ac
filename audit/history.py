"""Readable change lists from the historical rows of the audit trail."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Derived or bookkeeping columns that a reader of the history does not need.
SKIPPED_FIELDS = {"mobile_digits", "telephone_digits", "updated_at", "updated_by"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: object
    branch: object
    kind: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def display(record, model_field):
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, model_field.name, None)
        return str(related) if related is not None else str(value)
    return str(value)


def compared_fields(model):
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name not in SKIPPED_FIELDS and not model_field.primary_key
    ]


def object_history(instance, limit: int = 50) -> list[HistoryEntry]:
    """Return the newest `limit` changes of `instance`, with field differences.

    Rows are compared with their predecessor in Python, so the list costs one
    query however many changes it shows.
    """
    records = list(
        instance.history.select_related("history_user", "history_branch").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    fields = compared_fields(type(instance))
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            branch=record.history_branch,
            kind=str(KINDS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        if previous is not None and record.history_type == "~":
            for model_field in fields:
                old = display(previous, model_field)
                new = display(record, model_field)
                if old != new:
                    entry.changes.append(
                        Change(str(model_field.verbose_name), old, new)
                    )
        entries.append(entry)
    return entries

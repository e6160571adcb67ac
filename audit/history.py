"""Readable change lists from the historical rows of the audit trail."""

from collections import defaultdict
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


def display(record, model_field, related_labels):
    """Return a field's value as the history shows it.

    `related_labels` maps a related model to {pk: label} for the ids the
    history names, read beforehand, so no row reads its related objects.
    """
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        labels = related_labels.get(model_field.related_model, {})
        return labels.get(value, str(value))
    return str(value)


def read_related_labels(records, fields) -> dict:
    """Read the labels of every related object the records name, one query per model."""
    ids_by_model = defaultdict(set)
    for model_field in fields:
        if model_field.is_relation:
            for record in records:
                value = getattr(record, model_field.attname)
                if value not in (None, ""):
                    ids_by_model[model_field.related_model].add(value)
    return {
        model: {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=ids)}
        for model, ids in ids_by_model.items()
    }


def compared_fields(model):
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name not in SKIPPED_FIELDS and not model_field.primary_key
    ]


def object_history(instance, limit: int = 50) -> list[HistoryEntry]:
    """Return the newest `limit` changes of `instance`, with field differences.

    Rows are compared with their predecessor in Python, so the list costs one
    query, and one more for each kind of related object it names (groups,
    branches, users), however many changes it shows.
    """
    records = list(
        instance.history.select_related("history_user", "history_branch").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    fields = compared_fields(type(instance))
    related_labels = read_related_labels(records, fields)
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
                old = display(previous, model_field, related_labels)
                new = display(record, model_field, related_labels)
                if old != new:
                    entry.changes.append(
                        Change(str(model_field.verbose_name), old, new)
                    )
        entries.append(entry)
    return entries

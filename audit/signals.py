from simple_history.models import HistoricalRecords


def stamp_branch(sender, history_instance, **kwargs):
    """Record the request's current branch on each historical row."""
    request = getattr(HistoricalRecords.context, "request", None)
    branch = getattr(request, "branch", None)
    if branch is not None:
        history_instance.history_branch = branch


def skip_history_of_raw_saves(sender, instance, raw=False, **kwargs):
    """Keep loaddata from writing history, for many-to-many fields too.

    A raw save restores rows that already have their history; simple-history
    skips the row itself but records the many-to-many fields set after it.
    The mark lives on the deserialised instance only.
    """
    if raw:
        instance.skip_history_when_saving = True

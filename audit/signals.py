from simple_history.models import HistoricalRecords


def stamp_branch(sender, history_instance, **kwargs):
    """Record the request's current branch on each historical row."""
    request = getattr(HistoricalRecords.context, "request", None)
    branch = getattr(request, "branch", None)
    if branch is not None:
        history_instance.history_branch = branch

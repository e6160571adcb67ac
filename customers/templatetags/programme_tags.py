"""Template tags of the programme screens used on shared pages."""

from django import template
from django.db.models import Prefetch

from customers.models import ConsultancyAnswer, Enrolment, SelfEntry

register = template.Library()


@register.simple_tag
def customer_enrolments(customer):
    """Return the customer's enrolments with programme, branch and answers.

    Three queries, whatever the number of enrolments and answers.
    """
    answers = ConsultancyAnswer.objects.select_related("question")
    return list(
        Enrolment.objects.filter(customer=customer)
        .select_related("programme", "branch", "created_by")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )


@register.simple_tag(takes_context=True)
def pending_selfentry_count(context) -> int:
    """Count the self-entries held for review at the current branch: one query."""
    request = context.get("request")
    branch = getattr(request, "branch", None)
    user = getattr(request, "user", None)
    if (
        branch is None
        or user is None
        or not user.has_perm("customers.review_selfentry")
    ):
        return 0
    return SelfEntry.objects.pending().filter(branch=branch).count()

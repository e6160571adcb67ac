"""View helpers shared by the apps."""

import logging
import sys

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SAVE = "save"
SAVE_NEXT = "save_next"
APPLY = "apply"
SAVE_ACTIONS = (SAVE, SAVE_NEXT, APPLY)


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A staff screen: login, the listed permissions (403 without them) and a
    current branch (a page saying so for a user who works at none)."""

    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.branch is None:
            return render(request, "no_branch.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class SaveActionMixin:
    """Redirects after Save, Save & Next and Apply, read from `action`.

    Subclasses set `list_url_name`, `new_url_name` and `edit_url_name`.
    """

    def save_action(self) -> str:
        action = self.request.POST.get("action", SAVE)
        return action if action in SAVE_ACTIONS else SAVE

    def get_success_url(self):
        action = self.save_action()
        if action == SAVE_NEXT:
            return reverse(self.new_url_name)
        if action == APPLY:
            return reverse(self.edit_url_name, args=[self.object.pk])
        return reverse(self.list_url_name)


def takes_customer_ids(parameter):
    """Mark a view that acts on the customers whose ids are posted as
    `parameter`, so the access-matrix test probes it with mixed ids."""

    def mark(view):
        view.customer_ids_parameter = parameter
        return view

    return mark


def home(request):
    return redirect("customers:list")


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(
        request,
        "403.html",
        {"message": message or _("You do not have permission for this page.")},
        status=403,
    )


def server_error(request):
    """Render the 500 page, or a "try again" page when the database failed.

    Both templates render without the database or the request context, so
    they work when PostgreSQL is down. A failed request rolled back its
    transaction, so nothing was saved halfway.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    ):
        logger.error("Database unavailable for %s %s", request.method, request.path)
        html = render_to_string("503_database.html")
        return HttpResponse(html, status=503, headers={"Retry-After": "30"})
    return HttpResponse(render_to_string("500.html"), status=500)

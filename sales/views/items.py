"""The item catalogue: listing, form, publish toggle and bulk publish."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.generic.edit import CreateView, UpdateView

from customers.models import is_auto_code
from customers.views import parse_ids
from sales.codes import allocate_item_code
from sales.filters import ItemFilter
from sales.forms import ItemForm
from sales.models import Item
from sales.tables import ItemTable
from wess.listing import configure_table
from wess.views import SaveActionMixin, StaffMixin

logger = logging.getLogger(__name__)


class ItemListView(StaffMixin, TemplateView):
    permission_required = "sales.view_item"
    template_name = "sales/item_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = ItemFilter(self.request.GET or None, queryset=Item.objects.all())
        filterset.is_valid()
        table = configure_table(
            self.request, ItemTable(filterset.qs), filterset=filterset
        )
        context.update(filter=filterset, table=table)
        return context


class ItemFormMixin(SaveActionMixin, StaffMixin):
    model = Item
    form_class = ItemForm
    template_name = "sales/item_form.html"
    list_url_name = "sales:items"
    new_url_name = "sales:item_new"
    edit_url_name = "sales:item_edit"

    def form_valid(self, form):
        item = form.instance
        try:
            with transaction.atomic():
                if is_auto_code(item.code):
                    item.code = allocate_item_code()
                self.object = form.save()
        except IntegrityError:
            # Another save took the typed code between validation and insert.
            item.code = form.cleaned_data["code"]
            form.add_error("code", _("This code was just taken. Enter another one."))
            return self.form_invalid(form)

        logger.info(
            "Saved item %s (code %s) at branch %s",
            self.object.pk,
            self.object.code,
            self.request.branch.pk,
        )
        messages.success(
            self.request,
            _("Item %(name)s (%(code)s) was saved.")
            % {"name": self.object.name, "code": self.object.code},
        )
        return redirect(self.get_success_url())


class ItemCreateView(ItemFormMixin, CreateView):
    permission_required = "sales.add_item"


class ItemUpdateView(ItemFormMixin, UpdateView):
    permission_required = "sales.change_item"


def redirect_to_items(request):
    back = request.POST.get("next", "")
    if back.startswith("/sales/items/") and not back.startswith("//"):
        return redirect(back)
    return redirect("sales:items")


@require_POST
@login_required
@permission_required("sales.change_item", raise_exception=True)
def toggle_item_published(request, pk):
    with transaction.atomic():
        item = get_object_or_404(Item.objects.select_for_update(), pk=pk)
        item.is_published = not item.is_published
        item.save(update_fields=["is_published", "updated_at"])
    logger.info(
        "Item %s published=%s at branch %s",
        item.pk,
        item.is_published,
        getattr(request.branch, "pk", None),
    )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "sales/_item_published_toggle.html",
            {"record": item, "value": item.is_published},
        )
    return redirect_to_items(request)


@require_POST
@login_required
@permission_required("sales.change_item", raise_exception=True)
def bulk_publish_items(request):
    """Publish or unpublish the checked items."""
    action = request.POST.get("action", "")
    if action not in ("publish", "unpublish"):
        return HttpResponseBadRequest(_("Unknown action."))
    ids = sorted(set(parse_ids(request.POST.getlist("pk"))))
    if not ids:
        messages.warning(request, _("Tick at least one item first."))
        return redirect_to_items(request)

    selected = Item.objects.filter(pk__in=ids)
    if selected.count() != len(ids):
        raise Http404(_("One or more items were not found."))
    with transaction.atomic():
        changed = selected.update(is_published=action == "publish")

    logger.info(
        "Bulk %s of items %s at branch %s",
        action,
        ids,
        getattr(request.branch, "pk", None),
    )
    message = (
        ngettext("%(count)d item published.", "%(count)d items published.", changed)
        if action == "publish"
        else ngettext(
            "%(count)d item unpublished.", "%(count)d items unpublished.", changed
        )
    )
    messages.success(request, message % {"count": changed})
    return redirect_to_items(request)

"""The import screens: upload, mapping, dry-run preview, result.

Progress: the dry run and the import run inside their POST request, in
batches of rows, and write `progress.json` in the import's folder after
each batch. When such a form is submitted, static/js/import.js shows a
progress bar and polls the progress view about once a second with the run
id it put in the form, until the POST's response replaces the page. The
polls need a second worker or thread, which the development server and a
multi-worker gunicorn have. With a single worker the page shows only a
spinner. Without JavaScript, the forms post normally.
"""

import logging
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from branches.models import Branch
from customers.importer import engine
from customers.importer.engine import ImportState, ImportSummary, Phase
from customers.importer.forms import (
    ConfirmForm,
    MappingForm,
    PreviewFilterForm,
    UploadForm,
    UploadLimitHandler,
)
from customers.importer.mapping import CodePolicy, DateOrder, ImportOptions
from customers.importer.reading import (
    MAX_FILE_MEGABYTES,
    MAX_ROWS,
    FileInfo,
    ImportFileError,
    read_head,
)
from customers.importer.store import (
    ImportBusy,
    ImportStore,
    max_age_seconds,
    purge_expired,
)
from customers.importer.tables import preview_table
from customers.models import CustomerGroup
from wess.listing import configure_table
from wess.views import StaffMixin

logger = logging.getLogger(__name__)

SESSION_KEY = "wess_import_tokens"
# Imports a session remembers; older tokens are forgotten, not deleted.
SESSION_TOKENS = 20


def remember_token(request, token: str) -> None:
    tokens = [known for known in request.session.get(SESSION_KEY, []) if known != token]
    request.session[SESSION_KEY] = (tokens + [token])[-SESSION_TOKENS:]


def forget_token(request, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])
    if token in tokens:
        request.session[SESSION_KEY] = [known for known in tokens if known != token]


class ImportMixin(StaffMixin):
    permission_required = "customers.import_customers"

    def get_store(self) -> ImportStore:
        """Return this session's import named in the URL, or raise Http404."""
        token = self.kwargs["token"]
        store = None
        if token in self.request.session.get(SESSION_KEY, []):
            store = ImportStore.find(token)
        if store is None or store.meta.get("user") != self.request.user.pk:
            raise Http404(_("This import was not found; it may have expired."))
        return store

    def progress_reporter(self, store: ImportStore, run: str):
        def report(phase, done, total):
            store.report_progress(run, phase, done, total)

        return report if run else engine.no_progress

    def busy(self, store: ImportStore):
        return render(
            self.request,
            "importer/busy.html",
            {"store": store, "meta": store.meta},
            status=409,
        )

    def import_options(self, store: ImportStore) -> ImportOptions | None:
        """Return the saved options, or None if the branch or group is gone."""
        saved = store.meta.get("options") or {}
        branch = (
            Branch.objects.for_user(self.request.user)
            .active()
            .filter(pk=saved.get("branch"))
            .first()
        )
        if branch is None:
            return None
        group = None
        if saved.get("group"):
            group = CustomerGroup.objects.filter(
                pk=saved["group"], is_published=True
            ).first()
            if group is None:
                return None
        return ImportOptions(
            branch=branch,
            group=group,
            date_order=saved.get("date_order", DateOrder.DAY_FIRST),
            code_policy=saved.get("code_policy", CodePolicy.AUTO),
            epoch_1904=store.meta.get("epoch_1904", False),
        )


@method_decorator(csrf_exempt, name="dispatch")
class UploadView(ImportMixin, View):
    """Step 1: upload the file. CSRF is checked in `post`, after the upload
    handler that enforces the size limit is installed."""

    template_name = "importer/upload.html"

    def get(self, request):
        return self.show(UploadForm())

    def post(self, request):
        limit = UploadLimitHandler(request)
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.receive)(request, limit)

    def receive(self, request, limit):
        form = UploadForm(request.POST, request.FILES, too_large=limit.exceeded)
        if not form.is_valid():
            return self.show(form)

        purge_expired()
        upload = form.cleaned_data["file"]
        store = ImportStore.create()
        store.update_meta(user=request.user.pk)
        engine.save_upload(store, Path(upload.name).name, upload.chunks())
        try:
            engine.prepare(store, upload.name)
        except ImportFileError as error:
            store.delete()
            logger.debug("Upload rejected: %s", error.message)
            form.add_error("file", error.message)
            return self.show(form)

        remember_token(request, store.token)
        logger.info(
            "Import %s uploaded by user %s at branch %s",
            store.token,
            request.user.pk,
            request.branch.pk,
        )
        return redirect("importer:mapping", token=store.token)

    def show(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "max_megabytes": MAX_FILE_MEGABYTES,
                "max_rows": f"{MAX_ROWS:,}",
            },
        )


class MappingView(ImportMixin, View):
    """Step 2: map columns to fields and choose the options; POST runs the
    dry run and opens the preview."""

    template_name = "importer/mapping.html"

    def get(self, request, token):
        store = self.get_store()
        if store.meta.get("state") == ImportState.IMPORTED:
            return redirect("importer:result", token=token)
        sheet = request.GET.get("sheet") or store.meta.get("sheet")
        return self.show(store, sheet)

    def post(self, request, token):
        store = self.get_store()
        if store.meta.get("state") == ImportState.IMPORTED:
            return redirect("importer:result", token=token)
        sheet = request.POST.get("sheet") or None
        head, error = self.read_head(store, sheet)
        if head is None:
            return self.show(store, sheet, head=head, error=error)
        form = MappingForm(
            request.POST, head=head, user=request.user, branch=request.branch
        )
        if not form.is_valid():
            return self.show(store, sheet, form=form, head=head)

        options = self.options_from_form(form)
        try:
            with store.lock():
                store.reload()
                if store.meta.get("state") == ImportState.IMPORTED:
                    return redirect("importer:result", token=token)
                store.update_meta(options=form.options())
                engine.dry_run(
                    store,
                    form.cleaned_data["mapping"],
                    options,
                    sheet=sheet,
                    progress=self.progress_reporter(store, form.cleaned_data["run"]),
                )
        except ImportBusy:
            return self.busy(store)
        except ImportFileError as error:
            form.add_error(None, error.message)
            return self.show(store, sheet, form=form, head=head)
        return redirect("importer:preview", token=token)

    def options_from_form(self, form) -> ImportOptions:
        return ImportOptions(
            branch=form.cleaned_data["home_branch"],
            group=form.cleaned_data["group"],
            date_order=form.cleaned_data["date_order"],
            code_policy=form.cleaned_data["code_policy"],
        )

    def read_head(self, store, sheet):
        info = FileInfo.from_dict(store.meta["info"])
        if sheet and sheet not in info.sheets:
            sheet = None
        try:
            return read_head(store.source_path, info, sheet), None
        except ImportFileError as error:
            return None, error.message

    def show(self, store, sheet, *, form=None, head=None, error=None):
        info = FileInfo.from_dict(store.meta["info"])
        if sheet and sheet not in info.sheets:
            sheet = None
        if head is None and error is None:
            head, error = self.read_head(store, sheet)
        current_sheet = sheet or (info.sheets[0] if info.sheets else None)
        if form is None and head is not None:
            # The last dry run's choices apply while the columns are the same.
            saved = {}
            if (
                store.meta.get("sheet") == current_sheet
                and store.meta.get("headers") == head.headers
            ):
                saved = store.meta
            form = MappingForm(
                head=head,
                user=self.request.user,
                branch=self.request.branch,
                saved=saved,
                initial={"sheet": sheet or ""},
            )
        return render(
            self.request,
            self.template_name,
            {
                "store": store,
                "meta": store.meta,
                "info": info,
                "sheet": current_sheet or "",
                "form": form,
                "head": head,
                "error": error,
            },
        )


class PreviewView(ImportMixin, View):
    """Step 3: every row with its problems; POST imports the accepted rows."""

    template_name = "importer/preview.html"

    def get(self, request, token):
        store = self.get_store()
        moved = self.redirect_for_state(store)
        if moved:
            return moved
        return self.show(store, ConfirmForm())

    def post(self, request, token):
        store = self.get_store()
        moved = self.redirect_for_state(store)
        if moved:
            return moved
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.show(store, form)
        options = self.import_options(store)
        if options is None:
            messages.error(
                request,
                _("The chosen branch or group is no longer available. Choose again."),
            )
            return redirect("importer:mapping", token=token)

        try:
            with store.lock():
                store.reload()
                if store.meta.get("state") != ImportState.CHECKED:
                    return redirect("importer:result", token=token)
                engine.run_import(
                    store,
                    options,
                    mode=form.cleaned_data["mode"],
                    allow_duplicates=form.cleaned_data["allow_duplicates"],
                    user=request.user,
                    progress=self.progress_reporter(store, form.cleaned_data["run"]),
                )
                store.delete_sources()
        except ImportBusy:
            return self.busy(store)
        except engine.ImportWriteFailed as error:
            messages.error(request, str(error))
            return redirect("importer:preview", token=token)
        return redirect("importer:result", token=token)

    def redirect_for_state(self, store):
        state = store.meta.get("state")
        if state == ImportState.IMPORTED:
            return redirect("importer:result", token=store.token)
        if state != ImportState.CHECKED:
            return redirect("importer:mapping", token=store.token)
        return None

    def show(self, store, form):
        filter_form = PreviewFilterForm(self.request.GET or None)
        table = configure_table(
            self.request,
            preview_table(store, filter_form.statuses()),
            FormAsFilterSet(filter_form),
        )
        return render(
            self.request,
            self.template_name,
            {
                "store": store,
                "meta": store.meta,
                "summary": ImportSummary.from_dict(store.meta["summary"]),
                "options": self.import_options(store),
                "form": form,
                "filter_form": filter_form,
                "table": table,
            },
        )


class FormAsFilterSet:
    """A plain form where configure_table expects a FilterSet.

    The preview's rows come from the import's row store, not a queryset, so
    django-filter cannot filter them; the form's one box is applied by hand.
    """

    def __init__(self, form):
        self.form = form


class ResultView(ImportMixin, View):
    """Step 4: the counts, and the rejected rows to download."""

    def get(self, request, token):
        store = self.get_store()
        if store.meta.get("state") != ImportState.IMPORTED:
            return redirect("importer:mapping", token=token)
        return render(
            request,
            "importer/result.html",
            {
                "store": store,
                "meta": store.meta,
                "summary": ImportSummary.from_dict(store.meta["result"]),
                "has_rejected_file": store.rejected_path.is_file(),
                "keep_hours": max(1, max_age_seconds() // 3600),
            },
        )


class RejectedDownloadView(ImportMixin, View):
    def get(self, request, token):
        store = self.get_store()
        if not store.rejected_path.is_file():
            raise Http404(_("This import has no rejected rows."))
        stem = Path(store.meta.get("filename", "import")).stem
        return FileResponse(
            open(store.rejected_path, "rb"),  # noqa: SIM115 FileResponse closes it.
            as_attachment=True,
            filename=f"rejected-rows-{stem}.xlsx",
        )


@method_decorator(never_cache, name="dispatch")
class ProgressView(ImportMixin, View):
    """The progress of the dry run or import started with `run`, as JSON."""

    def get(self, request, token):
        store = self.get_store()
        progress = store.progress()
        run = request.GET.get("run", "")
        if not run or progress is None or progress.get("run") != run:
            return JsonResponse(
                {"phase": "waiting", "label": _("Starting…"), "done": 0, "total": None}
            )
        progress.pop("run", None)
        if progress["phase"] == Phase.DONE:
            progress["label"] = _("Done; opening the next page…")
        return JsonResponse(progress)


class CancelView(ImportMixin, View):
    def post(self, request, token):
        store = self.get_store()
        try:
            with store.lock():
                store.delete()
        except ImportBusy:
            return self.busy(store)
        forget_token(request, token)
        messages.info(request, _("The import was cancelled and its file deleted."))
        return redirect(reverse("importer:upload"))

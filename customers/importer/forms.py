"""Forms of the import screens: upload, mapping, preview filter and confirm."""

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.forms import style_widgets
from customers.importer.cells import cell_text
from customers.importer.mapping import (
    CodePolicy,
    DateOrder,
    ImportMode,
    check_mapping,
    field_choices,
    suggest_mapping,
)
from customers.importer.problems import RowStatus
from customers.importer.reading import (
    CSV_EXTENSIONS,
    MAX_FILE_BYTES,
    MAX_FILE_MEGABYTES,
    MAX_ROWS,
    XLSX_EXTENSIONS,
    too_large_message,
)
from customers.models import CustomerGroup

ACCEPTED_EXTENSIONS = ",".join(XLSX_EXTENSIONS + CSV_EXTENSIONS)


class UploadLimitHandler(FileUploadHandler):
    """Stop storing an upload once it passes MAX_FILE_BYTES.

    The rest of the request body is read and thrown away, so a large file
    never fills the disk, and the form reports the limit.
    """

    def __init__(self, request=None, limit=MAX_FILE_BYTES):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file (.csv), at most %(size)d MB "
            "and %(rows)s rows."
        )
        % {"size": MAX_FILE_MEGABYTES, "rows": f"{MAX_ROWS:,}"},
        widget=forms.FileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _(
                "The file is empty. Upload a file with a header row and at least "
                "one customer row."
            ),
        },
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        style_widgets(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error("file", too_large_message())
        return cleaned


def column_field_name(index: int) -> str:
    return f"column_{index}"


class MappingForm(forms.Form):
    """One select per file column, plus the options for every row.

    Column selects start at the saved mapping, or at the suggestions from
    the headers.
    """

    sheet = forms.CharField(required=False, widget=forms.HiddenInput)
    run = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    home_branch = forms.ModelChoiceField(
        label=_("Home branch for every row"),
        queryset=Branch.objects.none(),
        help_text=_(
            "Likely duplicates are looked for among the customers this branch sees."
        ),
    )
    group = forms.ModelChoiceField(
        label=_("Customer group for every row"),
        queryset=CustomerGroup.objects.none(),
        required=False,
        empty_label=_("No group"),
    )
    date_order = forms.ChoiceField(
        label=_("Dates such as 03/04/2024"),
        choices=DateOrder.choices,
        initial=DateOrder.DAY_FIRST,
        widget=forms.RadioSelect,
        help_text=_("Dates written 2024-04-03 or with a month name are always clear."),
    )
    code_policy = forms.ChoiceField(
        label=_("Customer codes"),
        choices=CodePolicy.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "#AUTO takes the next code of the running sequence. Codes from the "
            "file must not be in use already."
        ),
    )

    def __init__(self, *args, head, user, branch, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.head = head
        saved = saved or {}
        mapping = saved.get("mapping") or suggest_mapping(head.headers)
        if len(mapping) != len(head.headers):
            mapping = suggest_mapping(head.headers)
        self.column_names = []
        for index, label in enumerate(head.labels):
            name = column_field_name(index)
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=field_choices(),
                required=False,
                initial=mapping[index],
            )
            self.column_names.append(name)

        self.fields["home_branch"].queryset = Branch.objects.for_user(user).active()
        self.fields["group"].queryset = CustomerGroup.objects.filter(is_published=True)
        options = saved.get("options") or {}
        self.fields["home_branch"].initial = options.get("branch") or branch.pk
        self.fields["group"].initial = options.get("group")
        self.fields["date_order"].initial = options.get(
            "date_order", DateOrder.DAY_FIRST
        )
        self.fields["code_policy"].initial = options.get("code_policy") or (
            CodePolicy.FILE if "code" in mapping else CodePolicy.AUTO
        )
        style_widgets(self)
        for name in ("date_order", "code_policy"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def column_rows(self):
        """Return (bound select, sample values, hidden) for each column."""
        rows = []
        for index, name in enumerate(self.column_names):
            samples = [
                cell_text(row[index]) for row in self.head.samples if index < len(row)
            ]
            rows.append((self[name], samples, index in self.head.hidden_columns))
        return rows

    def clean(self):
        cleaned = super().clean()
        mapping = [cleaned.get(name, "") for name in self.column_names]
        for error in check_mapping(
            mapping, self.head.headers, cleaned.get("code_policy", "")
        ):
            if error.columns:
                for index in error.columns:
                    self.add_error(column_field_name(index), error.message)
            elif error.option:
                self.add_error(error.option, error.message)
            else:
                self.add_error(None, error.message)
        cleaned["mapping"] = mapping
        return cleaned

    def options(self) -> dict:
        """Return the options in the form they are saved with the import."""
        group = self.cleaned_data.get("group")
        return {
            "branch": self.cleaned_data["home_branch"].pk,
            "group": group.pk if group else None,
            "date_order": self.cleaned_data["date_order"],
            "code_policy": self.cleaned_data["code_policy"],
        }


class PreviewFilterForm(forms.Form):
    """The Status box under the preview's Status header."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All rows"))] + RowStatus.choices,
        widget=forms.Select(
            attrs={
                "class": "form-select form-select-sm",
                "form": "filter-form",
                "aria-label": _("Status"),
                "data-autosubmit-select": "",
            }
        ),
    )

    def statuses(self) -> list[str]:
        if self.is_valid() and self.cleaned_data["status"]:
            return [self.cleaned_data["status"]]
        return []


class ConfirmForm(forms.Form):
    run = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        label=_("Rows with problems"),
        choices=ImportMode.choices,
        initial=ImportMode.SKIP_INVALID,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    allow_duplicates = forms.BooleanField(
        label=_("Also import rows that look like existing customers, as new customers"),
        required=False,
        help_text=_("Existing customers are never changed by an import."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allow_duplicates"].widget.attrs["class"] = "form-check-input"

"""Forms of the staff screens: programmes, their questions and enrolments."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.forms import DateInput, style_widgets
from customers.models import ConsultancyQuestion, Programme
from customers.programmes.answers import add_answer_fields
from wess.forms import BoundedDateField

MAX_OPTIONS = 30
OPTION_MAX_LENGTH = 100


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the programme's name."))
        clash = Programme.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("A programme named %(name)s already exists."),
                params={"name": name},
            )
        return name


class QuestionForm(forms.ModelForm):
    """One consultancy question; choice options are typed one per line."""

    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line, for single and multiple choice questions."),
    )

    class Meta:
        model = ConsultancyQuestion
        fields = ["text", "kind", "is_required", "help_text", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(self.instance.options)
        self.order_fields(
            ["text", "kind", "options_text", "is_required", "help_text", "is_active"]
        )
        style_widgets(self)

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise ValidationError(_("Enter the question."))
        return text

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        question = self.instance
        if question.pk and kind != question.kind and question.answers.exists():
            raise ValidationError(
                _(
                    "This question has answers, so its kind cannot change. "
                    "Deactivate it and add a new question instead."
                )
            )
        return kind

    def clean_options_text(self):
        options = []
        for line in self.cleaned_data["options_text"].splitlines():
            option = " ".join(line.split())
            if not option:
                continue
            if len(option) > OPTION_MAX_LENGTH:
                raise ValidationError(
                    _("Option %(option)s is longer than %(max)d characters."),
                    params={"option": option, "max": OPTION_MAX_LENGTH},
                )
            if option.casefold() in {known.casefold() for known in options}:
                raise ValidationError(
                    _("Option %(option)s is listed twice."), params={"option": option}
                )
            options.append(option)
        if len(options) > MAX_OPTIONS:
            raise ValidationError(
                _("Enter at most %(max)d options."), params={"max": MAX_OPTIONS}
            )
        return options

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = cleaned.get("options_text") or []
        if kind in ConsultancyQuestion.CHOICE_KINDS:
            if len(options) < 2 and "options_text" not in self.errors:
                self.add_error(
                    "options_text", _("Enter at least two options, one per line.")
                )
        elif options:
            self.add_error(
                "options_text",
                _("Only single and multiple choice questions have options."),
            )
        return cleaned

    def save(self, commit=True):
        self.instance.options = self.cleaned_data.get("options_text") or []
        return super().save(commit=commit)


class ProgrammeChoiceForm(forms.Form):
    """The programme picker at the top of the staff enrolment page."""

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.filter(is_active=True),
        empty_label=_("Choose a programme"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class EnrolmentForm(forms.Form):
    """A staff enrolment: its date and the programme's active questions."""

    enrolled_on = BoundedDateField(
        label=_("Enrolment date"), initial=timezone.localdate, widget=DateInput()
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        add_answer_fields(self, self.questions)
        style_answer_widgets(self)

    def clean_enrolled_on(self):
        enrolled_on = self.cleaned_data["enrolled_on"]
        if enrolled_on > timezone.localdate():
            raise ValidationError(_("The enrolment date cannot be in the future."))
        return enrolled_on


def style_answer_widgets(form):
    """Give each widget its Bootstrap class; option lists style their items."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
    style_widgets(form)

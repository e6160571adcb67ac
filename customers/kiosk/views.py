"""The kiosk: customers enter their own profile on a shop's tablet.

Steps: programme, general information, other information, consultancy
questions, consent, review, then a thank-you screen. Each step validates
on the server and keeps what was posted in the session draft, so Back and
Next lose nothing. The submission validates every step again.
"""

import logging

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from branches.current import set_current_branch
from branches.models import Branch
from customers.kiosk import ratelimit
from customers.kiosk.forms import (
    ConsentForm,
    ExitForm,
    GeneralForm,
    OtherForm,
    QuestionsForm,
)
from customers.kiosk.session import (
    Draft,
    end_kiosk,
    idle_seconds,
    kiosk_id,
    kiosk_marker,
)
from customers.kiosk.session import start_kiosk as begin_kiosk_session
from customers.models import Programme
from customers.programmes.answers import answers_from_cleaned
from customers.programmes.selfentry import submit_self_entry

logger = logging.getLogger(__name__)

PROGRAMME = "programme"
GENERAL = "general"
OTHER = "other"
QUESTIONS = "questions"
CONSENT = "consent"
REVIEW = "review"

STEPS = (
    (PROGRAMME, gettext_lazy("Programme"), "kiosk:home"),
    (GENERAL, gettext_lazy("General Information"), "kiosk:general"),
    (OTHER, gettext_lazy("Other Information"), "kiosk:other"),
    (QUESTIONS, gettext_lazy("Consultancy Questions"), "kiosk:questions"),
    (CONSENT, gettext_lazy("Consent"), "kiosk:consent"),
    (REVIEW, gettext_lazy("Review"), "kiosk:review"),
)
STEP_NAMES = [name for name, _title, _url in STEPS]
FORM_STEPS = {
    GENERAL: GeneralForm,
    OTHER: OtherForm,
    QUESTIONS: QuestionsForm,
    CONSENT: ConsentForm,
}
THANKS_SECONDS = 8


def step_url(step: str) -> str:
    return reverse(next(url for name, _title, url in STEPS if name == step))


def progress(current: str, draft: Draft):
    """Return the progress indicator's steps, each with its state and number."""
    items = []
    for number, (name, title, _url) in enumerate(STEPS, start=1):
        if name == current:
            state = "current"
        elif draft.is_done(name):
            state = "done"
        else:
            state = "todo"
        items.append({"number": number, "name": name, "title": title, "state": state})
    return items


def active_programmes():
    return Programme.objects.filter(is_active=True).order_by("name")


def chosen_programme(draft: Draft):
    if draft.programme_id is None:
        return None
    return active_programmes().filter(pk=draft.programme_id).first()


def make_form(step: str, draft: Draft, programme, data=None, initial=None):
    form_class = FORM_STEPS[step]
    options = {"data": data, "initial": initial}
    if step == QUESTIONS:
        options["questions"] = programme.active_questions()
    return form_class(**options)


def stored_form(step: str, draft: Draft, programme):
    """Bind the step's form to the values kept in the draft."""
    data = MultiValueDict()
    for name, value in draft.step_values(step).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return make_form(step, draft, programme, data=data)


class KioskView(View):
    """A kiosk page: only in a kiosk session, with the draft loaded.

    A draft left idle for longer than the idle timeout is discarded before
    anything else, and the customer starts again at the first step.
    """

    step = None

    def dispatch(self, request, *args, **kwargs):
        self.branch = request.kiosk_branch
        if self.branch is None:
            return redirect("kiosk:home")

        self.draft = Draft(request)
        if self.draft.expired():
            self.draft.clear()
            messages.info(
                request, _("The form was cleared because nobody used it for a while.")
            )
            if self.step != PROGRAMME:
                return redirect("kiosk:home")
        response = super().dispatch(request, *args, **kwargs)
        # After leaving kiosk mode the session belongs to staff: no draft.
        if not self.draft.is_empty and kiosk_marker(request) is not None:
            self.draft.touch()
        return response

    def context(self, **extra):
        return {
            "branch": self.branch,
            "steps": progress(self.step, self.draft),
            "step_number": STEP_NAMES.index(self.step) + 1 if self.step else None,
            "step_count": len(STEPS),
            "idle_seconds": idle_seconds(),
            **extra,
        }

    def first_missing_step(self, programme):
        """Return the earliest step before this one still to complete, if any."""
        if programme is None:
            return PROGRAMME
        for name in STEP_NAMES[1 : STEP_NAMES.index(self.step)]:
            if not self.draft.is_done(name):
                return name
        return None


class HomeView(KioskView):
    """The kiosk start: programme choice, or a notice outside kiosk mode."""

    step = PROGRAMME

    def dispatch(self, request, *args, **kwargs):
        if request.kiosk_branch is None:
            return render(request, "kiosk/not_kiosk.html", {"idle_seconds": 0})
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_choice()

    def post(self, request):
        try:
            programme_id = int(request.POST.get("programme", ""))
        except ValueError:
            programme_id = None
        programme = active_programmes().filter(pk=programme_id).first()
        if programme is None:
            return self.render_choice(
                error=_("Please choose one of the programmes below."), status=400
            )
        self.draft.set_programme(programme.pk)
        self.draft.save()
        return redirect("kiosk:general")

    def render_choice(self, error=None, status=200):
        return render(
            self.request,
            "kiosk/home.html",
            self.context(
                programmes=active_programmes(),
                chosen=self.draft.programme_id,
                error=error,
            ),
            status=status,
        )


class StepView(KioskView):
    """One form step. `nav=back` keeps the values and goes back a step."""

    template_name = "kiosk/step.html"

    def setup_step(self):
        self.programme = chosen_programme(self.draft)
        missing = self.first_missing_step(self.programme)
        if missing is not None:
            return redirect(step_url(missing))
        return None

    def get(self, request):
        if (response := self.setup_step()) is not None:
            return response
        form = make_form(
            self.step,
            self.draft,
            self.programme,
            initial=self.draft.step_values(self.step),
        )
        return self.render_form(form)

    def post(self, request):
        if (response := self.setup_step()) is not None:
            return response
        form = make_form(self.step, self.draft, self.programme, data=request.POST)
        valid = form.is_valid()
        self.draft.set_step_values(self.step, form.posted_values())
        self.draft.mark_done(self.step, valid)
        self.draft.save()

        index = STEP_NAMES.index(self.step)
        if request.POST.get("nav") == "back":
            return redirect(step_url(STEP_NAMES[index - 1]))
        if not valid:
            return self.render_form(form, status=400)
        return redirect(step_url(STEP_NAMES[index + 1]))

    def render_form(self, form, status=200):
        title = STEPS[STEP_NAMES.index(self.step)][1]
        return render(
            self.request,
            self.template_name,
            self.context(form=form, title=title, programme=self.programme),
            status=status,
        )


class GeneralView(StepView):
    step = GENERAL


class OtherView(StepView):
    step = OTHER


class QuestionsView(StepView):
    step = QUESTIONS


class ConsentView(StepView):
    step = CONSENT


class ReviewView(StepView):
    """The summary of every step, and the submission."""

    def setup_step(self):
        if (response := super().setup_step()) is not None:
            return response
        self.forms = {}
        for name in FORM_STEPS:
            form = stored_form(name, self.draft, self.programme)
            if not form.is_valid():
                self.draft.mark_done(name, False)
                self.draft.save()
                return redirect(step_url(name))
            self.forms[name] = form
        return None

    step = REVIEW

    def get(self, request):
        if (response := self.setup_step()) is not None:
            return response
        return self.render_review()

    def post(self, request):
        if (response := self.setup_step()) is not None:
            return response
        if request.POST.get("nav") == "back":
            return redirect(step_url(CONSENT))
        if not ratelimit.hit(ratelimit.submit_limit(), kiosk_id(request), request):
            return self.render_review(
                error=_(
                    "Thank you! This tablet has sent several entries in a short "
                    "time, so please wait a few minutes and press Submit again, "
                    "or ask our staff for help."
                ),
                status=429,
            )

        details = {
            **self.forms[GENERAL].cleaned_data,
            **self.forms[OTHER].cleaned_data,
            "marketing_consent": self.forms[CONSENT].cleaned_data["marketing_consent"],
        }
        questions_form = self.forms[QUESTIONS]
        submit_self_entry(
            branch=self.branch,
            programme=self.programme,
            details=details,
            answers=answers_from_cleaned(
                questions_form.questions, questions_form.cleaned_data
            ),
        )
        self.draft.clear()
        return redirect("kiosk:thanks")

    def render_review(self, error=None, status=200):
        sections = []
        for name, title, url in STEPS[1:-1]:
            form = self.forms[name]
            sections.append(
                {
                    "title": title,
                    "url": reverse(url),
                    "rows": [
                        (form[field].label, display(form, field))
                        for field in form.fields
                        if field != "data_consent"
                    ],
                }
            )
        return render(
            self.request,
            "kiosk/review.html",
            self.context(sections=sections, programme=self.programme, error=error),
            status=status,
        )


def display(form, name) -> str:
    """Return the cleaned value of a field as the customer typed or chose it."""
    value = form.cleaned_data.get(name)
    field = form.fields[name]
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class ThanksView(KioskView):
    def get(self, request):
        return render(
            request,
            "kiosk/thanks.html",
            {
                "branch": self.branch,
                "return_seconds": THANKS_SECONDS,
                "idle_seconds": idle_seconds(),
            },
        )


class RestartView(KioskView):
    """Forget the draft and return to the first step (Start over, idle reset)."""

    step = PROGRAMME

    def post(self, request):
        self.draft.clear()
        return redirect("kiosk:home")


class ExitView(KioskView):
    """Leave kiosk mode with the username and password of a branch's staff."""

    def get(self, request):
        return self.render_exit(ExitForm())

    def post(self, request):
        form = ExitForm(request.POST)
        if not form.is_valid():
            return self.render_exit(form, status=400)
        if not ratelimit.hit(ratelimit.exit_limit(), kiosk_id(request), request):
            form.add_error(
                None, _("Too many attempts. Wait a few minutes and try again.")
            )
            return self.render_exit(form, status=429)

        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        works_here = (
            user is not None
            and user.has_perm("customers.start_kiosk")
            and Branch.objects.for_user(user).filter(pk=self.branch.pk).exists()
        )
        if not works_here:
            form.add_error(
                None,
                _(
                    "The username or password is wrong, or this user cannot "
                    "run the kiosk of this branch."
                ),
            )
            return self.render_exit(form, status=400)

        branch = self.branch
        self.draft.clear()
        end_kiosk(request)
        login(request, user)
        set_current_branch(request, branch)
        logger.info("User %s ended kiosk mode at branch %s", user.pk, branch.pk)
        return redirect("customers:list")

    def render_exit(self, form, status=200):
        return render(
            self.request,
            "kiosk/exit.html",
            {"form": form, "branch": self.branch, "idle_seconds": idle_seconds()},
            status=status,
        )


@require_POST
def start(request):
    """Turn this browser into a kiosk for the staff user's current branch."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('customers:list')}")
    if not request.user.has_perm("customers.start_kiosk"):
        return render(
            request,
            "403.html",
            {"message": _("You do not have permission to start kiosk mode.")},
            status=403,
        )
    branch = request.branch
    if branch is None:
        return render(request, "no_branch.html", status=403)

    user_id = request.user.pk
    begin_kiosk_session(request, branch)
    logger.info("User %s started kiosk mode at branch %s", user_id, branch.pk)
    return redirect("kiosk:home")

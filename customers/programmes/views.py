"""Programme management for managers: programmes and their questions."""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.generic.edit import CreateView, UpdateView

from customers.models import ConsultancyQuestion, Programme, SelfEntry
from customers.programmes.filters import ProgrammeFilter
from customers.programmes.forms import ProgrammeForm, QuestionForm
from customers.programmes.tables import ProgrammeTable
from wess.listing import configure_table
from wess.views import SaveActionMixin, StaffMixin

logger = logging.getLogger(__name__)


class ProgrammeListView(StaffMixin, TemplateView):
    permission_required = "customers.view_programme"
    template_name = "programmes/programme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programmes = Programme.objects.annotate(
            question_count=Count(
                "questions", filter=Q(questions__is_active=True), distinct=True
            ),
            enrolment_count=Count("enrolments", distinct=True),
        )
        filterset = ProgrammeFilter(self.request.GET or None, queryset=programmes)
        filterset.is_valid()
        table = configure_table(
            self.request, ProgrammeTable(filterset.qs), filterset=filterset
        )
        context.update(filter=filterset, table=table)
        return context


class ProgrammeFormMixin(SaveActionMixin, StaffMixin):
    model = Programme
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"
    list_url_name = "programmes:list"
    new_url_name = "programmes:new"
    edit_url_name = "programmes:edit"

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        logger.info(
            "Saved programme %s at branch %s", self.object.pk, self.request.branch.pk
        )
        messages.success(
            self.request, _("Programme %(name)s was saved.") % {"name": self.object}
        )
        return redirect(self.get_success_url())


class ProgrammeCreateView(ProgrammeFormMixin, CreateView):
    permission_required = "customers.add_programme"


class ProgrammeUpdateView(ProgrammeFormMixin, UpdateView):
    permission_required = "customers.change_programme"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"] = questions_with_answer_counts(self.object)
        return context


def questions_with_answer_counts(programme):
    return programme.questions.annotate(answer_count=Count("answers")).order_by(
        "position", "pk"
    )


def question_in_use(question) -> bool:
    """Whether answers, or self-entries still to review, refer to the question."""
    if question.answers.exists():
        return True
    return (
        SelfEntry.objects.pending()
        .filter(programme_id=question.programme_id, answers__has_key=str(question.pk))
        .exists()
    )


class QuestionFormMixin(StaffMixin):
    model = ConsultancyQuestion
    form_class = QuestionForm
    template_name = "programmes/question_form.html"
    permission_required = "customers.change_programme"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["programme_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.programme.questions.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = self.programme
        return context

    def form_valid(self, form):
        question = form.instance
        with transaction.atomic():
            if question.pk is None:
                question.programme = self.programme
                last = self.programme.questions.aggregate(last=Max("position"))
                question.position = (last["last"] or 0) + 1
            self.object = form.save()
        logger.info(
            "Saved question %s of programme %s at branch %s",
            self.object.pk,
            self.programme.pk,
            self.request.branch.pk,
        )
        messages.success(self.request, _("The question was saved."))
        if self.request.POST.get("action") == "save_next":
            return redirect("programmes:question_new", self.programme.pk)
        return redirect("programmes:edit", self.programme.pk)


class QuestionCreateView(QuestionFormMixin, CreateView):
    pass


class QuestionUpdateView(QuestionFormMixin, UpdateView):
    pk_url_kwarg = "question_id"


def staff_post(permission):
    """Wrap a view for a POST by a staff user with `permission` and a branch."""

    def decorate(view):
        @require_POST
        @login_required
        @permission_required(permission, raise_exception=True)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.branch is None:
                return render(request, "no_branch.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


@staff_post("customers.change_programme")
def move_question(request, programme_id, question_id):
    """Swap a question with its neighbour above (`direction=up`) or below."""
    direction = request.POST.get("direction")
    with transaction.atomic():
        programme = get_object_or_404(
            Programme.objects.select_for_update(), pk=programme_id
        )
        questions = list(programme.questions.order_by("position", "pk"))
        index = next(
            (i for i, question in enumerate(questions) if question.pk == question_id),
            None,
        )
        if index is None:
            raise Http404(_("The question was not found."))
        target = index - 1 if direction == "up" else index + 1
        if direction in ("up", "down") and 0 <= target < len(questions):
            questions[index], questions[target] = questions[target], questions[index]
        for position, question in enumerate(questions, start=1):
            question.position = position
        ConsultancyQuestion.objects.bulk_update(questions, ["position"])
    logger.info(
        "Moved question %s of programme %s %s at branch %s",
        question_id,
        programme_id,
        direction,
        request.branch.pk,
    )
    return redirect("programmes:edit", programme_id)


@staff_post("customers.change_programme")
def delete_question(request, programme_id, question_id):
    """Delete a question, or deactivate it if answers refer to it."""
    with transaction.atomic():
        programme = get_object_or_404(Programme, pk=programme_id)
        question = get_object_or_404(
            programme.questions.select_for_update(), pk=question_id
        )
        if question_in_use(question):
            question.is_active = False
            question.save(update_fields=["is_active"])
            deleted = False
        else:
            question.delete()
            deleted = True
    logger.info(
        "%s question %s of programme %s at branch %s",
        "Deleted" if deleted else "Deactivated",
        question_id,
        programme_id,
        request.branch.pk,
    )
    if deleted:
        messages.success(request, _("The question was deleted."))
    else:
        messages.info(
            request,
            _(
                "The question has answers, so it was deactivated instead of "
                "deleted. Its answers are kept."
            ),
        )
    return redirect("programmes:edit", programme_id)


class ProgrammeDeleteView(StaffMixin, TemplateView):
    """Confirm, then delete a programme, or deactivate one that is in use."""

    permission_required = "customers.delete_programme"
    template_name = "programmes/programme_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = get_object_or_404(Programme, pk=self.kwargs["programme_id"])
        context.update(programme=programme, in_use=programme_in_use(programme))
        return context

    def post(self, request, programme_id):
        with transaction.atomic():
            programme = get_object_or_404(
                Programme.objects.select_for_update(), pk=programme_id
            )
            if programme_in_use(programme):
                programme.is_active = False
                programme.save(update_fields=["is_active", "updated_at"])
                deleted = False
            else:
                programme.delete()
                deleted = True
        logger.info(
            "%s programme %s at branch %s",
            "Deleted" if deleted else "Deactivated",
            programme_id,
            request.branch.pk,
        )
        if deleted:
            messages.success(
                request, _("Programme %(name)s was deleted.") % {"name": programme}
            )
            return redirect("programmes:list")
        messages.info(
            request,
            _(
                "Programme %(name)s has enrolments, so it was deactivated "
                "instead of deleted."
            )
            % {"name": programme},
        )
        return redirect("programmes:edit", programme_id)


def programme_in_use(programme) -> bool:
    return (
        programme.enrolments.exists()
        or programme.self_entries.exists()
        or programme.questions.filter(answers__isnull=False).exists()
    )

"""Appointments: a day view per branch and the booking form."""

import datetime
import logging

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django.views.generic.edit import CreateView, UpdateView

from customers.models import Customer
from sales.filters import AppointmentFilter
from sales.forms import AppointmentForm, DayForm
from sales.models import Appointment
from sales.tables import AppointmentTable
from wess.listing import configure_table
from wess.views import APPLY, SAVE_NEXT, SaveActionMixin, StaffMixin

logger = logging.getLogger(__name__)


def appointments_at(branch):
    """The branch's appointments of customers it may still see."""
    return Appointment.objects.filter(
        branch=branch,
        customer__in=Customer.objects.visible_at(branch).values("pk"),
    ).select_related("customer", "catalogue_item")


def day_bounds(day: datetime.date):
    """The start and end of `day` in the current time zone, as aware datetimes."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


class AppointmentDayView(StaffMixin, TemplateView):
    permission_required = "sales.view_appointment"
    template_name = "sales/appointment_day.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day_form = DayForm(self.request.GET or None)
        day = day_form.day()
        start, end = day_bounds(day)
        appointments = appointments_at(self.request.branch).filter(
            start__gte=start, start__lt=end
        )
        filterset = AppointmentFilter(self.request.GET or None, queryset=appointments)
        filterset.is_valid()
        table = AppointmentTable(filterset.qs.order_by("start"))
        table = configure_table(self.request, table, filterset=filterset)
        context.update(
            day=day,
            day_form=day_form,
            previous_day=day - datetime.timedelta(days=1),
            next_day=day + datetime.timedelta(days=1),
            filter=filterset,
            table=table,
        )
        return context


class AppointmentFormMixin(SaveActionMixin, StaffMixin):
    model = Appointment
    form_class = AppointmentForm
    template_name = "sales/appointment_form.html"
    list_url_name = "sales:appointments"
    new_url_name = "sales:appointment_new"
    edit_url_name = "sales:appointment_edit"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["branch"] = self.request.branch
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        customer = self.request.GET.get("customer", "")
        if customer.isdigit():
            initial["customer"] = int(customer)
        return initial

    def form_valid(self, form):
        appointment = form.instance
        if appointment.pk is None:
            appointment.branch = self.request.branch
            appointment.created_by = self.request.user
        response = super().form_valid(form)
        logger.info(
            "Saved appointment %s of customer %s at branch %s",
            self.object.pk,
            self.object.customer_id,
            self.request.branch.pk,
        )
        messages.success(
            self.request,
            _("Appointment of %(name)s on %(start)s was saved.")
            % {
                "name": self.object.customer.name,
                "start": timezone.localtime(self.object.start).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
        )
        return response

    def get_success_url(self):
        if self.save_action() in (SAVE_NEXT, APPLY):
            return super().get_success_url()
        day = timezone.localtime(self.object.start).date()
        return f"{reverse(self.list_url_name)}?date={day:%Y-%m-%d}"


class AppointmentCreateView(AppointmentFormMixin, CreateView):
    permission_required = "sales.add_appointment"


class AppointmentUpdateView(AppointmentFormMixin, UpdateView):
    permission_required = "sales.change_appointment"

    def get_queryset(self):
        return appointments_at(self.request.branch)

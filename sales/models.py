from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.models import Customer


class Appointment(models.Model):
    """A booking of a customer at a branch for a treatment or service."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ARRIVED = "arrived", _("Arrived")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    customer = models.ForeignKey(
        Customer,
        # A customer with appointments is unpublished, not deleted, so the
        # branch's booking history stays whole.
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("customer"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("branch"),
    )
    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    item = models.CharField(_("item"), max_length=150)
    staff_name = models.CharField(_("staff"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.customer.name} {self.start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.customer_id])

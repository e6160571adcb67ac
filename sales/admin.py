from django.contrib import admin

from sales.models import Appointment
from wess.admin_scoping import CustomerScopedAdminMixin


@admin.register(Appointment)
class AppointmentAdmin(CustomerScopedAdminMixin, admin.ModelAdmin):
    list_display = ["start", "customer", "branch", "item", "staff_name", "status"]
    list_filter = ["status", "branch"]
    list_select_related = ["customer", "branch"]
    search_fields = ["customer__name", "customer__code", "item"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "start"

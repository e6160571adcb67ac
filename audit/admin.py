from django.contrib import admin

from audit.models import Anonymisation
from customers.models import Customer

HistoricalCustomer = Customer.history.model


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Read-only, and for superusers only: the audit trail is evidence."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoricalCustomer)
class HistoricalCustomerAdmin(SuperuserOnlyAdmin):
    """Every recorded state of every customer, deleted ones included."""

    list_display = [
        "history_date",
        "history_type",
        "code",
        "name",
        "home_branch",
        "history_user",
        "history_branch",
    ]
    list_filter = ["history_type", "history_branch"]
    search_fields = ["code", "name", "mobile_digits", "email"]
    date_hierarchy = "history_date"


@admin.register(Anonymisation)
class AnonymisationAdmin(SuperuserOnlyAdmin):
    list_display = ["customer", "anonymised_at", "anonymised_by", "branch"]

"""Django admin for the sales models, scoped to the current branch.

Staff who are not superusers see only rows whose customer the current
branch may see. The ledger and due payments are read-only here: they are
written through the app's screens, which lock the customer and check the
balance, and the ledger is append-only.
"""

from django.contrib import admin

from branches.models import Branch
from sales.models import (
    Appointment,
    DuePayment,
    Item,
    ItemCodeSequence,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
)
from wess.admin_scoping import CustomerScopedAdminMixin


class ReadOnlyAdminMixin:
    """Rows written only by the app's screens: viewing, never changing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BranchChoicesAdminMixin:
    """Limit branch choices to the branches a non-superuser works at."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Branch and not request.user.is_superuser:
            kwargs["queryset"] = Branch.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ItemCodeSequence)
class ItemCodeSequenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "prefix", "digits", "next_number"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "price", "is_active", "is_published"]
    list_filter = ["kind", "is_active", "is_published"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        # Items are made inactive; prepaid lines and the ledger refer to them.
        return False


class OpeningDueLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OpeningDueLine
    fields = ["amount", "note"]
    readonly_fields = fields
    extra = 0


class OpeningPrepaidLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OpeningPrepaidLine
    fields = ["item", "quantity", "amount", "is_removed"]
    readonly_fields = fields
    extra = 0


@admin.register(OpeningBalance)
class OpeningBalanceAdmin(CustomerScopedAdminMixin, admin.ModelAdmin):
    """Opening balances, read-only here because the app's form records each
    change of their lines in the prepaid ledger."""

    list_display = ["customer", "branch", "date", "reference"]
    list_filter = ["branch"]
    list_select_related = ["customer", "branch"]
    search_fields = ["customer__name", "customer__code", "reference"]
    fields = ["customer", "branch", "date", "reference", "remarks"]
    readonly_fields = ["customer", "branch", "created_by", "updated_by"]
    inlines = [OpeningDueLineInline, OpeningPrepaidLineInline]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrepaidLedgerEntry)
class PrepaidLedgerEntryAdmin(
    ReadOnlyAdminMixin, CustomerScopedAdminMixin, admin.ModelAdmin
):
    list_display = [
        "date",
        "customer",
        "item",
        "kind",
        "quantity",
        "value",
        "selling_branch",
        "branch",
        "created_by",
    ]
    list_filter = ["kind", "branch", "selling_branch"]
    list_select_related = ["customer", "item", "branch", "selling_branch", "created_by"]
    search_fields = ["customer__name", "customer__code", "item__name"]
    date_hierarchy = "date"


@admin.register(DuePayment)
class DuePaymentAdmin(ReadOnlyAdminMixin, CustomerScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "customer", "branch", "amount", "note", "created_by"]
    list_filter = ["branch"]
    list_select_related = ["customer", "branch", "created_by"]
    search_fields = ["customer__name", "customer__code"]
    date_hierarchy = "date"


@admin.register(Appointment)
class AppointmentAdmin(
    BranchChoicesAdminMixin, CustomerScopedAdminMixin, admin.ModelAdmin
):
    list_display = ["start", "customer", "branch", "item", "staff_name", "status"]
    list_filter = ["status", "branch"]
    list_select_related = ["customer", "branch"]
    search_fields = ["customer__name", "customer__code", "item"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "start"

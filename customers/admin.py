from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

# Registers Programme, Enrolment and SelfEntry in admin.
import customers.programmes.admin  # noqa: F401
from branches.models import Branch
from customers.models import CodeSequence, Customer, CustomerGroup
from wess.admin_scoping import CustomerScopedAdminMixin


@admin.register(CustomerGroup)
class CustomerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "validity_days", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name"]


@admin.register(CodeSequence)
class CodeSequenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "branch", "prefix", "digits", "next_number"]
    list_select_related = ["branch"]


@admin.register(Customer)
class CustomerAdmin(CustomerScopedAdminMixin, SimpleHistoryAdmin):
    customer_path = ""
    list_display = [
        "code",
        "name",
        "mobile",
        "telephone",
        "email",
        "group",
        "home_branch",
        "join_date",
        "is_published",
    ]
    list_filter = ["is_published", "home_branch", "group", "gender", "source"]
    list_select_related = ["group", "home_branch"]
    search_fields = ["code", "name", "mobile", "telephone", "email"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    date_hierarchy = "join_date"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "home_branch" and not request.user.is_superuser:
            kwargs["queryset"] = Branch.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

"""Django admin for programmes, enrolments and self-entries.

Imported by customers/admin.py, which Django's admin autodiscovery loads.
Enrolments are limited to customers the current branch may see, and
self-entries to the current branch, for staff who are not superusers.
"""

from django.contrib import admin

from customers.models import (
    ConsultancyAnswer,
    ConsultancyQuestion,
    Enrolment,
    Programme,
    SelfEntry,
)
from wess.admin_scoping import CustomerScopedAdminMixin


class ConsultancyQuestionInline(admin.TabularInline):
    model = ConsultancyQuestion
    fields = ["position", "text", "kind", "is_required", "options", "is_active"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [ConsultancyQuestionInline]


class ConsultancyAnswerInline(admin.TabularInline):
    model = ConsultancyAnswer
    fields = [
        "question",
        "text_value",
        "boolean_value",
        "number_value",
        "date_value",
        "choices_value",
    ]
    raw_id_fields = ["question"]
    extra = 0


@admin.register(Enrolment)
class EnrolmentAdmin(CustomerScopedAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "programme", "branch", "enrolled_on", "source"]
    list_filter = ["programme", "branch", "source"]
    list_select_related = ["customer", "programme", "branch"]
    raw_id_fields = ["customer"]
    date_hierarchy = "enrolled_on"
    inlines = [ConsultancyAnswerInline]


@admin.register(SelfEntry)
class SelfEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "programme", "status", "created_at"]
    list_filter = ["status", "branch", "programme"]
    list_select_related = ["branch", "programme"]
    search_fields = ["name"]
    raw_id_fields = ["customer"]
    readonly_fields = ["created_at", "reviewed_at", "reviewed_by"]

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        return entries.filter(branch=getattr(request, "branch", None))

from django.contrib import admin

from branches.models import Branch, StaffMembership


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["shares_customers_with"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "all_branches"]
    list_filter = ["all_branches", "branches"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["branches"]
    autocomplete_fields = ["user"]

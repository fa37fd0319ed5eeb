from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from basisbaan.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        (
            BaseUserAdmin.fieldsets[1][0],
            {"fields": (*BaseUserAdmin.fieldsets[1][1]["fields"], "phone")},
        ),
        *BaseUserAdmin.fieldsets[2:],
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "organisation", "start_date", "end_date"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username"]

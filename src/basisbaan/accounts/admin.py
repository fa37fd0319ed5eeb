from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.audit import api as audit


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
        (
            _("Single sign-on"),
            {
                "fields": ("oidc_subject",),
                "description": _(
                    "The subject (sub) of this person at the identity provider. Only an "
                    "administrator links it; the provider's claims never give a role."
                ),
            },
        ),
        *BaseUserAdmin.fieldsets[2:],
    )
    search_fields = (*BaseUserAdmin.search_fields, "oidc_subject")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "oidc_subject" in form.changed_data:
            audit.changed(request.user, obj, fields=["oidc_subject"], purpose="sso link")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "organisation", "start_date", "end_date"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username"]

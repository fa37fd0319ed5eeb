from django.contrib import admin

from basisbaan.organisations import models


class ContactInline(admin.TabularInline):
    model = models.ContactPerson
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "municipality",
        "is_task_provider",
        "is_guidance",
        "is_funder",
        "is_referral_partner",
    ]
    list_filter = ["municipality", "kind", "is_referral_partner"]
    search_fields = ["name", "kvk_number"]
    inlines = [ContactInline]

from django.contrib import admin

from basisbaan.tenants import models


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "shared_service"]
    prepopulated_fields = {"slug": ["name"]}


class ParametersInline(admin.TabularInline):
    model = models.ProgrammeParameters
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "start_date", "employer"]
    list_filter = ["municipality", "kind"]
    inlines = [ParametersInline]


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "cbs_year", "kind", "municipality"]
    list_filter = ["municipality", "kind", "cbs_year"]
    search_fields = ["name", "cbs_code"]


@admin.register(models.MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "hourly_eur", "weekly_eur", "monthly_eur", "source"]


class EmployerTermsInline(admin.TabularInline):
    model = models.EmployerTerms
    extra = 0


@admin.register(models.Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kvk_number"]
    list_filter = ["municipality"]
    inlines = [EmployerTermsInline]


@admin.register(models.BijstandsNorm)
class BijstandsNormAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "single_eur", "couple_eur", "source"]


@admin.register(models.TaskCategory)
class TaskCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality", "order", "active"]
    list_filter = ["municipality", "active"]

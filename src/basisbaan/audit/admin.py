from django.contrib import admin

from basisbaan.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are never changed or removed."""

    list_display = ["timestamp", "actor_username", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type", "municipality"]
    search_fields = ["actor_username", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Basisbaan platform administration")
admin.site.site_title = _("Basisbaan")


def _platform_admin_only(request) -> bool:
    # The Django admin crosses municipalities, so only platform superusers may use it.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _platform_admin_only

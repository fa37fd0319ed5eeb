import contextlib

from django.views.generic import ListView

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.core.mixins import PermissionMixin


class AuditLogView(PermissionMixin, ListView):
    """Read-only audit trail of the active municipality, with filters."""

    permission = "audit.view"
    template_name = "audit/list.html"
    paginate_by = 100

    def get_queryset(self):
        queryset = self.scoped(AuditEntry.objects.all())
        params = self.request.GET
        if params.get("user"):
            queryset = queryset.filter(actor_username__icontains=params["user"].strip())
        if params.get("action") in AuditEntry.Action.values:
            queryset = queryset.filter(action=params["action"])
        if params.get("type"):
            queryset = queryset.filter(object_type=params["type"])
        if params.get("record"):
            queryset = queryset.filter(object_id=params["record"].strip())
        for name, lookup in (("from", "timestamp__date__gte"), ("to", "timestamp__date__lte")):
            with contextlib.suppress(KeyError, ValueError):
                queryset = queryset.filter(**{lookup: calendar.parse_date(params[name])})
        return queryset

    def get_context_data(self, **kwargs):
        types = (
            self.scoped(AuditEntry.objects.all())
            .order_by()
            .values_list("object_type", flat=True)
            .distinct()
        )
        return super().get_context_data(
            actions=AuditEntry.Action.choices,
            types=sorted(types),
            filters=self.request.GET,
            **kwargs,
        )

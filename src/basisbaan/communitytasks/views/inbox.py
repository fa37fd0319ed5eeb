"""The inbox of info-day and co-financing messages, its export and handling."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.audit import api as audit
from basisbaan.communitytasks import services
from basisbaan.communitytasks.models import InboxMessage
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin

# --- staff: inbox ------------------------------------------------------------------


class InboxView(PermissionMixin, TemplateView):
    permission = "communitytasks.inbox"
    template_name = "communitytasks/inbox.html"

    def get_context_data(self, **kwargs):
        items = self.scoped(InboxMessage.objects.all())
        kind = self.request.GET.get("kind", "")
        if kind in InboxMessage.Kind.values:
            items = items.filter(kind=kind)
        if self.request.GET.get("open"):
            items = items.filter(handled_at__isnull=True)
        items = list(items[:200])
        for item in items:
            audit.read(self.request.user, item, fields=InboxMessage.PERSONAL_FIELDS)
        return super().get_context_data(
            items=items,
            kinds=InboxMessage.Kind.choices,
            kind=kind,
            only_open=bool(self.request.GET.get("open")),
            **kwargs,
        )


INBOX_COLUMNS = [
    "received_at",
    "kind",
    "name",
    "organisation",
    "role",
    "email",
    "phone",
    "interests",
    "amount",
    "message",
    "handled_at",
]


class InboxExportView(PermissionMixin, TemplateView):
    """CSV export of the inbox (every exported message is in the audit trail)."""

    permission = "communitytasks.inbox"

    def get(self, request, *args, **kwargs):
        items = self.scoped(InboxMessage.objects.all()).order_by("received_at")
        kind = request.GET.get("kind", "")
        if kind in InboxMessage.Kind.values:
            items = items.filter(kind=kind)
        rows = []
        for item in items:
            # Text typed by the public: core.exports neutralises formulas (CSV injection).
            rows.append(
                [
                    timezone.localtime(item.received_at).strftime("%Y-%m-%d %H:%M"),
                    item.kind,
                    item.name,
                    item.organisation,
                    item.role,
                    item.email,
                    item.phone,
                    ", ".join(item.interests),
                    item.amount_indication,
                    item.message,
                    timezone.localtime(item.handled_at).strftime("%Y-%m-%d %H:%M")
                    if item.handled_at
                    else "",
                ]
            )
            audit.exported(
                request.user, item, fields=InboxMessage.PERSONAL_FIELDS, purpose="inbox CSV"
            )
        # Semicolons and a byte order mark, so Dutch spreadsheet programs read it.
        return exports.attachment(
            exports.csv_text(rows, header=INBOX_COLUMNS, delimiter=";", bom=True),
            f"inbox-{self.municipality.slug}-{calendar.today():%Y%m%d}.csv",
        )


class InboxHandleView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.inbox"
    model = InboxMessage

    def get(self, request, *args, **kwargs):
        return redirect("communitytasks:inbox")

    def post(self, request, *args, **kwargs):
        services.mark_handled(self.object, request.user)
        messages.success(request, _("Marked as handled."))
        return HttpResponseRedirect(reverse("communitytasks:inbox"))

"""The inbox of info-day and co-financing messages, its export and handling."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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


# The export's headers, in the reader's language (core.exports.spreadsheet_csv).
INBOX_COLUMNS = [
    gettext_lazy("received at"),
    gettext_lazy("kind"),
    gettext_lazy("name"),
    gettext_lazy("organisation"),
    gettext_lazy("role"),
    gettext_lazy("e-mail address"),
    gettext_lazy("phone number"),
    gettext_lazy("interests"),
    gettext_lazy("contribution in mind"),
    gettext_lazy("message"),
    gettext_lazy("handled at"),
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
        interests = dict(InboxMessage.Interest.choices)
        for item in items:
            # Text typed by the public: core.exports neutralises formulas (CSV injection).
            rows.append(
                [
                    item.received_at,
                    item.get_kind_display(),
                    item.name,
                    item.organisation,
                    item.role,
                    item.email,
                    item.phone,
                    ", ".join(str(interests.get(code, code)) for code in item.interests),
                    item.amount_indication,
                    item.message,
                    item.handled_at,
                ]
            )
            audit.exported(
                request.user, item, fields=InboxMessage.PERSONAL_FIELDS, purpose="inbox CSV"
            )
        # Semicolons, a byte order mark, Dutch dates: Dutch spreadsheet programs read it.
        return exports.attachment(
            exports.spreadsheet_csv(rows, header=INBOX_COLUMNS),
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

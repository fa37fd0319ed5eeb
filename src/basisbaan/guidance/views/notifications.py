"""The user's in-app notifications."""

from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import ListView, View

from basisbaan.core import parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance.models import Notification
from basisbaan.guidance.notifications import unread_count


class NotificationListView(PermissionMixin, ListView):
    permission = "guidance.notifications"
    template_name = "guidance/notifications.html"
    paginate_by = 50

    def get_queryset(self):
        return self.scoped(Notification.objects.select_related("participant"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(unread=unread_count(self.request.user), **kwargs)


class NotificationOpenView(ObjectPermissionMixin, View):
    permission = "guidance.notifications"
    model = Notification

    def post(self, request, *args, **kwargs):
        if self.object.read_at is None:
            Notification.objects.filter(pk=self.object.pk).update(read_at=timezone.now())
        url = parsing.local_url(self.object.url, request)
        return redirect(url or "guidance:notifications")


class NotificationReadAllView(PermissionMixin, View):
    permission = "guidance.notifications"

    def post(self, request, *args, **kwargs):
        self.scoped(Notification.objects.filter(read_at__isnull=True)).update(
            read_at=timezone.now()
        )
        return redirect("guidance:notifications")

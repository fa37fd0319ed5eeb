"""Unexpected absences: finding and accepting replacements, handled replan requests."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.planning import services, unexpected
from basisbaan.planning.models import Replacement, ReplanRequest
from basisbaan.planning.views.common import _existing_week


class UnexpectedView(PermissionMixin, TemplateView):
    """Absences in a published week: open places and suggested replacements."""

    permission = "planning.view"
    template_name = "planning/unexpected.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("week", None)
        week = _existing_week(self.municipality, self.kwargs["week"])
        affected = unexpected.affected_assignments(week) if week.pk else []
        replacements = (
            week.replacements.filter(status=Replacement.Status.OPEN).select_related(
                "absent", "suggested", "task"
            )
            if week.pk
            else []
        )
        if affected or replacements:
            audit.read(self.request.user, week, fields=["absences", "replacements"])
        return super().get_context_data(
            week=week,
            affected=affected,
            replacements=replacements,
            can_manage=access.has_perm(self.request.user, "planning.manage", self.municipality),
            **kwargs,
        )


class FindReplacementsView(PermissionMixin, View):
    """Re-plan the absence days of a published week with minimal change (POST)."""

    permission = "planning.manage"

    def post(self, request, week):
        planning_week = _existing_week(self.municipality, week)
        target = reverse("planning:unexpected", args=[week])
        if not planning_week.pk:
            messages.error(request, _("This week has no published plan."))
            return redirect(target)
        try:
            found = unexpected.suggest(planning_week, request.user, request.POST.get("revision"))
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)d open place(s) looked at.") % {"n": found})
        return redirect(target)


class AcceptReplacementView(ObjectPermissionMixin, View):
    """Accept a suggested replacement: a new published version of the week (POST)."""

    permission = "planning.manage"
    model = Replacement

    def post(self, request, pk):
        replacement = self.object
        target = reverse("planning:unexpected", args=[replacement.week.label])
        try:
            version = unexpected.accept(replacement, request.user, request.POST.get("revision"))
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Accepted. Version %(n)d of the week is published.") % {"n": version.number},
            )
        return redirect(target)


class ReplanHandledView(ObjectPermissionMixin, View):
    """Mark a request to change someone's week as handled (POST)."""

    permission = "planning.manage"
    model = ReplanRequest

    def post(self, request, pk):
        services.mark_handled(self.object, request.user)
        messages.success(request, _("The request is marked as handled."))
        return redirect("planning:index")

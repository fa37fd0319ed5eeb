"""The planner's weeks: the overview, a week, starting a run; the weights."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency
from basisbaan.core.mixins import PermissionMixin
from basisbaan.planning import services, unexpected
from basisbaan.planning.forms import WeightsForm
from basisbaan.planning.models import PlanningWeek, PlanningWeights, ReplanRequest
from basisbaan.planning.views.common import RunForm, _existing_week, _week_or_404


class PlanningIndexView(PermissionMixin, TemplateView):
    """The planner's start: recent and coming weeks, and open requests to change a week."""

    permission = "planning.view"
    template_name = "planning/index.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        this_monday = calendar.monday(today)
        starts = [this_monday + datetime.timedelta(days=7 * i) for i in (-1, 0, 1, 2)]
        stored = {
            w.week_start: w
            for w in PlanningWeek.objects.filter(
                municipality=self.municipality, week_start__in=starts
            ).select_related("published")
        }
        weeks = []
        for start in starts:
            week = stored.get(start) or PlanningWeek(
                municipality=self.municipality, week_start=start
            )
            latest = week.versions.order_by("-number").first() if week.pk else None
            weeks.append(
                {
                    "week": week,
                    "latest": latest,
                    "is_current": start == this_monday,
                    "is_coming": start == this_monday + datetime.timedelta(days=7),
                    "open_after_absence": (
                        len(unexpected.affected_assignments(week))
                        if week.published_id and start >= this_monday
                        else 0
                    ),
                }
            )
        requests = self.scoped(
            ReplanRequest.objects.filter(handled_at__isnull=True).select_related(
                "participant", "requested_by"
            )
        )
        if requests:
            audit.read(self.request.user, self.municipality, fields=["replan_requests"])
        return super().get_context_data(
            weeks=weeks,
            requests=requests,
            can_manage=access.has_perm(self.request.user, "planning.manage", self.municipality),
            **kwargs,
        )


class WeekView(PermissionMixin, TemplateView):
    """One week: its versions, pins and forbids, and the form to start a planning run."""

    permission = "planning.view"
    template_name = "planning/week.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("week", None)
        week = _existing_week(self.municipality, self.kwargs["week"])
        versions = week.versions.select_related("created_by").order_by("-number") if week.pk else []
        rules = (
            services.readable_rules(week, week.rules.select_related("participant"))
            if week.pk
            else []
        )
        if rules:
            audit.read(self.request.user, week, fields=["rules"])
        return super().get_context_data(
            week=week,
            versions=versions,
            rules=rules,
            form=RunForm(initial={"revision": week.revision}),
            holidays=calendar.public_holidays(week.week_start),
            can_manage=access.has_perm(self.request.user, "planning.manage", self.municipality),
            **kwargs,
        )


class StartRunView(PermissionMixin, View):
    """Start a planning run for the week (POST)."""

    permission = "planning.manage"

    def post(self, request, week):
        start = _week_or_404(self.municipality, week).week_start
        form = RunForm(request.POST)
        target = reverse("planning:week", args=[week])
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(target)
        planning_week = services.week_for(self.municipality, start)
        try:
            version = services.start_run(
                planning_week,
                request.user,
                form.cleaned_data["revision"],
                time_limit=form.time_limit,
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            return redirect(target)
        return redirect("planning:version", version.pk)


class WeightsView(concurrency.ConflictMixin, PermissionMixin, FormView):
    """The municipality's weights for the planning engine's costs."""

    permission = "planning.manage"
    template_name = "planning/weights.html"
    form_class = WeightsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = PlanningWeights.for_municipality(self.municipality)
        return kwargs

    def form_valid(self, form):
        try:
            with transaction.atomic():
                # Not set yet: version 0 is the defaults, stored now so the claim has a row.
                weights, is_new = PlanningWeights.objects.get_or_create(
                    municipality=self.municipality
                )
                concurrency.claim(weights, form.posted_version)
                for key in PlanningWeights.KEYS:
                    setattr(weights, key, form.cleaned_data[key])
                weights.save()
                changed = [name for name in form.changed_data if name in PlanningWeights.KEYS]
                (audit.created if is_new else audit.changed)(
                    self.request.user, weights, fields=changed or list(PlanningWeights.KEYS)
                )
        except concurrency.StaleEdit:
            return self.conflict_response(
                form, record=PlanningWeights.for_municipality(self.municipality)
            )
        messages.success(self.request, _("The weights are saved. The next planning run uses them."))
        return redirect("planning:index")

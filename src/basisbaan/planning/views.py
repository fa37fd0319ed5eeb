"""Planning views: the planner's weeks, runs and results; the participant's week card."""

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView
from basisbaan.core.vocabulary import WEEKDAY_CHOICES
from basisbaan.planning import gaps, ids, services, unexpected, weekcard
from basisbaan.planning.forms import WeightsForm
from basisbaan.planning.models import (
    CalendarToken,
    PlanningWeek,
    PlanningWeights,
    PlanRule,
    PlanVersion,
    Replacement,
    ReplanRequest,
)

DAY_NAMES = dict(WEEKDAY_CHOICES)


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=gettext_lazy("Time budget (seconds)"),
        min_value=services.MIN_TIME_LIMIT,
        max_value=services.MAX_TIME_LIMIT,
        initial=services.DEFAULT_TIME_LIMIT,
        help_text=gettext_lazy("More time can give a better plan. 20 seconds is usually enough."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


def _week_or_404(municipality, label: str) -> PlanningWeek:
    try:
        start = calendar.parse_week(label)
    except ValueError:
        raise Http404 from None
    return PlanningWeek(municipality=municipality, week_start=start)


def _existing_week(municipality, label: str) -> PlanningWeek:
    """The stored week, or an unsaved one for a week nobody planned yet."""
    week = _week_or_404(municipality, label)
    return (
        PlanningWeek.objects.filter(municipality=municipality, week_start=week.week_start).first()
        or week
    )


def _next_url(request, default: str) -> str:
    return parsing.local_url(request.POST.get("next"), request) or default


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
        rules = week.rules.select_related("participant") if week.pk else []
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
                time_limit=form.cleaned_data["time_limit"],
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            return redirect(target)
        return redirect("planning:version", version.pk)


class VersionMixin(ObjectPermissionMixin):
    permission = "planning.view"
    model = PlanVersion

    def get_queryset(self):
        return PlanVersion.objects.select_related(
            "week__municipality", "week__published", "job", "based_on"
        )


class VersionView(VersionMixin, TemplateView):
    """A plan: progress while the engine runs, then each participant's week and the costs."""

    template_name = "planning/version.html"
    per_page = 40

    def get_context_data(self, **kwargs):
        from basisbaan.participants.models import Participant

        version = self.object
        can_manage = access.has_perm(
            self.request.user, "planning.manage", version.week.municipality
        )
        context = {"version": version, "week": version.week, "can_manage": can_manage}
        if version.status != PlanVersion.Status.READY:
            rules = version.week.rules.select_related("participant")
            return super().get_context_data(**context, rules=rules, **kwargs)
        summary = services.week_summary(version)
        contract = {p["id"]: p["contract_hours"] for p in version.instance.get("participants", [])}
        previous = {
            p["id"]: set(p.get("previous", [])) for p in version.instance.get("participants", [])
        }
        short_only = self.request.GET.get("short") == "1"
        query = self.request.GET.get("q", "").strip()
        keys = list(contract)
        if short_only:
            short = {pid for pid, _gap in summary["short"]}
            keys = [k for k in keys if k in short]
        people = Participant.objects.filter(pk__in=[ids.participant_pk(k) for k in keys]).order_by(
            "first_name", "surname", "pk"
        )
        if query:
            people = people.search(query)
        page = Paginator(people, self.per_page).get_page(self.request.GET.get("page"))
        page_ids = [p.pk for p in page.object_list]
        by_person: dict[int, list] = {pk: [] for pk in page_ids}
        for row in (
            version.assignments.filter(participant_id__in=page_ids)
            .select_related("task__category", "task__neighbourhood")
            .order_by("date", "start")
        ):
            by_person[row.participant_id].append(row)
        rules = {
            (r.participant_id, r.slot_key): r.kind
            for r in version.week.rules.filter(participant_id__in=page_ids)
        }
        rows = []
        for person in page.object_list:
            key = ids.participant_key(person.pk)
            items = [
                {"assignment": a, "rule": rules.get((person.pk, a.slot_key), "")}
                for a in by_person[person.pk]
            ]
            planned = summary["planned_by_participant"].get(key, 0.0)
            rows.append(
                {
                    "person": person,
                    "planned": planned,
                    "contract": contract[key],
                    "short": contract[key] - planned > 1e-9,
                    "items": items,
                    "dropped": len(previous[key] - {a.slot_key for a in by_person[person.pk]}),
                }
            )
        compared = None
        if version.based_on_id:
            before = set(version.based_on.assignments.values_list("participant_id", "slot_key"))
            now = set(version.assignments.values_list("participant_id", "slot_key"))
            compared = {
                "number": version.based_on.number,
                "pk": version.based_on_id,
                "kept": len(before & now),
                "added": len(now - before),
                "removed": len(before - now),
            }
        audit.read(
            self.request.user, version, fields=["assignments"], purpose="view a plan version"
        )
        cost_terms = [
            (_("hours short of contracts"), version.cost.get("shortfall")),
            (_("open places"), version.cost.get("uncovered")),
            (_("work outside wishes"), version.cost.get("wish_miss")),
            (_("travel"), version.cost.get("travel")),
            (_("change from last week"), version.cost.get("change")),
            (_("extra tasks per person"), version.cost.get("extra_task")),
        ]
        return super().get_context_data(
            **context,
            summary=summary,
            rows=rows,
            page_obj=page,
            short_only=short_only,
            q=query,
            cost_terms=cost_terms,
            run_form=RunForm(initial={"revision": version.week.revision}),
            compared=compared,
            **kwargs,
        )


class VersionTasksView(VersionMixin, TemplateView):
    """Each task's slots in a plan: who fills them and how many places stay open."""

    template_name = "planning/version_tasks.html"

    def get_context_data(self, **kwargs):
        from basisbaan.communitytasks.models import Task

        version = self.object
        filled: dict[str, list] = {}
        for row in version.assignments.select_related("participant").order_by(
            "participant__first_name"
        ):
            filled.setdefault(row.slot_key, []).append(row.participant)
        tasks = Task.objects.select_related("category").in_bulk(
            [int(t["id"][1:]) for t in version.instance.get("tasks", [])]
        )
        only_open = self.request.GET.get("open") == "1"
        rows = []
        for data in version.instance.get("tasks", []):
            task = tasks.get(int(data["id"][1:]))
            slots = []
            for slot in data["slots"]:
                people = filled.get(slot["id"], [])
                open_places = slot["people"] - len(people)
                if only_open and open_places <= 0:
                    continue
                slots.append(
                    {
                        "data": slot,
                        "day": DAY_NAMES.get(slot["day"], slot["day"]),
                        "people": people,
                        "open": max(0, open_places),
                    }
                )
            if slots:
                rows.append({"task": task, "data": data, "slots": slots})
        audit.read(self.request.user, version, fields=["assignments"], purpose="view task slots")
        return super().get_context_data(
            version=version, week=version.week, rows=rows, only_open=only_open, **kwargs
        )


class GapsView(VersionMixin, TemplateView):
    """Task gap analysis: where the plan's shortfalls say tasks are lacking."""

    template_name = "planning/gaps.html"

    def get_context_data(self, **kwargs):
        version = self.object
        if version.status != PlanVersion.Status.READY:
            raise Http404
        analysis = gaps.analyse(version)
        self.analysis = analysis
        return super().get_context_data(
            version=version, week=version.week, analysis=analysis, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") == "csv":
            response = HttpResponse(
                gaps.as_csv(self.analysis), content_type="text/csv; charset=utf-8"
            )
            name = f"takentekort-{self.object.week.municipality.slug}-{self.object.week.label}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().render_to_response(context, **response_kwargs)


class RuleView(ObjectPermissionMixin, View):
    """Pin, forbid or release an assignment for the next run (POST)."""

    permission = "planning.manage"
    model = PlanVersion

    def post(self, request, pk):
        version = self.object
        default = reverse("planning:version", args=[version.pk])
        try:
            participant_id = parsing.parse_id(request.POST.get("participant", ""))
        except ValueError:
            messages.error(request, _("Choose a participant."))
            return redirect(_next_url(request, default))
        try:
            services.set_rule(
                version,
                request.user,
                participant_id,
                request.POST.get("slot", ""),
                request.POST.get("kind", ""),
                request.POST.get("revision"),
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            kind = request.POST.get("kind")
            messages.success(
                request,
                {
                    PlanRule.Kind.PIN: _("Pinned. Run the planning again to use it."),
                    PlanRule.Kind.FORBID: _("Forbidden. Run the planning again to use it."),
                }.get(kind, _("Released. Run the planning again to use it.")),
            )
        return redirect(_next_url(request, default))


class PublishView(ObjectPermissionMixin, View):
    """Publish a plan version (POST): participants and task providers see it."""

    permission = "planning.manage"
    model = PlanVersion

    def post(self, request, pk):
        try:
            services.publish(self.object, request.user, request.POST.get("revision"))
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Version %(n)d is published. Participants now see their week.")
                % {"n": self.object.number},
            )
        return redirect("planning:version", self.object.pk)


class RerunView(ObjectPermissionMixin, View):
    """Run the planning of this version's week again, with the current pins (POST)."""

    permission = "planning.manage"
    model = PlanVersion

    def post(self, request, pk):
        week = self.object.week
        form = RunForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("planning:version", self.object.pk)
        try:
            version = services.start_run(
                week,
                request.user,
                form.cleaned_data["revision"],
                time_limit=form.cleaned_data["time_limit"],
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            return redirect("planning:version", self.object.pk)
        return redirect("planning:version", version.pk)


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


class ReplanHandledView(ObjectPermissionMixin, View):
    """Mark a request to change someone's week as handled (POST)."""

    permission = "planning.manage"
    model = ReplanRequest

    def post(self, request, pk):
        services.mark_handled(self.object, request.user)
        messages.success(request, _("The request is marked as handled."))
        return redirect("planning:index")


# --------------------------------------------------------------------------- participants


class MyWeekView(PermissionMixin, TemplateView):
    """The participant's week card: B1 Dutch, pictograms, printable."""

    permission = "planning.own_week"
    template_name = "planning/my_week.html"

    def get_context_data(self, **kwargs):
        from basisbaan.participants.models import Participant

        person = self.scoped(Participant.objects.all()).first()
        today = calendar.today()
        try:
            start = calendar.parse_week(self.request.GET.get("week", ""))
        except ValueError:
            start = calendar.monday(today)
        card = weekcard.build(person, start, today) if person else None
        token = None
        if person is not None:
            audit.read(self.request.user, person, fields=["planned_week"], purpose="own week card")
            token = CalendarToken.objects.filter(participant=person).first()
        ical_url = (
            self.request.build_absolute_uri(reverse("planning:ical", args=[token.token]))
            if token
            else ""
        )
        return super().get_context_data(
            person=person,
            card=card,
            ical_url=ical_url,
            previous_week=calendar.week_label(start - datetime.timedelta(days=7)),
            next_week=calendar.week_label(start + datetime.timedelta(days=7)),
            **kwargs,
        )


class CalendarLinkView(PermissionMixin, View):
    """Make (or renew) the private calendar address of the participant (POST)."""

    permission = "planning.own_week"

    def post(self, request):
        from basisbaan.participants.models import Participant

        person = self.scoped(Participant.objects.all()).first()
        if person is None:
            raise Http404
        with transaction.atomic():
            for old in CalendarToken.objects.filter(participant=person):
                audit.deleted(request.user, old, fields=["token"])
                old.delete()
            token = CalendarToken.objects.create(participant=person)
        audit.created(request.user, token, fields=["token"])
        messages.success(request, _("Your new calendar link is ready. The old link stops working."))
        return redirect("planning:my_week")


class ICalView(PublicView, View):
    """The participant's published weeks as an iCal feed, behind a private token."""

    def get(self, request, token):
        found = (
            CalendarToken.objects.select_related("participant__municipality")
            .filter(token=token)
            .first()
        )
        if found is None:
            raise Http404
        audit.read(None, found.participant, fields=["planned_week"], purpose="calendar feed")
        body = weekcard.ical(found.participant, calendar.today())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="basisbaan.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response

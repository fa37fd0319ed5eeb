"""Plan versions: the result, its tasks and gaps, rules, publishing and rerunning."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import exports, parsing
from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.core.vocabulary import WEEKDAY_CHOICES
from basisbaan.planning import gaps, ids, services
from basisbaan.planning.models import PlanRule, PlanVersion
from basisbaan.planning.views.common import RunForm

DAY_NAMES = dict(WEEKDAY_CHOICES)


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
            rules = services.readable_rules(
                version.week, version.week.rules.select_related("participant")
            )
            return super().get_context_data(
                **context,
                rules=rules,
                run_form=RunForm(initial={"revision": version.week.revision}),
                **kwargs,
            )
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
        if self.request.method == "GET":
            # Names the short participants with what limits them (skills, wijk, times).
            audit.read(
                self.request.user,
                version,
                fields=["shortfalls", "limitations"],
                purpose="gap analysis",
            )
        return super().get_context_data(
            version=version, week=version.week, analysis=analysis, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") == "csv":
            name = f"takentekort-{self.object.week.municipality.slug}-{self.object.week.label}.csv"
            return exports.attachment(gaps.as_csv(self.analysis), name)
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
            return redirect(parsing.next_url(request, default))
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
        return redirect(parsing.next_url(request, default))


class ConfirmPublishView(VersionMixin, TemplateView):
    """What publishing does, with the figures of this version; the planner confirms."""

    permission = "planning.manage"
    template_name = "planning/publish_confirm.html"

    def get_context_data(self, **kwargs):
        version = self.object
        ready = version.status == PlanVersion.Status.READY
        summary = services.week_summary(version) if ready else None
        planned = version.assignments.values("participant_id").distinct().count() if ready else 0
        return super().get_context_data(
            version=version,
            week=version.week,
            ready=ready,
            summary=summary,
            planned_people=planned,
            **kwargs,
        )


class PublishView(ObjectPermissionMixin, View):
    """Publish a plan version (POST with ``confirm=yes``): participants and task providers
    see it. Without the confirmation nothing is published and the planner is sent to the
    confirmation page."""

    permission = "planning.manage"
    model = PlanVersion

    def post(self, request, pk):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Confirm that you want to publish this version."))
            return redirect("planning:confirm_publish", self.object.pk)
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
                time_limit=form.time_limit,
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
            return redirect("planning:version", self.object.pk)
        return redirect("planning:version", version.pk)

"""Views of the community-task app: public forms, assessment, catalogue, provider portal
and the inbox. Domain logic lives in ``services``, ``workflow`` and ``displacement``."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.accounts.roles import Role
from basisbaan.audit import api as audit
from basisbaan.communitytasks import displacement, registry, services, throttle, workflow
from basisbaan.communitytasks.forms import (
    AnswerForm,
    CofinancingForm,
    InfoDayForm,
    MonthlyReportForm,
    SlotFormSet,
    SuitabilityForm,
    TaskEditForm,
    TaskSubmissionForm,
    TransitionForm,
)
from basisbaan.communitytasks.models import InboxMessage, MonthlyReport, Submission, Task, TaskSlot
from basisbaan.core import calendar, exports, parsing
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView
from basisbaan.core.vocabulary import DEMANDS, SKILLS, WEEKDAYS
from basisbaan.tenants.models import Municipality


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _slot_sort_key(slot: TaskSlot):
    return (
        slot.date or datetime.date.min,
        WEEKDAYS.index(slot.weekday) if slot.weekday else 0,
        slot.start,
    )


def _labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary.get(code, code)) for code in codes]


# --- public --------------------------------------------------------------------------


class MunicipalityPublicMixin(PublicView):
    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(Municipality, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.municipality, **kwargs)

    def throttled(self, **context):
        """Above the rate limit: say so (HTTP 429), keep what was typed, store nothing."""
        response = self.render_to_response(self.get_context_data(throttled=True, **context))
        response.status_code = 429
        return response


class SubmitTaskView(MunicipalityPublicMixin, TemplateView):
    """The public task submission form of one municipality (no account needed)."""

    template_name = "communitytasks/public/submit.html"

    def _forms(self, data=None):
        one_off = bool(data) and data.get("schedule") == TaskSubmissionForm.SCHEDULE_ONE_OFF
        form = TaskSubmissionForm(data, municipality=self.municipality)
        slots = SlotFormSet(data, prefix="slots", one_off=one_off)
        return form, slots

    def get(self, request, *args, **kwargs):
        form, slots = self._forms()
        organisation = self._provider_organisation()
        if organisation is not None:
            form.initial.update(
                organisation_name=organisation.name,
                organisation_kind=organisation.kind,
                kvk_number=organisation.kvk_number,
                contact_name=request.user.get_full_name(),
                contact_email=request.user.email,
            )
        return self.render_to_response(self.get_context_data(form=form, slots=slots))

    def _provider_organisation(self):
        """Task-provider staff submitting for their own organisation."""
        for assignment in access.assignments(self.request.user):
            if (
                assignment.role == Role.PROVIDER
                and assignment.municipality_id == self.municipality.pk
                and assignment.organisation_id
            ):
                return assignment.organisation
        return None

    def post(self, request, *args, **kwargs):
        form, slots = self._forms(request.POST)
        if form.is_bot():
            # Look like success to the bot; store nothing.
            return redirect("communitytasks:submitted", slug=self.municipality.slug)
        valid = form.is_valid() & slots.is_valid()
        if not valid:
            return self.render_to_response(
                self.get_context_data(form=form, slots=slots), status=400
            )
        data = form.cleaned_data
        address = throttle.address_of(request)
        if not throttle.allowed(address, data["contact_email"]):
            return self.throttled(form=form, slots=slots)
        one_off = data["schedule"] == TaskSubmissionForm.SCHEDULE_ONE_OFF
        slot_data = [
            services.SlotData(
                weekday="" if one_off else s["weekday"],
                date=data["event_date"] if one_off else None,
                start=s["start_time"],
                end=s["end_time"],
                people=s["people"],
            )
            for s in slots.filled()
        ]
        services.submit(
            municipality=self.municipality,
            task_data={
                "neighbourhood": data["neighbourhood"],
                "category": data["category"],
                "title": data["title"],
                "description": data["description"],
                "requires": data["requires"],
                "demands": data["demands"],
                "start_date": data["event_date"] if one_off else data["start_date"],
                "end_date": data["event_date"] if one_off else data["end_date"],
                "is_one_off": one_off,
                "event_date": data["event_date"] if one_off else None,
            },
            submission_data={
                key: data[key]
                for key in (
                    "organisation_name",
                    "organisation_kind",
                    "kvk_number",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "paid_staff",
                    "has_budget",
                    "volunteers_structurally",
                    "participatiebaan_work",
                    "otherwise_not_done",
                    "additionality_note",
                )
            },
            slots=slot_data,
            language=translation.get_language() or "nl",
            organisation=self._provider_organisation(),
            base_url=_base_url(request),
        )
        throttle.record(address, data["contact_email"])
        return redirect("communitytasks:submitted", slug=self.municipality.slug)


class SubmittedView(MunicipalityPublicMixin, TemplateView):
    template_name = "communitytasks/public/submitted.html"


class VerifyEmailView(PublicView, TemplateView):
    """The link in the verification mail: a button confirms (mail scanners only GET)."""

    template_name = "communitytasks/public/verify.html"

    def post(self, request, token):
        try:
            _submission, status_token = services.verify_email(token, base_url=_base_url(request))
        except services.InvalidLink:
            return self.render_to_response(self.get_context_data(invalid=True), status=404)
        messages.success(request, _("Thank you. Your e-mail address is confirmed."))
        return redirect("communitytasks:status", token=status_token)


class StatusView(PublicView, TemplateView):
    """The submitter's private status page (the token is the only key)."""

    template_name = "communitytasks/public/status.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.submission = services.submission_for_status_token(kwargs["token"])
        except services.InvalidLink:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        task = self.submission.task
        shown_events = task.events.filter(kind__in=["transition", "answered"]).order_by("at", "pk")
        rejection = shown_events.filter(to_status=Task.Status.REJECTED).last()
        kwargs.setdefault(
            "answer_form", AnswerForm() if task.status == Task.Status.MORE_INFO else None
        )
        return super().get_context_data(
            submission=self.submission,
            task=task,
            messages_list=task.messages.all(),
            rejection=rejection,
            slots=sorted(task.slots.all(), key=_slot_sort_key),
            **kwargs,
        )

    def post(self, request, token):
        task = self.submission.task
        if task.status != Task.Status.MORE_INFO:
            return redirect("communitytasks:status", token=token)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        try:
            services.transition(
                task, "answer", reason=form.cleaned_data["answer"], by_submitter=True
            )
        except workflow.TransitionNotAllowed:
            return redirect("communitytasks:status", token=token)
        messages.success(request, _("Thank you. We have received your answer."))
        return redirect("communitytasks:status", token=token)


class InboxFormView(MunicipalityPublicMixin, TemplateView):
    form_class = None
    kind = ""
    template_name = "communitytasks/public/inbox_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        return super().get_context_data(kind=self.kind, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_bot():
            return redirect("communitytasks:thanks", slug=self.municipality.slug)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        address = throttle.address_of(request)
        if not throttle.allowed(address):
            return self.throttled(form=form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        services.receive_inbox_message(municipality=self.municipality, kind=self.kind, data=data)
        throttle.record(address)
        return redirect("communitytasks:thanks", slug=self.municipality.slug)


class InfoDayView(InboxFormView):
    form_class = InfoDayForm
    kind = InboxMessage.Kind.INFO_DAY


class CofinancingView(InboxFormView):
    form_class = CofinancingForm
    kind = InboxMessage.Kind.COFINANCING


class ThanksView(MunicipalityPublicMixin, TemplateView):
    template_name = "communitytasks/public/thanks.html"


# --- staff: catalogue ----------------------------------------------------------------


def _task_rows(tasks, week_start):
    """Tasks with their sorted slots, weekly place-hours and (if planning says) filled places."""
    tasks = list(tasks.prefetch_related("slots"))
    filled = registry.filled_places([t.pk for t in tasks], week_start)
    rows = []
    for task in tasks:
        slots = sorted(task.slots.all(), key=_slot_sort_key)
        rows.append(
            {
                "task": task,
                "slots": [
                    {"slot": s, "filled": (filled or {}).get(s.pk) if filled is not None else None}
                    for s in slots
                ],
                "hours": sum(s.place_hours for s in slots),
                "requires": _labels(task.requires, SKILLS),
                "demands": _labels(task.demands, DEMANDS),
            }
        )
    return rows, filled is not None


class CatalogueView(PermissionMixin, TemplateView):
    """Approved (or paused/ended) tasks per neighbourhood and category; events separately."""

    permission = "communitytasks.view"
    template_name = "communitytasks/catalogue.html"
    STATUSES = (Task.Status.APPROVED, Task.Status.PAUSED, Task.Status.ENDED)
    PAGE_SIZE = 50

    def get_context_data(self, **kwargs):
        today = calendar.today()
        tasks = self.scoped(Task.objects.all()).select_related(
            "neighbourhood", "category", "organisation"
        )
        status = self.request.GET.get("status") or Task.Status.APPROVED
        if status not in self.STATUSES:
            status = Task.Status.APPROVED
        tasks = tasks.filter(status=status)
        neighbourhood = self.request.GET.get("neighbourhood", "")
        if (neighbourhood_id := parsing.optional_id(neighbourhood)) is not None:
            tasks = tasks.filter(neighbourhood_id=neighbourhood_id)
        category = self.request.GET.get("category", "")
        if (category_id := parsing.optional_id(category)) is not None:
            tasks = tasks.filter(category_id=category_id)
        week_start = calendar.monday(today)
        weekly = tasks.filter(is_one_off=False).order_by(
            "neighbourhood__name", "category__order", "title", "pk"
        )
        page_obj = Paginator(weekly, self.PAGE_SIZE).get_page(self.request.GET.get("page"))
        recurring, has_planning = _task_rows(
            weekly.filter(pk__in=[t.pk for t in page_obj]), week_start
        )
        events, _unused = _task_rows(
            tasks.filter(is_one_off=True).order_by("event_date", "title"), week_start
        )
        return super().get_context_data(
            recurring=recurring,
            page_obj=page_obj,
            task_count=page_obj.paginator.count,
            events=events,
            has_planning=has_planning,
            total_hours=sum(services.weekly_place_hours(weekly).values()),
            neighbourhoods=self.municipality.neighbourhoods.order_by("name"),
            categories=self.municipality.task_categories.all(),
            statuses=[(s, Task.Status(s).label) for s in self.STATUSES],
            selected={"status": status, "neighbourhood": neighbourhood, "category": category},
            can_assess=access.has_perm(
                self.request.user, "communitytasks.assess", self.municipality
            ),
            **kwargs,
        )


class NeighbourhoodOverviewView(PermissionMixin, TemplateView):
    """Task-hours a week per wijk or dorp (approved recurring tasks running today)."""

    permission = "communitytasks.view"
    template_name = "communitytasks/neighbourhoods.html"

    def get_context_data(self, **kwargs):
        rows = services.neighbourhood_overview(self.municipality, calendar.today())
        peak = max((r["hours"] for r in rows), default=0) or 1
        for row in rows:
            row["share"] = round(100 * row["hours"] / peak)
        return super().get_context_data(rows=rows, total=sum(r["hours"] for r in rows), **kwargs)


# --- staff: assessment ---------------------------------------------------------------


class AssessmentListView(PermissionMixin, TemplateView):
    """Open submissions with their displacement advice."""

    permission = "communitytasks.assess"
    template_name = "communitytasks/assessment_list.html"

    def get_context_data(self, **kwargs):
        tasks = (
            self.scoped(Task.objects.open_for_assessment())
            .select_related("neighbourhood", "category", "organisation", "submission")
            .order_by("created_at")
        )
        rows = [
            {
                "task": t,
                "advice": displacement.advise(t),
                "organisation": displacement.find_organisation(t),
            }
            for t in tasks
        ]
        return super().get_context_data(rows=rows, **kwargs)


def _history(task: Task, user) -> list:
    """The task's events, each with ``who``: the staff member's name for those who may see
    it (``communitytasks.view_staff_names``), else a pseudonym stable within the task
    ("Staff member 1", "Staff member 2", ...), so researchers see no staff names."""
    events = list(task.events.select_related("actor"))
    names = access.can(user, "communitytasks.view_staff_names", task)
    pseudonyms: dict[int, int] = {}
    for event in events:
        if event.actor_id is None:
            event.who = _("submitter")
        elif names:
            event.who = event.actor.get_full_name() or event.actor.username
        else:
            number = pseudonyms.setdefault(event.actor_id, len(pseudonyms) + 1)
            event.who = _("Staff member %(n)d") % {"n": number}
    return events


class TaskDetailView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.view"
    model = Task
    template_name = "communitytasks/detail.html"

    def get_queryset(self):
        return Task.objects.select_related(
            "neighbourhood", "category", "organisation", "municipality"
        )

    def get_context_data(self, **kwargs):
        task = self.object
        can_assess = access.can(self.request.user, "communitytasks.assess", task)
        submission = Submission.objects.filter(task=task).first()
        if submission is not None and can_assess:
            audit.read(self.request.user, submission, fields=Submission.PERSONAL_FIELDS)
        rows, has_planning = _task_rows(
            Task.objects.filter(pk=task.pk), calendar.monday(calendar.today())
        )
        return super().get_context_data(
            task=task,
            row=rows[0],
            has_planning=has_planning,
            submission=submission if can_assess else None,
            advice=displacement.advise(task) if can_assess and submission is not None else None,
            matched_organisation=displacement.find_organisation(task)
            if can_assess and task.organisation_id is None
            else None,
            level_labels=displacement.LEVEL_LABELS,
            events=_history(task, self.request.user),
            conversation=task.messages.all(),
            reports=task.monthly_reports.all()[:12],
            transitions=workflow.available(task.status) if can_assess else [],
            can_assess=can_assess,
            suitability_form=SuitabilityForm(
                initial={"suitability": task.suitability, "note": task.suitability_note},
                version_of=task,
            )
            if can_assess
            else None,
            verified=bool(submission and submission.email_verified_at),
            **kwargs,
        )


class TransitionView(ObjectPermissionMixin, TemplateView):
    """One assessment step from the transition table (GET: the form, POST: apply it)."""

    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/transition.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in workflow.ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _step(self):
        try:
            return workflow.find(self.object.status, self.kwargs["action"])
        except workflow.TransitionNotAllowed:
            return None

    def get_context_data(self, **kwargs):
        step = self._step()
        if step is not None:
            kwargs.setdefault("form", TransitionForm(transition=step))
        advice = (
            displacement.advise(self.object)
            if self.kwargs["action"] in ("approve", "reject")
            else None
        )
        return super().get_context_data(task=self.object, step=step, advice=advice, **kwargs)

    def get(self, request, *args, **kwargs):
        if self._step() is None:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
            return redirect("communitytasks:detail", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        step = self._step()
        if step is None:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
            return redirect("communitytasks:detail", pk=self.object.pk)
        form = TransitionForm(request.POST, transition=step)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.transition(
                self.object,
                step.action,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                consultation_note=form.cleaned_data.get("consultation_note", ""),
                base_url=_base_url(request),
            )
        except workflow.TransitionNotAllowed:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
        except services.EmailNotConfirmed:
            messages.error(
                request,
                _(
                    "The submitter has not confirmed the e-mail address yet. Wait for the confirmation."
                ),
            )
        else:
            messages.success(
                request,
                _("The task is now: %(status)s.") % {"status": Task.Status(step.target).label},
            )
        return redirect("communitytasks:detail", pk=self.object.pk)


class SuitabilityView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/transition.html"

    def get(self, request, *args, **kwargs):
        return redirect("communitytasks:detail", pk=self.object.pk)

    def post(self, request, *args, **kwargs):
        form = SuitabilityForm(request.POST, version_of=self.object)
        if form.is_valid():
            try:
                with editing(self.object, form.posted_version):
                    services.judge_suitability(
                        self.object,
                        actor=request.user,
                        value=form.cleaned_data["suitability"],
                        note=form.cleaned_data["note"],
                    )
            except StaleEdit:
                now = Task.objects.get(pk=self.object.pk)
                messages.error(
                    request,
                    _(
                        "Someone else saved this task after you opened the page. Nothing was "
                        "saved. Judgement now: %(theirs)s. Yours: %(yours)s. Look again and "
                        "save once more to keep yours."
                    )
                    % {
                        "theirs": self._judgement(now.suitability, now.suitability_note),
                        "yours": self._judgement(
                            form.cleaned_data["suitability"], form.cleaned_data["note"]
                        ),
                    },
                )
            else:
                messages.success(request, _("The suitability judgement is saved."))
        else:
            messages.error(request, _("Choose whether the task is suitable."))
        return redirect("communitytasks:detail", pk=self.object.pk)

    @staticmethod
    def _judgement(value: str, note: str) -> str:
        label = str(Task.Suitability(value).label) if value in Task.Suitability.values else "—"
        return f"{label} ({note.strip()})" if note.strip() else label


class TaskEditView(ConflictMixin, ObjectPermissionMixin, TemplateView):
    """Programme staff change title, description, priority, skills, demands, end date."""

    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/edit.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TaskEditForm(instance=self.object))
        return super().get_context_data(task=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = TaskEditForm(request.POST, instance=self.object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            with editing(self.object, form.posted_version):
                services.update_task(form, actor=request.user)
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(request, _("The task is saved."))
        return redirect("communitytasks:detail", pk=self.object.pk)


# --- provider portal -----------------------------------------------------------------


def _report_months(today: datetime.date, count: int = 3) -> list[datetime.date]:
    months, month = [], calendar.month_start(today)
    for _i in range(count):
        month = calendar.previous_month(month)
        months.append(month)
    return [calendar.month_start(today), *months][: count + 1]


class PortalView(PermissionMixin, TemplateView):
    """Task-provider staff: their own organisation's tasks and submissions."""

    permission = "communitytasks.portal"
    template_name = "communitytasks/portal.html"

    def get_context_data(self, **kwargs):
        tasks = (
            self.scoped(Task.objects.all())
            .select_related("neighbourhood", "category")
            .prefetch_related(
                Prefetch("monthly_reports", queryset=MonthlyReport.objects.order_by("-month"))
            )
            .order_by("status", "title")
        )
        last_month = calendar.previous_month(calendar.today())
        rows = []
        for task in tasks:
            reports = list(task.monthly_reports.all())
            rows.append(
                {
                    "task": task,
                    "reported": any(r.month == last_month for r in reports),
                    "needs_report": task.status == Task.Status.APPROVED and not task.is_one_off,
                }
            )
        return super().get_context_data(rows=rows, last_month=last_month, **kwargs)


class PortalTaskView(ObjectPermissionMixin, TemplateView):
    """One task for its provider: slots, filled places, monthly confirmation and rating."""

    permission = "communitytasks.portal"
    model = Task
    template_name = "communitytasks/portal_task.html"

    def get_context_data(self, **kwargs):
        task = self.object
        today = calendar.today()
        rows, has_planning = _task_rows(Task.objects.filter(pk=task.pk), calendar.monday(today))
        months = _report_months(today)
        kwargs.setdefault(
            "form",
            MonthlyReportForm(initial={"month": months[1].isoformat()})
            if task.status == Task.Status.APPROVED
            else None,
        )
        return super().get_context_data(
            task=task,
            row=rows[0],
            has_planning=has_planning,
            months=months,
            selected_month=self.request.POST.get("month", months[1].isoformat()),
            reports=task.monthly_reports.all(),
            rejection=task.events.filter(to_status=Task.Status.REJECTED).last(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        task = self.object
        if task.status != Task.Status.APPROVED:
            messages.error(request, _("You can only report on a running task."))
            return redirect("communitytasks:portal_task", pk=task.pk)
        months = {m.isoformat(): m for m in _report_months(calendar.today())}
        form = MonthlyReportForm(request.POST)
        month = months.get(request.POST.get("month", ""))
        if month is None:
            form.add_error(None, _("Choose one of the months in the list."))
        if not form.is_valid() or month is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.report_month(
            task,
            actor=request.user,
            month=month,
            work_done=form.cleaned_data["work_done"],
            liveability=form.cleaned_data["liveability"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you. Your monthly report is saved."))
        return redirect("communitytasks:portal_task", pk=task.pk)


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
        response = HttpResponse(
            exports.csv_text(rows, header=INBOX_COLUMNS, delimiter=";", bom=True),
            content_type=exports.CSV_CONTENT_TYPE,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="inbox-{self.municipality.slug}-{calendar.today():%Y%m%d}.csv"'
        )
        return response


class InboxHandleView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.inbox"
    model = InboxMessage

    def get(self, request, *args, **kwargs):
        return redirect("communitytasks:inbox")

    def post(self, request, *args, **kwargs):
        services.mark_handled(self.object, request.user)
        messages.success(request, _("Marked as handled."))
        return HttpResponseRedirect(reverse("communitytasks:inbox"))

"""The guidance portal (participants at work, work notes) and the coach: caseload,
check-ins, contact rhythm, early-warning signals and rules.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import checkins, earlywarning, rounds, signals
from basisbaan.guidance.forms import (
    AdjustForm,
    CadenceForm,
    CheckInForm,
    CloseSignalForm,
    MissedForm,
    ReplanForm,
    WorkNoteForm,
)
from basisbaan.guidance.models import (
    CheckIn,
    EarlyWarningRule,
    SicknessCase,
    Signal,
    Timesheet,
    WorkNote,
)
from basisbaan.guidance.notifications import unread_count
from basisbaan.guidance.views.common import FormAction, ParticipantObjectMixin, show_errors
from basisbaan.participants.models import IN_SERVICE, Participant, Status
from basisbaan.planning.models import ReplanRequest
from basisbaan.tenants.models import TaskCategory

WORKING = (*IN_SERVICE, Status.LONG_TERM_SICK)


# --- guidance portal --------------------------------------------------------------------


class WorkListView(PermissionMixin, ListView):
    """The participants at work that the user guides (guidance staff: own organisation)."""

    permission = "guidance.view_work"
    template_name = "guidance/work_list.html"
    paginate_by = 50

    def get_queryset(self):
        week = calendar.monday(calendar.today())
        queryset = self.scoped(Participant.objects.filter(status__in=WORKING)).select_related(
            "guidance_organisation", "municipality"
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(surname__icontains=query) | Q(first_name__icontains=query))
        return queryset.annotate(
            sick_now=Exists(
                SicknessCase.objects.filter(participant=OuterRef("pk"), recovered_on__isnull=True)
            ),
            week_status=Timesheet.objects.filter(
                participant=OuterRef("pk"), week_start=week
            ).values("status")[:1],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            q=self.request.GET.get("q", ""),
            week=calendar.monday(calendar.today()),
            statuses=dict(Timesheet.Status.choices),
            **kwargs,
        )
        # The list shows who is sick now: every row shown is an audited read.
        for participant in context["object_list"]:
            audit.read(
                self.request.user,
                participant,
                fields=["name", "contract_hours", "sick", "timesheet"],
            )
        return context


class WorkParticipantView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.view_work"
    template_name = "guidance/work_participant.html"

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        audit.read(user, participant, fields=["name", "contract_hours", "work_notes"])
        today = calendar.today()
        this_week = calendar.monday(today)
        weeks = [this_week - datetime.timedelta(weeks=i) for i in range(8)]
        sheets = {
            t.week_start: t
            for t in Timesheet.objects.filter(participant=participant, week_start__in=weeks)
        }
        return super().get_context_data(
            participant=participant,
            cases=SicknessCase.objects.filter(participant=participant)[:10]
            if access.can(user, "guidance.view_sickness", participant)
            else [],
            weeks=[(w, sheets.get(w)) for w in weeks],
            notes=WorkNote.objects.filter(participant=participant).select_related("author")[:20],
            note_form=WorkNoteForm(initial={"date": today}),
            can_report=access.can(user, "guidance.report_sickness", participant),
            can_note=access.can(user, "guidance.write_notes", participant),
            can_timesheet=access.can(user, "guidance.view_timesheets", participant),
            can_coach=access.can(user, "guidance.view_checkins", participant),
            **kwargs,
        )


class WorkNoteCreateView(ParticipantObjectMixin, View):
    permission = "guidance.write_notes"

    def post(self, request, *args, **kwargs):
        form = WorkNoteForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["date"] > calendar.today():
                messages.error(request, _("A note cannot be dated in the future."))
            else:
                note = form.save(commit=False)
                note.participant = self.object
                note.author = request.user
                note.save()
                audit.created(request.user, note, fields=["kind", "date", "text"])
                messages.success(request, _("The note is saved."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("guidance:work_participant", self.object.pk)


# --- coach ------------------------------------------------------------------------------


class CaseloadView(PermissionMixin, TemplateView):
    permission = "guidance.caseload"
    template_name = "guidance/caseload.html"
    overdue_only = False

    def get_context_data(self, **kwargs):
        today = calendar.today()
        participants = self.scoped(
            Participant.objects.exclude(status=Status.EXITED), "guidance.caseload"
        ).annotate(open_signals=Count("signals", filter=Q(signals__status=Signal.Status.OPEN)))
        rows = checkins.contact_overview(participants, today)
        due_rounds = self._due_rounds(today)
        if self.overdue_only:
            rows = [r for r in rows if r.overdue]
            rows.sort(key=lambda r: -r.overdue_days)
        else:
            rows.sort(key=lambda r: (r.next_contact, r.participant.surname))
        return super().get_context_data(
            rows=rows,
            due_rounds=due_rounds,
            overdue_only=self.overdue_only,
            overdue_count=sum(1 for r in rows if r.overdue),
            open_signals=self.scoped(
                Signal.objects.filter(status=Signal.Status.OPEN), "guidance.signals"
            ).count(),
            unread=unread_count(self.request.user),
            today=today,
            **kwargs,
        )

    def _due_rounds(self, today):
        """Due and overdue measurement rounds of the caseload, with those who left in the
        last months (their exit round)."""
        recent_exit = today - datetime.timedelta(days=rounds.EXIT_WINDOW_DAYS + 1)
        people = self.scoped(
            Participant.objects.exclude(
                status=Status.EXITED, status_changed_at__date__lt=recent_exit
            ),
            "guidance.caseload",
        ).select_related("programme")
        found = rounds.worklist(people, today)
        if self.overdue_only:
            found = [(p, due) for p, due in found if due.overdue]
        return found


class CoachParticipantView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.view_checkins"
    template_name = "guidance/coach_participant.html"

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        today = calendar.today()
        history = checkins.read_history(user, participant)
        status = checkins.contact_overview([participant], today)[0]
        return super().get_context_data(
            participant=participant,
            history=history,
            table=list(reversed(history)),
            chart=checkins.history_chart(history),
            status=status,
            cadence_form=CadenceForm(initial={"cadence_weeks": status.cadence_weeks}),
            missed_form=MissedForm(initial={"date": today}),
            signals=Signal.objects.filter(participant=participant).select_related("rule")[:10],
            replan_requests=_replan_requests(user, participant),
            **kwargs,
        )


def _replan_requests(user, participant, count=5):
    """The participant's latest requests to the planners (their reasons are audited reads)."""
    requests = list(
        ReplanRequest.objects.filter(participant=participant)
        .select_related("requested_by", "handled_by")
        .order_by("-created_at", "-pk")[:count]
    )
    if requests:
        audit.read(user, participant, fields=["replan_requests"])
    return requests


class CoachReplanView(ParticipantObjectMixin, TemplateView):
    """The coach asks the planners for a new plan for a participant of the caseload.

    The reason is a text the coach writes for the planner: the form starts empty (nothing
    of check-ins or signals is carried over) and refuses a WHO-5 score or a copied signal.
    The planners see and handle the request on the planning page.
    """

    permission = "guidance.caseload"
    template_name = "guidance/replan_form.html"

    def _form(self, data=None):
        reasons = Signal.objects.filter(participant=self.object).values_list("reason", flat=True)
        return ReplanForm(data, signal_reasons=list(reasons[:50]))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self._form())
        return super().get_context_data(
            participant=self.object,
            replan_requests=_replan_requests(self.request.user, self.object),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                signals.request_replan(
                    self.object, request.user, form.cleaned_data["reason"], purpose="coaching"
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The planner is asked for a new plan."))
                return redirect("guidance:coach_participant", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CheckInCreateView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.record_checkins"
    template_name = "guidance/checkin_form.html"

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", CheckInForm(initial={"date": calendar.today()}))
        today = calendar.today()
        single = checkins.norm_for(today, CheckIn.Household.SINGLE)
        couple = checkins.norm_for(today, CheckIn.Household.COUPLE)
        if single is not None:
            form.fields["net_income_eur"].help_text = _(
                "Compared with the bijstand norm on the date; today EUR %(single)s single, "
                "EUR %(couple)s couple."
            ) % {
                "single": number_format(single, 2, force_grouping=True),
                "couple": number_format(couple, 2, force_grouping=True),
            }
        return super().get_context_data(participant=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                checkins.record(self.object, request.user, data["date"], data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The check-in is saved."))
                return redirect("guidance:coach_participant", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MissedContactView(FormAction, ParticipantObjectMixin, View):
    permission = "guidance.record_checkins"
    form_class = MissedForm
    invalid_message = gettext_lazy("Fill in a valid date.")
    success_message = gettext_lazy("The missed appointment is recorded.")

    def perform(self, data):
        checkins.record_missed(self.object, self.request.user, data["date"])

    def success_url(self):
        return reverse("guidance:coach_participant", args=[self.object.pk])


class CadenceView(FormAction, ParticipantObjectMixin, View):
    permission = "guidance.caseload"
    form_class = CadenceForm
    invalid_message = gettext_lazy("Choose a rhythm between 1 and 26 weeks.")
    success_message = gettext_lazy("The contact rhythm is saved.")

    def perform(self, data):
        checkins.set_cadence(self.object, self.request.user, data["cadence_weeks"])

    def success_url(self):
        return reverse("guidance:coach_participant", args=[self.object.pk])


class CheckInDetailView(ObjectPermissionMixin, TemplateView):
    permission = "guidance.view_checkins"
    model = CheckIn
    template_name = "guidance/checkin_detail.html"

    def get_queryset(self):
        return CheckIn.objects.select_related("participant", "coach")

    def get_context_data(self, **kwargs):
        audit.read(self.request.user, self.object, fields=checkins.CHECKIN_FIELDS)
        questions = list(
            zip(CheckInForm.WHO5_QUESTIONS, self.object.who5_items or [], strict=False)
        )
        return super().get_context_data(checkin=self.object, questions=questions, **kwargs)


class SignalListView(PermissionMixin, ListView):
    permission = "guidance.signals"
    template_name = "guidance/signal_list.html"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", Signal.Status.OPEN)
        queryset = self.scoped(Signal.objects.select_related("participant__municipality", "rule"))
        if status in Signal.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            status=self.request.GET.get("status", Signal.Status.OPEN),
            statuses=Signal.Status.choices,
            **kwargs,
        )
        # A signal's reason tells of sickness, well-being or missed contacts: audited reads.
        for signal in context["object_list"]:
            audit.read(self.request.user, signal, fields=["participant", "kind", "reason"])
        return context


class SignalDetailView(concurrency.ConflictMixin, ObjectPermissionMixin, TemplateView):
    permission = "guidance.signals"
    model = Signal
    template_name = "guidance/signal_detail.html"

    def get_queryset(self):
        return Signal.objects.select_related("participant__programme", "rule")

    def _categories(self):
        return TaskCategory.objects.filter(
            municipality_id=self.object.participant.municipality_id, active=True
        )

    def get_context_data(self, **kwargs):
        participant = self.object.participant
        audit.read(
            self.request.user, participant, fields=["wishes", "limitations", "contract_hours"]
        )
        kwargs.setdefault("adjust_form", self._adjust_form(participant))
        # A fresh text for the planner: nothing of the signal (a WHO-5 score) is prefilled.
        kwargs.setdefault("replan_form", self._replan_form())
        kwargs.setdefault("close_form", CloseSignalForm())
        return super().get_context_data(
            signal=self.object,
            participant=participant,
            **kwargs,
        )

    def _replan_form(self, data=None):
        # Its own ids: the adjust form on this page has a "reason" field too.
        return ReplanForm(data, signal_reason=self.object.reason, auto_id="id_replan_%s")

    def _adjust_form(self, participant, data=None, reason=""):
        initial = {
            "wishes": participant.wishes,
            "limitations": participant.limitations,
            "contract_hours": participant.contract_hours,
            "reason": reason,
        }
        return AdjustForm(
            data, categories=self._categories(), initial=initial, version_of=participant
        )

    def current_form(self, form, record):
        return self._adjust_form(record, reason=form.cleaned_data.get("reason", ""))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        participant = self.object.participant
        try:
            if action == "adjust":
                form = self._adjust_form(participant, request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(adjust_form=form))
                data = form.cleaned_data
                try:
                    with concurrency.editing(participant, form.posted_version):
                        changed = signals.adjust_participant(
                            participant,
                            request.user,
                            data["wishes"],
                            data["limitations"],
                            data["contract_hours"],
                            data["reason"],
                        )
                        if not changed:
                            transaction.set_rollback(True)  # nothing saved: version stays
                except concurrency.StaleEdit:
                    return self.conflict_response(form, adjust_form=form)
                messages.success(
                    request,
                    _("The changes are saved.") if changed else _("Nothing was changed."),
                )
            elif action == "replan":
                form = self._replan_form(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(replan_form=form))
                signals.request_replan(participant, request.user, form.cleaned_data["reason"])
                messages.success(request, _("The planner is asked for a new plan."))
            elif action == "close":
                form = CloseSignalForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(close_form=form))
                signals.close(self.object, request.user, form.cleaned_data["note"])
                messages.success(request, _("The signal is closed."))
                return redirect("guidance:signals")
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            show_errors(request, exc)
        return redirect("guidance:signal_detail", self.object.pk)


class RuleListView(PermissionMixin, TemplateView):
    permission = "guidance.manage_rules"
    template_name = "guidance/rules.html"

    def get_context_data(self, **kwargs):
        rules = signals.ensure_rules(self.municipality)
        for rule in rules:
            rule.fields = [
                (
                    name,
                    rule.parameters.get(name, default),
                    earlywarning.PARAMETER_LABELS.get(name, name),
                )
                for name, default in earlywarning.KINDS[rule.kind][1].items()
            ]
        return super().get_context_data(rules=rules, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "evaluate":
            participants = Participant.objects.filter(municipality=self.municipality).in_service()
            count = signals.evaluate(participants.select_related("coach", "municipality"))
            messages.success(request, _("%(n)d new signal(s).") % {"n": count})
            return redirect("guidance:rules")
        rule = access.get_object_or_404(
            request.user,
            self.permission,
            EarlyWarningRule,
            pk=parsing.optional_id(request.POST.get("rule")) or 0,
        )
        defaults = earlywarning.KINDS[rule.kind][1]
        raw = {name: request.POST.get(name, "") for name in defaults}
        try:
            rule.parameters = earlywarning.clean_parameters(rule.kind, raw)
        except earlywarning.RuleParameterError as exc:
            messages.error(request, str(exc))
        else:
            active = request.POST.get("active") == "on"
            try:
                with concurrency.editing(rule, request.POST.get(concurrency.VERSION_FIELD)):
                    rule.active = active
                    rule.save()
                    audit.changed(request.user, rule, fields=["parameters", "active"])
            except concurrency.StaleEdit:
                now = EarlyWarningRule.objects.get(pk=rule.pk)
                messages.error(
                    request,
                    _(
                        "Someone else saved this rule after you opened the page. Nothing was "
                        "saved. Saved now: %(theirs)s. Yours: %(yours)s. To keep yours, enter them again "
                        "and save."
                    )
                    % {
                        "theirs": self._summary(now.parameters, now.active),
                        "yours": self._summary(rule.parameters, active),
                    },
                )
            else:
                messages.success(request, _("The rule is saved."))
        return redirect("guidance:rules")

    @staticmethod
    def _summary(parameters: dict, active: bool) -> str:
        values = ", ".join(f"{name} {value}" for name, value in sorted(parameters.items()))
        state = _("active") if active else _("not active")
        return f"{values} ({state})" if values else str(state)

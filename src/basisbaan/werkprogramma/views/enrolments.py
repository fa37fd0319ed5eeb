"""The Werkprogramma pages: the programme page with its figures, the coach's worklist,
enrolment (search, advice, criteria, choice), one enrolment's progress, and the routes."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.participants.models import Participant
from basisbaan.werkprogramma import enrolments as services
from basisbaan.werkprogramma import figures as programme_figures
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.forms import (
    EnrolForm,
    FollowUpForm,
    NotesForm,
    OutcomeForm,
    SearchForm,
    StepForm,
    StopForm,
    coach_choices,
)
from basisbaan.werkprogramma.models import Enrolment, Outcome, OutcomeFollowUp, StepProgress

# Who sees small groups (1-4 people) unsuppressed: programme staff.
FULL_FIGURES = "werkprogramma.manage_routes"


class OverviewView(PermissionMixin, TemplateView):
    """The programme page: progress to the target per route and per quarter."""

    permission = "werkprogramma.view"
    template_name = "werkprogramma/overview.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        programme = route_rules.werkprogramma_of(self.municipality)
        full = access.has_perm(self.request.user, FULL_FIGURES, self.municipality)
        figures = None
        if programme is not None:
            figures = programme_figures.suppressed(
                programme_figures.programme_figures(programme, today), full
            )
        return super().get_context_data(
            programme=programme,
            figures=figures,
            full=full,
            today=today,
            outcome_labels=programme_figures.outcome_labels(),
            definitions=programme_figures.DEFINITIONS,
            may_enrol=access.has_perm(self.request.user, "werkprogramma.enrol", self.municipality),
            may_manage=full,
            **kwargs,
        )


class WorklistView(PermissionMixin, TemplateView):
    """The coach's own enrolments (programme staff: all), overdue steps first."""

    permission = "werkprogramma.enrol"
    template_name = "werkprogramma/worklist.html"
    limit = 300

    def get_context_data(self, **kwargs):
        today = calendar.today()
        active = list(
            self.scoped(Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)).select_related(
                "participant", "route", "coach"
            )[: self.limit]
        )
        open_steps = StepProgress.objects.filter(
            enrolment__in=[e.pk for e in active], done_on__isnull=True
        ).select_related("step")
        by_enrolment: dict[int, list[StepProgress]] = {}
        for progress in open_steps.order_by("due_on", "pk"):
            by_enrolment.setdefault(progress.enrolment_id, []).append(progress)
        for enrolment in active:
            steps = by_enrolment.get(enrolment.pk, [])
            enrolment.next_step = steps[0] if steps else None
            enrolment.overdue_count = sum(s.due_on < today for s in steps)
        active.sort(
            key=lambda e: (
                e.overdue_count == 0,
                e.next_step.due_on if e.next_step else calendar.LATEST,
                e.pk,
            )
        )
        follow_ups = list(
            OutcomeFollowUp.objects.filter(
                enrolment__in=self.scoped(Enrolment.objects.all()),
                recorded_on__isnull=True,
                due_on__lte=today + datetime.timedelta(days=14),
            )
            .select_related("enrolment__participant", "enrolment__route")
            .order_by("due_on", "pk")[: self.limit]
        )
        return super().get_context_data(
            enrolments=active,
            follow_ups=follow_ups,
            today=today,
            overdue_total=sum(e.overdue_count for e in active),
            **kwargs,
        )


class EnrolSearchView(PermissionMixin, TemplateView):
    """Find a person (name or pseudonym) within the user's scope to enrol."""

    permission = "werkprogramma.enrol"
    template_name = "werkprogramma/enrol_search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        found = []
        text = ""
        if form.is_valid():
            text = form.cleaned_data["q"].strip()
        if text:
            people = self.scoped(Participant.objects.all())
            by_pseudonym = people.filter(pseudonym__iexact=text)
            found = list(
                (by_pseudonym if by_pseudonym.exists() else people.search(text, personal=False))
                .select_related("programme")
                .order_by("surname", "pk")[:25]
            )
        return super().get_context_data(form=form, found=found, searched=bool(text), **kwargs)


class EnrolView(ObjectPermissionMixin, TemplateView):
    """The route advice with its reasons, the entry criteria, the route choice and coach;
    POST enrols."""

    permission = "werkprogramma.enrol"
    model = Participant
    pk_url_kwarg = "participant_pk"
    template_name = "werkprogramma/enrol.html"

    def setup_enrolment(self):
        participant = self.object
        self.programme = route_rules.werkprogramma_of(participant.municipality)
        self.routes = (
            self.programme.routes.filter(active=True).prefetch_related("steps")
            if self.programme
            else None
        )
        self.advice = route_rules.advise(participant) if self.programme else None

    def make_form(self, data=None):
        if self.programme is None:
            return None
        initial = {"route": self.advice.route, "coach": self.object.coach}
        if self.object.coach is None and access.has_perm(
            self.request.user, "werkprogramma.enrol", self.object.municipality
        ):
            initial["coach"] = self.request.user
        return EnrolForm(
            data,
            routes=self.routes,
            coaches=coach_choices(self.object.municipality),
            initial=initial,
        )

    def get_context_data(self, **kwargs):
        participant = self.object
        route_checks = []
        if self.routes is not None:
            scan = self.advice.scan
            for route in self.routes:
                checks = route_rules.check_entry(route, participant, set(), scan=scan)
                automatic = [
                    (label, passed, how)
                    for (label, passed, how), criterion in zip(
                        checks, route.entry_criteria or [], strict=True
                    )
                    if not criterion.get("confirm")
                ]
                route_checks.append(
                    {
                        "route": route,
                        "automatic": automatic,
                        "confirm": route_rules.confirmable(route),
                        "active": services.active_count(route),
                    }
                )
        return super().get_context_data(
            participant=participant,
            programme=self.programme,
            advice=self.advice,
            route_checks=route_checks,
            active_enrolments=participant.enrolments.filter(
                status=Enrolment.Status.ACTIVE
            ).select_related("route"),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.setup_enrolment()
        audit.read(request.user, self.object, fields=["scan", "benefit_since", "birth_date"])
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        self.setup_enrolment()
        form = self.make_form(request.POST)
        if form is None:
            messages.error(request, _("This municipality has no Werkprogramma."))
            return self.render_to_response(self.get_context_data(form=None), status=400)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrolment = services.enrol(
                    self.object,
                    data["route"],
                    data["coach"],
                    request.user,
                    advised_route=self.advice.route,
                    choice_reason=data["choice_reason"],
                    confirmed=set(data["confirmed"]),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Enrolled in %(route)s.") % {"route": enrolment.route.name}
                )
                return redirect("werkprogramma:enrolment", enrolment.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


ACTIONS = ("step", "notes", "outcome", "follow_up", "stop")


class EnrolmentView(ObjectPermissionMixin, TemplateView):
    """One enrolment: its steps, notes, outcome, follow-ups; POST ``action`` changes one."""

    permission = "werkprogramma.enrol"
    model = Enrolment
    template_name = "werkprogramma/enrolment.html"

    def get_queryset(self):
        return Enrolment.objects.select_related(
            "participant", "route", "coach", "advised_route", "participant__municipality"
        )

    def forms(self, bound=None, action=""):
        enrolment = self.object
        forms = {
            "notes": NotesForm(initial={"notes": enrolment.notes, "version": enrolment.version}),
            "outcome": OutcomeForm(initial={"on": calendar.today()}),
            "stop": StopForm(),
        }
        if bound is not None and action in forms:
            forms[action] = bound
        return forms

    def get_context_data(self, **kwargs):
        enrolment = self.object
        today = calendar.today()
        steps = list(enrolment.steps.select_related("step", "done_by").order_by("step__order"))
        bound_step = kwargs.pop("bound_step", None)
        for progress in steps:
            progress.is_overdue = progress.overdue(today)
            if progress.done_on is None:
                if bound_step is not None and bound_step.data.get("step") == str(progress.pk):
                    progress.form = bound_step
                else:
                    progress.form = StepForm(
                        initial={"step": progress.pk, "done_on": today},
                        auto_id=f"s{progress.pk}_%s",
                    )
        follow_ups = list(enrolment.follow_ups.select_related("recorded_by"))
        bound_follow_up = kwargs.pop("bound_follow_up", None)
        for follow_up in follow_ups:
            if follow_up.recorded_on is None:
                if bound_follow_up is not None and bound_follow_up.data.get("follow_up") == str(
                    follow_up.pk
                ):
                    follow_up.form = bound_follow_up
                else:
                    follow_up.form = FollowUpForm(
                        initial={"follow_up": follow_up.pk}, auto_id=f"f{follow_up.pk}_%s"
                    )
        return super().get_context_data(
            enrolment=enrolment,
            participant=enrolment.participant,
            steps=steps,
            follow_ups=follow_ups,
            today=today,
            active=enrolment.status == Enrolment.Status.ACTIVE,
            forms=kwargs.pop("forms", None) or self.forms(),
            may_view_file=access.can(self.request.user, "participants.view", enrolment.participant),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        audit.read(request.user, self.object, fields=["steps", "notes", "outcome"])
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Unknown action."))
            return self.render_to_response(self.get_context_data(), status=400)
        handler = getattr(self, f"post_{action}")
        with transaction.atomic():
            # Lock the enrolment: two saves at once are handled one after the other.
            self.object = self.get_queryset().select_for_update(of=("self",)).get(pk=self.object.pk)
            response = handler(request)
        return response

    def _invalid(self, context: dict, status: int = 400):
        return self.render_to_response(self.get_context_data(**context), status=status)

    def _done(self, message: str):
        messages.success(self.request, message)
        return redirect("werkprogramma:enrolment", self.object.pk)

    def _refused(self, form, error: ValidationError, context_key: str, action: str):
        form.add_error(None, error)
        if context_key == "forms":
            return self._invalid({"forms": self.forms(form, action)})
        return self._invalid({context_key: form})

    def post_step(self, request):
        step_id = parsing.optional_id(request.POST.get("step"))
        progress = self.object.steps.filter(pk=step_id, done_on__isnull=True).first()
        if progress is None:
            messages.error(request, _("This step is not open in this enrolment."))
            return self._invalid({})
        form = StepForm(request.POST, auto_id=f"s{progress.pk}_%s")
        if not form.is_valid():
            return self._invalid({"bound_step": form})
        try:
            services.record_step(
                progress, request.user, form.cleaned_data["done_on"], form.cleaned_data["note"]
            )
        except ValidationError as error:
            return self._refused(form, error, "bound_step", "step")
        return self._done(_("Step saved: %(step)s.") % {"step": progress.step.name})

    def post_notes(self, request):
        form = NotesForm(request.POST)
        if not form.is_valid():
            return self._invalid({"forms": self.forms(form, "notes")})
        if form.cleaned_data["version"] != self.object.version:
            form.add_error(
                None,
                _(
                    "Someone else saved this enrolment after you opened it. Your notes are "
                    "below; the saved notes are on the page: copy what you need and save again."
                ),
            )
            return self._invalid({"forms": self.forms(form, "notes")}, status=409)
        services.save_notes(self.object, request.user, form.cleaned_data["notes"])
        return self._done(_("Notes saved."))

    def post_outcome(self, request):
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            return self._invalid({"forms": self.forms(form, "outcome")})
        data = form.cleaned_data
        try:
            services.record_outcome(
                self.object,
                request.user,
                data["outcome"],
                data["on"],
                hours=data["hours"],
                contract_kind=data["contract_kind"],
            )
        except ValidationError as error:
            return self._refused(form, error, "forms", "outcome")
        message = _("Outcome saved.")
        if data["outcome"] == Outcome.BASISBAAN:
            message = _("Outcome saved: the file moves on to the basisbaan programme.")
        return self._done(message)

    def post_follow_up(self, request):
        follow_up_id = parsing.optional_id(request.POST.get("follow_up"))
        form = FollowUpForm(request.POST, auto_id=f"f{follow_up_id}_%s")
        if not form.is_valid():
            messages.error(request, _("Choose whether the outcome lasted."))
            return self._invalid({"bound_follow_up": form})
        follow_up = self.object.follow_ups.filter(
            pk=form.cleaned_data["follow_up"], recorded_on__isnull=True
        ).first()
        if follow_up is None:
            messages.error(request, _("This follow-up is not open in this enrolment."))
            return self._invalid({})
        try:
            services.record_follow_up(follow_up, request.user, form.cleaned_data["lasted"])
        except ValidationError as error:
            return self._refused(form, error, "bound_follow_up", "follow_up")
        return self._done(_("Follow-up saved."))

    def post_stop(self, request):
        form = StopForm(request.POST)
        if not form.is_valid():
            return self._invalid({"forms": self.forms(form, "stop")})
        try:
            services.stop(self.object, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            return self._refused(form, error, "forms", "stop")
        return self._done(_("The enrolment is stopped."))

"""Participant self-service ("Mijn basisbaan") and the planner's answers to leave requests.

Every participant page finds the participant in the user's own scope (a participant
sees only themselves; anyone else's record is never reached). Reports and requests go
through ``guidance.sickness`` and ``guidance.leave``, the same functions staff use.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import StaleEdit, VersionedFormMixin
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import leave, selfservice, sickness
from basisbaan.guidance.forms import DATE_WIDGET
from basisbaan.guidance.models import LeaveRequest, SicknessCase
from basisbaan.participants.models import Participant

# --------------------------------------------------------------------------- forms


class MySickForm(forms.Form):
    first_sick_day = forms.DateField(
        label=gettext_lazy("Since which day are you sick?"), widget=DATE_WIDGET
    )


class MyRecoveredForm(forms.Form):
    recovered_on = forms.DateField(
        label=gettext_lazy("From which day can you work again?"), widget=DATE_WIDGET
    )


class MyLeaveForm(forms.Form):
    first_day = forms.DateField(label=gettext_lazy("First day off"), widget=DATE_WIDGET)
    last_day = forms.DateField(label=gettext_lazy("Last day off"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=gettext_lazy("Note for the planner (you may leave this empty)"),
        max_length=200,
        required=False,
        # The planner may not see health data: a sick participant reports sick instead.
        help_text=gettext_lazy(
            "Do not write about your health here. Are you sick? Choose 'I am sick'."
        ),
    )


class LeaveAnswerForm(VersionedFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("approve", gettext_lazy("approve")), ("refuse", gettext_lazy("refuse"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=gettext_lazy("Short answer to the participant"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Required when you refuse: say why."),
    )


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        form.add_error(None, exc)


# --------------------------------------------------------------------------- participants


class OwnParticipantMixin(PermissionMixin):
    """The logged-in participant's own record, or 404."""

    permission = "guidance.self_service"
    read_fields: list[str] = []

    def participant(self) -> Participant:
        if not hasattr(self, "_participant"):
            found = (
                self.scoped(Participant.objects.all())
                .select_related("coach", "guidance_organisation", "municipality")
                .first()
            )
            if found is None:
                raise Http404
            self._participant = found
        return self._participant

    def get_context_data(self, **kwargs):
        person = self.participant()
        if self.read_fields:
            audit.read(self.request.user, person, fields=self.read_fields, purpose="self-service")
        return super().get_context_data(participant=person, **kwargs)


class MyHomeView(OwnParticipantMixin, TemplateView):
    """The participant's start page: big buttons, contract, coach, why fewer hours."""

    template_name = "guidance/my_home.html"
    read_fields = ["contract", "coach", "sickness", "planned_week"]

    def get_context_data(self, **kwargs):
        from basisbaan.planning import weekcard

        person = self.participant()
        today = calendar.today()
        contract = person.current_contract(today)
        try:
            hourly = selfservice.euro(contract.hourly_wage_eur) if contract else ""
        except LookupError:
            hourly = ""
        card = weekcard.build(person, calendar.monday(today), today)
        open_leave = LeaveRequest.objects.filter(
            participant=person, status=LeaveRequest.Status.REQUESTED
        ).count()
        contact = selfservice.guidance_contact(person)
        if contact is not None:
            audit.read(self.request.user, contact, fields=["name", "phone"])
        return super().get_context_data(
            contract=contract,
            hourly=hourly,
            case=selfservice.open_case(person),
            week_hours=selfservice.hours(card["hours"]) if card["published"] else "",
            contract_hours=selfservice.hours(
                contract.hours_per_week if contract else person.contract_hours
            ),
            fewer_hours=card["published"]
            and card["hours"] < (contract.hours_per_week if contract else person.contract_hours),
            open_leave=open_leave,
            guidance_contact=contact,
            **kwargs,
        )


class MySickView(OwnParticipantMixin, TemplateView):
    """Report sick ("Ik ben ziek"): the guidance organisation's sick report, by the person."""

    template_name = "guidance/my_sick.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MySickForm(initial={"first_sick_day": calendar.today()}))
        return super().get_context_data(case=selfservice.open_case(self.participant()), **kwargs)

    def post(self, request, *args, **kwargs):
        if selfservice.open_case(self.participant()) is not None:
            messages.info(request, _("You are already reported sick."))
            return redirect("guidance:my_home")
        form = MySickForm(request.POST)
        if form.is_valid():
            try:
                sickness.report_sick(
                    self.participant(),
                    request.user,
                    form.cleaned_data["first_sick_day"],
                    SicknessCase.Extent.FULL,
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your sick report has been sent. Your coach and the people who "
                        "guide you at work know it now. Get well soon!"
                    ),
                )
                return redirect("guidance:my_home")
        return self.render_to_response(self.get_context_data(form=form))


class MyRecoveredView(OwnParticipantMixin, TemplateView):
    """Report recovered ("Ik ben weer beter"): closes the open case, as staff's report does."""

    template_name = "guidance/my_recovered.html"

    def get_context_data(self, **kwargs):
        case = selfservice.open_case(self.participant())
        if case is not None:
            default = selfservice.recovery_default(case, calendar.today())
            kwargs.setdefault("form", MyRecoveredForm(initial={"recovered_on": default}))
        return super().get_context_data(case=case, **kwargs)

    def post(self, request, *args, **kwargs):
        case = selfservice.open_case(self.participant())
        if case is None:
            messages.info(request, _("You are not reported sick."))
            return redirect("guidance:my_home")
        form = MyRecoveredForm(request.POST)
        if form.is_valid():
            try:
                sickness.report_recovered(case, request.user, form.cleaned_data["recovered_on"])
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request, _("Good to hear that you are better. Your coach knows it now.")
                )
                return redirect("guidance:my_home")
        return self.render_to_response(self.get_context_data(form=form))


class MyLeaveView(OwnParticipantMixin, TemplateView):
    """Ask for leave ("Verlof aanvragen"): own requests with their answers, and a new one."""

    template_name = "guidance/my_leave.html"

    def get_context_data(self, **kwargs):
        person = self.participant()
        requests = list(
            LeaveRequest.objects.filter(participant=person).order_by("-first_day", "-pk")[:20]
        )
        for item in requests:
            audit.read(self.request.user, item, fields=leave.FIELDS + ["answer"])
        tomorrow = calendar.today() + datetime.timedelta(days=1)
        kwargs.setdefault(
            "form", MyLeaveForm(initial={"first_day": tomorrow, "last_day": tomorrow})
        )
        return super().get_context_data(requests=requests, **kwargs)

    def post(self, request, *args, **kwargs):
        form = MyLeaveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                leave.request_leave(
                    self.participant(),
                    request.user,
                    data["first_day"],
                    data["last_day"],
                    data["note"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request, _("Your request has been sent. You will see the answer on this page.")
                )
                return redirect("guidance:my_leave")
        return self.render_to_response(self.get_context_data(form=form))


class MyPayView(OwnParticipantMixin, TemplateView):
    """Hours (approved timesheets) and an estimate of gross pay per month."""

    template_name = "guidance/my_pay.html"
    read_fields = ["contract", "hours", "wage"]

    def get_context_data(self, **kwargs):
        months = selfservice.pay_per_month(self.participant(), calendar.today())
        for month in months:
            month.hours = {
                name: selfservice.hours(getattr(month, name))
                for name in ("contracted", "worked", "sick", "leave", "other")
            }
        return super().get_context_data(months=months, **kwargs)


class MyWorkView(OwnParticipantMixin, TemplateView):
    """Where I work: the places of this and next published week, contact, route."""

    template_name = "guidance/my_work.html"
    read_fields = ["planned_week"]

    def get_context_data(self, **kwargs):
        places = selfservice.work_places(self.participant(), calendar.today())
        for place in places:
            if place["contact"] is not None:
                audit.read(self.request.user, place["contact"], fields=["name", "phone"])
        return super().get_context_data(places=places, **kwargs)


# --------------------------------------------------------------------------- planner


class LeaveRequestsView(PermissionMixin, TemplateView):
    """The planner's list of open leave requests (answer each) and recent answers."""

    permission = "guidance.answer_leave"
    template_name = "guidance/leave_requests.html"

    def get_context_data(self, **kwargs):
        scoped = self.scoped(LeaveRequest.objects.select_related("participant", "answered_by"))
        open_requests = list(
            scoped.filter(status=LeaveRequest.Status.REQUESTED).order_by("first_day", "pk")
        )
        answered = list(
            scoped.exclude(status=LeaveRequest.Status.REQUESTED).order_by("-answered_at", "-pk")[
                :20
            ]
        )
        forms_by_pk = kwargs.pop("forms_by_pk", {})
        for item in (*open_requests, *answered):
            audit.read(self.request.user, item, fields=["participant", *leave.FIELDS])
        for item in open_requests:
            item.form = forms_by_pk.get(item.pk) or LeaveAnswerForm(
                version_of=item, prefix=f"leave{item.pk}"
            )
        return super().get_context_data(open_requests=open_requests, answered=answered, **kwargs)


class LeaveAnswerView(ObjectPermissionMixin, View):
    """Approve or refuse one leave request (POST), guarded against a second answer."""

    permission = "guidance.answer_leave"
    model = LeaveRequest

    def get_queryset(self):
        return LeaveRequest.objects.select_related("participant")

    def post(self, request, *args, **kwargs):
        item = self.object
        form = LeaveAnswerForm(request.POST, version_of=item, prefix=f"leave{item.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("guidance:leave_requests")
        data = form.cleaned_data
        try:
            leave.answer_leave(
                item,
                request.user,
                data["decision"] == "approve",
                data["answer"],
                form.posted_version,
            )
        except StaleEdit:
            messages.error(
                request,
                _("Someone else answered this request in the meantime. Nothing was changed."),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The answer is saved. The participant sees it now."))
        return redirect("guidance:leave_requests")

"""Referrals by partners: the partner's form and list, the programme's list and decision.

A partner's pages show only their own organisation's referrals (Referral.access_filter)
and of each only what ``referrals.partner_stage`` gives: the stage and its date.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.participants import referrals
from basisbaan.participants.forms import DeclineForm, IntakeForm, ReferralForm
from basisbaan.participants.models import Referral

# The fields a partner sees again of their own referral (the name they typed).
PARTNER_READ_FIELDS = ["first_name", "prefix", "surname"]


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- the partner ------------------------------------------------------------------------


class PartnerMixin(PermissionMixin):
    def partner(self):
        """The referral partner this user acts for in the active municipality."""
        for assignment in access.granting(self.request.user, self.permission, self.municipality):
            organisation = referrals.partner_organisation(assignment)
            if organisation is not None:
                return organisation
        return None


class ReferralCreateView(PartnerMixin, FormView):
    """ "Refer a resident": the partner's form."""

    permission = "referrals.submit"
    template_name = "participants/referral_form.html"

    def get_form(self, form_class=None):
        return ReferralForm(municipality=self.municipality, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.partner(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            referral = referrals.submit(
                self.request.user,
                self.partner(),
                self.municipality,
                referrals.ReferralData(
                    first_name=data["first_name"],
                    prefix=data["prefix"],
                    surname=data["surname"],
                    phone=data["phone"],
                    email=data["email"],
                    birth_date=data["birth_date"],
                    postcode=data["postcode"],
                    neighbourhood=data["neighbourhood"],
                    motivation=data["motivation"],
                    consent=data["consent"],
                ),
            )
        except referrals.ReferralError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except ValidationError as error:
            _errors_to_form(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("Thank you. %(name)s is referred; below you can follow how far the referral is.")
            % {"name": referral.display_name},
        )
        return redirect("participants:my_referrals")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MyReferralsView(PartnerMixin, TemplateView):
    """ "My referrals": the partner's referrals with their stage, nothing more."""

    permission = "referrals.view_own"
    template_name = "participants/referrals_mine.html"

    def get_context_data(self, **kwargs):
        rows = list(self.scoped(Referral.objects.all()).order_by("-submitted_at", "-pk")[:200])
        for referral in rows:
            audit.read(self.request.user, referral, fields=PARTNER_READ_FIELDS)
        may_submit = access.has_perm(self.request.user, "referrals.submit", self.municipality)
        return super().get_context_data(
            rows=[referrals.partner_stage(r) for r in rows],
            may_submit=may_submit,
            **kwargs,
        )


class WithdrawView(ObjectPermissionMixin, View):
    """The partner withdraws an open referral (POST only)."""

    permission = "referrals.submit"
    model = Referral

    def post(self, request, *args, **kwargs):
        try:
            referrals.withdraw(self.object.pk, request.user)
        except referrals.ReferralError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The referral is withdrawn."))
        return redirect("participants:my_referrals")


# --- programme staff ------------------------------------------------------------------


class ReferralListView(PermissionMixin, ListView):
    """ "Referrals from partners": open ones first; filter by stage."""

    permission = "referrals.handle"
    template_name = "participants/referrals.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = self.scoped(
            Referral.objects.filter(municipality=self.municipality).select_related("organisation")
        )
        self.stage = self.request.GET.get("stage", Referral.Status.SUBMITTED)
        if self.stage in Referral.Status.values:
            queryset = queryset.filter(status=self.stage)
        else:
            self.stage = ""
        return queryset.order_by("submitted_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            stages=Referral.Status.choices, stage=self.stage, **kwargs
        )
        for referral in context["object_list"]:
            audit.read(self.request.user, referral, fields=PARTNER_READ_FIELDS)
        return context


class ReferralDetailMixin(ObjectPermissionMixin):
    permission = "referrals.handle"
    model = Referral
    template_name = "participants/referral_detail.html"

    def get_queryset(self):
        return Referral.objects.select_related(
            "organisation", "referred_by", "consent_recorded_by", "decided_by", "neighbourhood"
        )

    def render_detail(self, status=200, **kwargs):
        referral = self.object
        kwargs.setdefault(
            "intake_form",
            IntakeForm(initial={"birth_date": referral.birth_date, "postcode": referral.postcode}),
        )
        kwargs.setdefault("decline_form", DeclineForm())
        audit.read(self.request.user, referral, fields=Referral.PERSONAL_FIELDS)
        context = self.get_context_data(
            referral=referral,
            is_open=referral.status == Referral.Status.SUBMITTED,
            may_open_file=referral.participant is not None
            and access.can(self.request.user, "participants.view", referral.participant),
            **kwargs,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


class ReferralDetailView(ReferralDetailMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_detail()


class ReferralIntakeView(ReferralDetailMixin, View):
    """ "Take into intake": creates (or finds) the participant."""

    def post(self, request, *args, **kwargs):
        form = IntakeForm(request.POST)
        if not form.is_valid():
            return self.render_detail(status=400, intake_form=form)
        try:
            intake = referrals.take_into_intake(self.object.pk, request.user, **form.cleaned_data)
        except referrals.ReferralError as error:
            form.add_error(None, error.message)
            return self.render_detail(status=400, intake_form=form)
        except ValidationError as error:
            _errors_to_form(form, error)
            return self.render_detail(status=400, intake_form=form)
        if intake.created:
            messages.success(
                request,
                _(
                    "%(name)s is taken into intake: the file is made (status: referred). "
                    "Screening comes next."
                )
                % {"name": intake.participant.display_name},
            )
        else:
            messages.success(
                request,
                _("This resident was already known: the referral is linked to their file."),
            )
        if access.can(request.user, "participants.view", intake.participant):
            return redirect("participants:detail", intake.participant.pk)
        return redirect("participants:referral", self.object.pk)


class ReferralDeclineView(ReferralDetailMixin, View):
    """ "Do not take in", with a coded reason the partner sees."""

    def post(self, request, *args, **kwargs):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_detail(status=400, decline_form=form)
        try:
            referrals.decline(self.object.pk, request.user, form.cleaned_data["reason"])
        except referrals.ReferralError as error:
            form.add_error(None, error.message)
            return self.render_detail(status=400, decline_form=form)
        messages.success(request, _("The referral is not taken in; the partner sees the reason."))
        return redirect("participants:referrals")

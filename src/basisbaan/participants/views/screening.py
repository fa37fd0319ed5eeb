"""Screening against the eligibility rules, overrides, and the scan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.core.vocabulary import LIMITATIONS, SKILLS
from basisbaan.participants import eligibility, services
from basisbaan.participants.forms import OverrideForm, ScanForm
from basisbaan.participants.instruments import zrm_domains
from basisbaan.participants.views.common import ParticipantFileMixin, _labels


class ScreeningView(ParticipantFileMixin, TemplateView):
    """The screening tab: every rule with pass/fail and why; screen again; override."""

    permission = "participants.view_scan"
    template_name = "participants/file_screening.html"
    tab = "screening"
    read_fields = ["screening", "benefit_since", "birth_date", "availability"]

    def get_context_data(self, **kwargs):
        p = self.object
        screenings = list(p.screenings.select_related("by", "overridden_by").order_by("-at")[:10])
        programme = p.programme
        return super().get_context_data(
            latest=screenings[0] if screenings else None,
            earlier=screenings[1:],
            preview=eligibility.evaluate(p, programme) if programme else [],
            may_screen=access.can(self.request.user, "participants.screen", p),
            may_override=access.can(self.request.user, "participants.override_eligibility", p),
            override_form=kwargs.pop("override_form", None) or OverrideForm(),
            **kwargs,
        )


class ScreenView(ParticipantFileMixin, TemplateView):
    """POST: screen the participant against the programme's rules now."""

    permission = "participants.screen"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.object.programme is None:
            messages.error(request, _("This person is not in a programme: screening needs one."))
        else:
            screening = eligibility.screen(self.object, request.user)
            if screening.eligible:
                messages.success(request, _("Screened: meets every rule."))
            else:
                messages.warning(request, _("Screened: does not meet every rule."))
        return redirect("participants:screening", self.object.pk)


class OverrideView(ParticipantFileMixin, FormView):
    permission = "participants.override_eligibility"
    template_name = "participants/override_form.html"
    tab = "screening"

    def get_screening(self):
        screening = self.object.screenings.filter(pk=self.kwargs["screening"]).first()
        if screening is None:
            raise Http404
        return screening

    def get_form(self, form_class=None):
        return OverrideForm(**self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(screening=self.get_screening(), **kwargs)

    def form_valid(self, form):
        eligibility.override(
            self.get_screening(),
            self.request.user,
            form.cleaned_data["eligible"],
            form.cleaned_data["reason"],
        )
        messages.success(self.request, _("The override is saved."))
        return redirect("participants:screening", self.object.pk)


class ScanView(ParticipantFileMixin, TemplateView):
    permission = "participants.view_scan"
    template_name = "participants/file_scan.html"
    tab = "scan"
    read_fields = ["scan"]

    def get_context_data(self, **kwargs):
        scans = list(self.object.scans.select_related("made_by").order_by("-version"))
        domains = zrm_domains()
        for scan in scans:
            scan.skill_labels = _labels(scan.skills, SKILLS)
            scan.limitation_labels = _labels(scan.limitations, LIMITATIONS)
            scan.zrm_rows = [
                (label, scan.zrm_scores[code]) for code, label in domains if code in scan.zrm_scores
            ]
        return super().get_context_data(
            scans=scans,
            may_edit=access.can(self.request.user, "participants.edit_scan", self.object),
            **kwargs,
        )


class ScanCreateView(ParticipantFileMixin, FormView):
    permission = "participants.edit_scan"
    template_name = "participants/scan_form.html"
    tab = "scan"
    form_class = ScanForm

    def get_initial(self):
        last = self.object.scans.order_by("-version").first()
        if last is None:
            return {"skills": self.object.skills, "limitations": self.object.limitations}
        initial = {
            "work_history": last.work_history,
            "skills": last.skills,
            "interests": last.interests,
            "personality": last.personality,
            "limitations": last.limitations,
            "advice": last.advice,
        }
        initial.update({f"zrm_{code}": score for code, score in last.zrm_scores.items()})
        return initial

    def form_valid(self, form):
        try:
            scan = services.record_scan(self.object, self.request.user, form.values())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Scan version %(v)s is saved.") % {"v": scan.version})
        return redirect("participants:scan", self.object.pk)

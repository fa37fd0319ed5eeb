"""The participant file: the overview, the profile, the timeline; the participant's own details."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.core.mixins import PermissionMixin
from basisbaan.core.vocabulary import LIMITATIONS, SKILLS, WEEKDAY_CHOICES
from basisbaan.participants import services
from basisbaan.participants.forms import ProfileForm
from basisbaan.participants.models import Participant
from basisbaan.participants.views.common import ParticipantFileMixin, _labels
from basisbaan.tenants.models import TaskCategory

WORK_FIELDS = [
    "first_name",
    "initials",
    "prefix",
    "surname",
    "phone",
    "email",
    "status",
    "coach",
    "guidance_organisation",
    "home_neighbourhood",
    "contract_hours",
    "availability",
    "wishes",
    "skills",
    "limitations",
    "max_travel_km",
    "travel_mode",
]


PERSONAL_FIELDS = ["bsn", "birth_date", "postcode", "house_number"]


class ParticipantDetailView(ParticipantFileMixin, TemplateView):
    """The profile tab: work-related fields for everyone with access; BSN, birth date and
    address only with ``participants.view_personal``."""

    permission = "participants.view"
    template_name = "participants/file_profile.html"
    tab = "profile"

    def get_context_data(self, **kwargs):
        p = self.object
        personal = self.may("participants.view_personal")
        # Limitations are health-related: only for those who plan or guide the work.
        see_limitations = self.may("participants.view_limitations")
        work_fields = [f for f in WORK_FIELDS if see_limitations or f != "limitations"]
        self.read_fields = work_fields + (PERSONAL_FIELDS if personal else [])
        categories = dict(
            TaskCategory.objects.filter(municipality=p.municipality).values_list("code", "name")
        )
        days = dict(WEEKDAY_CHOICES)
        availability = [
            (days.get(day, day), ", ".join(f"{a}–{b}" for a, b in windows))
            for day, windows in sorted(
                (p.availability or {}).items(),
                key=lambda item: list(days).index(item[0]) if item[0] in days else 9,
            )
        ]
        return super().get_context_data(
            personal=personal,
            age=p.age_on(calendar.today()),
            wishes=[categories.get(code, code) for code in p.wishes or []],
            skills=_labels(p.skills, SKILLS),
            limitations=_labels(p.limitations, LIMITATIONS) if see_limitations else [],
            see_limitations=see_limitations,
            availability=availability,
            **kwargs,
        )


class ProfileEditView(ConflictMixin, ParticipantFileMixin, FormView):
    permission = "participants.edit_profile"
    template_name = "participants/profile_form.html"
    tab = "profile"

    def get_form(self, form_class=None):
        return ProfileForm(instance=self.object, **self.get_form_kwargs())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get(self, request, *args, **kwargs):
        audit.read(request.user, self.object, fields=WORK_FIELDS)
        return super().get(request, *args, **kwargs)

    def conflict_shown(self, shown):
        audit.read(self.request.user, self.object, fields=[row.name for row in shown])

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                changed = services.update_profile(self.object, self.request.user, form.changes())
                if not changed:
                    transaction.set_rollback(True)  # nothing saved: the version stays
        except StaleEdit:
            return self.conflict_response(form)
        if changed:
            messages.success(self.request, _("The profile is saved."))
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect("participants:detail", self.object.pk)


class TimelineView(ParticipantFileMixin, TemplateView):
    permission = "participants.view_health"
    template_name = "participants/file_timeline.html"
    tab = "timeline"
    read_fields = ["status_changes"]

    def get_context_data(self, **kwargs):
        changes = self.object.status_changes.select_related("by").order_by("-at", "-pk")
        return super().get_context_data(changes=changes, **kwargs)


class MyDetailsView(PermissionMixin, TemplateView):
    """A participant's own details in plain language (B1), for the phone."""

    permission = "participants.view_own"
    template_name = "participants/my_details.html"

    def get_context_data(self, **kwargs):
        participant = (
            self.scoped(Participant.objects.all())
            .select_related("coach", "guidance_organisation", "home_neighbourhood")
            .first()
        )
        if participant is None:
            raise Http404
        audit.read(self.request.user, participant, fields=["name", "availability", "wishes"])
        days = dict(WEEKDAY_CHOICES)
        categories = dict(
            TaskCategory.objects.filter(municipality=participant.municipality).values_list(
                "code", "name"
            )
        )
        availability = [
            (label, ", ".join(f"{a}–{b}" for a, b in participant.availability.get(day, [])))
            for day, label in WEEKDAY_CHOICES
            if participant.availability.get(day)
        ]
        contract = participant.current_contract(calendar.today())
        return super().get_context_data(
            participant=participant,
            availability=availability,
            days=days,
            wishes=[categories.get(code, code) for code in participant.wishes or []],
            contract=contract,
            **kwargs,
        )

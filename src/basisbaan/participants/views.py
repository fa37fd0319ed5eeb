"""Participant screens: caseload lists and search, the participant file with tabs,
the lifecycle, screening, scan, contract, assignment, waiting list and the import.

Each view names its permission; objects are found through ``access`` (out of scope:
404). Every read of a participant's personal data is audited, naming the fields shown.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, parsing
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, claim, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.core.vocabulary import LIMITATIONS, SKILLS, WEEKDAY_CHOICES
from basisbaan.jobs.runner import enqueue
from basisbaan.participants import eligibility, importer, services, workflow
from basisbaan.participants.forms import (
    AssignForm,
    ContractForm,
    MappingForm,
    OverrideForm,
    PriorityForm,
    ProfileForm,
    RulesForm,
    ScanForm,
    TransitionForm,
    UploadForm,
)
from basisbaan.participants.instruments import zrm_domains
from basisbaan.participants.models import (
    EligibilityRule,
    ImportMapping,
    ImportRun,
    Participant,
    Status,
)
from basisbaan.tenants.models import Programme, TaskCategory

# The file's tabs: (key, label, url name, permission). A tab shows only with its permission.
TABS = [
    ("profile", gettext_lazy("Profile"), "participants:detail", "participants.view"),
    ("screening", gettext_lazy("Screening"), "participants:screening", "participants.view_scan"),
    ("scan", gettext_lazy("Scan"), "participants:scan", "participants.view_scan"),
    (
        "contract",
        gettext_lazy("Contract and income"),
        "participants:contract",
        "participants.view_income",
    ),
    ("timeline", gettext_lazy("Timeline"), "participants:timeline", "participants.view_health"),
]
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


def _labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary.get(code, code)) for code in codes or []]


class ParticipantListView(PermissionMixin, ListView):
    """Caseload list and search: a coach sees their own caseload, planners the programme,
    guidance staff their organisation's participants."""

    permission = "participants.view"
    template_name = "participants/list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = self.scoped(Participant.objects.all()).select_related(
            "coach", "home_neighbourhood", "guidance_organisation"
        )
        status = self.request.GET.get("status", "")
        may_see_contracts = access.has_perm(
            self.request.user, "participants.view_income", self.municipality
        )
        if status == "in_service":
            queryset = queryset.in_service()
        elif status == "contract_ending" and may_see_contracts:
            queryset = services.contracts_needing_attention(queryset, calendar.today())
        elif status == "three_years" and may_see_contracts:
            queryset = services.reaching_three_years(queryset, calendar.today())
        elif status in Status.values:
            queryset = queryset.filter(status=status)
        if self.request.GET.get("mine") and access.has_perm(
            self.request.user, "participants.transition", self.municipality
        ):
            queryset = queryset.filter(coach=self.request.user)
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            # Only staff who may see BSNs and addresses can search on them.
            personal = access.has_perm(
                self.request.user, "participants.view_personal", self.municipality
            )
            queryset = queryset.search(query, personal=personal)
        return queryset.order_by("surname", "initials", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            statuses=Status.choices,
            status=self.request.GET.get("status", ""),
            q=self.request.GET.get("q", ""),
            mine=bool(self.request.GET.get("mine")),
            **kwargs,
        )
        for participant in context["object_list"]:
            audit.read(self.request.user, participant, fields=["name", "status"])
        return context


class ParticipantFileMixin(ObjectPermissionMixin):
    """A tab of the participant file."""

    model = Participant
    tab = ""
    read_fields: list[str] = []

    def get_queryset(self):
        return Participant.objects.select_related(
            "municipality",
            "programme",
            "coach",
            "guidance_organisation",
            "home_neighbourhood",
        )

    def may(self, permission: str) -> bool:
        return access.has_perm(self.request.user, permission, self.object.municipality_id)

    def get_context_data(self, **kwargs):
        participant = self.object
        tabs = [
            {"key": key, "label": label, "url": reverse(url, args=[participant.pk])}
            for key, label, url, permission in TABS
            if access.can(self.request.user, permission, participant)
        ]
        actions = {
            "edit_profile": access.can(self.request.user, "participants.edit_profile", participant),
            "transition": access.can(self.request.user, "participants.transition", participant),
            "assign": access.can(self.request.user, "participants.assign", participant),
        }
        if self.read_fields and self.request.method == "GET":
            audit.read(self.request.user, participant, fields=self.read_fields)
        return super().get_context_data(
            participant=participant, tabs=tabs, tab=self.tab, actions=actions, **kwargs
        )


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


class TransitionView(ParticipantFileMixin, FormView):
    permission = "participants.transition"
    template_name = "participants/transition_form.html"
    tab = "profile"

    def get_form(self, form_class=None):
        return TransitionForm(participant=self.object, **self.get_form_kwargs())

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            workflow.transition(
                self.object.pk,
                data["target"],
                self.request.user,
                expected=data["expected"],
                exit_reason=data["exit_reason"],
                follow_up_date=data["follow_up_date"],
                note=data["note"],
            )
        except workflow.TransitionError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The status is now: %(status)s.") % {"status": Status(data["target"]).label},
        )
        return redirect("participants:detail", self.object.pk)


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


class ContractView(ParticipantFileMixin, TemplateView):
    permission = "participants.view_income"
    template_name = "participants/file_contract.html"
    tab = "contract"
    read_fields = ["contracts", "benefit_since"]

    def get_context_data(self, **kwargs):
        today = calendar.today()
        contracts = list(self.object.contracts.order_by("-start_date"))
        return super().get_context_data(
            contracts=contracts,
            current=self.object.current_contract(today),
            signals=services.contract_signals(self.object, today),
            employment_start=services.employment_start(self.object),
            today=today,
            may_edit=access.can(self.request.user, "participants.edit_contract", self.object),
            **kwargs,
        )


class ContractCreateView(ConflictMixin, ParticipantFileMixin, FormView):
    permission = "participants.edit_contract"
    template_name = "participants/contract_form.html"
    tab = "contract"
    form_class = ContractForm

    def get_initial(self):
        return {
            "start_date": calendar.today(),
            "hours_per_week": self.object.contract_hours or None,
        }

    def get_form_kwargs(self):
        # A new contract ends the running one: only over the file as it was read.
        return {**super().get_form_kwargs(), "version_of": self.object}

    def current_form(self, form, record):
        latest = record.contracts.order_by("-start_date").first()
        fields = ["kind", "start_date", "end_date", "hours_per_week"]
        initial = {name: getattr(latest, name) for name in fields} if latest else {}
        return ContractForm(initial=initial, version_of=record)

    def conflict_shown(self, shown):
        audit.read(self.request.user, self.object, fields=["contracts"])

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                contract = services.add_contract(
                    self.object, self.request.user, **form.cleaned_data
                )
        except StaleEdit:
            return self.conflict_response(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The contract is saved: EUR %(wage)s an hour, EUR %(month)s a month gross.")
            % {"wage": contract.hourly_wage_eur, "month": contract.monthly_gross_eur},
        )
        return redirect("participants:contract", self.object.pk)


class TimelineView(ParticipantFileMixin, TemplateView):
    permission = "participants.view_health"
    template_name = "participants/file_timeline.html"
    tab = "timeline"
    read_fields = ["status_changes"]

    def get_context_data(self, **kwargs):
        changes = self.object.status_changes.select_related("by").order_by("-at", "-pk")
        return super().get_context_data(changes=changes, **kwargs)


class AssignView(ConflictMixin, ParticipantFileMixin, FormView):
    """Coach and guidance organisation, with caseload counts and a balancing suggestion."""

    permission = "participants.assign"
    template_name = "participants/assign_form.html"
    tab = "profile"

    def get_form(self, form_class=None):
        self.coaches, self.organisations = services.caseloads(self.object.municipality)
        return AssignForm(
            coaches=self.coaches,
            organisations=self.organisations,
            version_of=self.object,
            **self.get_form_kwargs(),
        )

    def current_form(self, form, record):
        initial = {"coach": record.coach, "guidance_organisation": record.guidance_organisation}
        return AssignForm(
            coaches=self.coaches,
            organisations=self.organisations,
            version_of=record,
            initial=initial,
        )

    def get_initial(self):
        suggested_coach, suggested_org = services.suggestion(self.object.municipality)
        return {
            "coach": self.object.coach or suggested_coach,
            "guidance_organisation": self.object.guidance_organisation or suggested_org,
        }

    def get_context_data(self, **kwargs):
        suggested_coach, suggested_org = services.suggestion(self.object.municipality)
        return super().get_context_data(
            suggested_coach=suggested_coach, suggested_org=suggested_org, **kwargs
        )

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                services.assign(
                    self.object,
                    self.request.user,
                    coach=form.cleaned_data["coach"],
                    guidance_organisation=form.cleaned_data["guidance_organisation"],
                )
        except StaleEdit:
            return self.conflict_response(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Coach and guidance organisation are saved."))
        return redirect("participants:detail", self.object.pk)


class PriorityView(ConflictMixin, ParticipantFileMixin, FormView):
    permission = "participants.assign"
    template_name = "participants/priority_form.html"
    tab = "profile"
    form_class = PriorityForm

    def get_initial(self):
        return {"priority_reason": self.object.priority_reason}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version_of": self.object}

    def current_form(self, form, record):
        return PriorityForm(initial={"priority_reason": record.priority_reason}, version_of=record)

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                services.set_priority(
                    self.object, self.request.user, form.cleaned_data["priority_reason"]
                )
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(self.request, _("The priority is saved."))
        return redirect("participants:waiting_list")


class WaitingListView(PermissionMixin, TemplateView):
    """The waiting list in order (priority first, then registration) and the capacity."""

    permission = "participants.waiting_list"
    template_name = "participants/waiting_list.html"

    def get_context_data(self, **kwargs):
        waiting = list(
            self.scoped(Participant.objects.all())
            .waiting_list()
            .select_related("coach", "home_neighbourhood")
        )
        for participant in waiting:
            audit.read(self.request.user, participant, fields=["name", "priority_reason"])
        programmes = Programme.objects.filter(
            municipality=self.municipality, kind=Programme.Kind.BASISBAAN
        )
        today = calendar.today()
        return super().get_context_data(
            waiting=waiting,
            capacities=[(p, services.capacity(p, today)) for p in programmes],
            may_prioritise=access.has_perm(
                self.request.user, "participants.assign", self.municipality
            ),
            **kwargs,
        )


class CaseloadsView(PermissionMixin, TemplateView):
    """Caseload per coach and guidance organisation; who still needs one."""

    permission = "participants.assign"
    template_name = "participants/caseloads.html"

    def get_context_data(self, **kwargs):
        coaches, organisations = services.caseloads(self.municipality)
        unassigned = list(
            self.scoped(Participant.objects.filter(status__in=services.ACTIVE))
            .filter(coach=None)
            .select_related("home_neighbourhood")[:100]
        )
        without_guidance = list(
            self.scoped(Participant.objects.in_service())
            .filter(guidance_organisation=None)
            .select_related("home_neighbourhood")[:100]
        )
        for participant in unassigned + without_guidance:
            audit.read(self.request.user, participant, fields=["name", "status"])
        suggested_coach, suggested_org = services.suggestion(self.municipality)
        return super().get_context_data(
            coaches=coaches,
            organisations=organisations,
            unassigned=unassigned,
            without_guidance=without_guidance,
            suggested_coach=suggested_coach,
            suggested_org=suggested_org,
            **kwargs,
        )


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


# --- import ----------------------------------------------------------------------


class ImportUploadView(PermissionMixin, FormView):
    permission = "participants.import"
    template_name = "participants/import_upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=importer.columns_for(self.municipality),
            runs=ImportRun.objects.filter(municipality=self.municipality)
            .select_related("uploaded_by")
            .defer("content")[:10],
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        parsed = importer.parse(data, importer.columns_for(self.municipality))
        would = importer.apply(parsed, self.municipality, dry_run=True, skip_invalid=True)
        run = ImportRun.objects.create(
            municipality=self.municipality,
            uploaded_by=self.request.user,
            filename=upload.name[:200],
            content=data,
            preview={
                "total": parsed.total,
                "valid": len(parsed.rows),
                "rejected": parsed.rejected,
                "file_error": parsed.file_error,
                "errors": [[e.line, e.column, e.reason] for e in parsed.errors[:500]],
                "more_errors": max(0, len(parsed.errors) - 500),
                "created": would.created,
                "updated": would.updated,
                "unchanged": would.unchanged,
            },
        )
        audit.created(self.request.user, run, fields=["file"], purpose="target group upload")
        return redirect("participants:import_detail", run.pk)


class ImportDetailView(ObjectPermissionMixin, TemplateView):
    """The preview of an upload (errors per line and column; what would change) and, after
    the import, its summary. POST starts the import as a background job."""

    permission = "participants.import"
    model = ImportRun
    template_name = "participants/import_detail.html"

    def get_queryset(self):
        return ImportRun.objects.select_related("job", "uploaded_by")

    def get_context_data(self, **kwargs):
        run = self.object
        summary = {k: v for k, v in run.summary.items() if not k.endswith("_ids")}
        return super().get_context_data(run=run, summary=summary, **kwargs)

    def post(self, request, *args, **kwargs):
        skip_invalid = request.POST.get("skip_invalid") == "1"
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=self.object.pk)
            if run.state != ImportRun.State.PREVIEW:
                messages.error(request, _("This file was already imported."))
                return redirect("participants:import_detail", run.pk)
            preview = run.preview
            if preview.get("file_error") or not preview.get("valid"):
                messages.error(request, _("There is nothing to import in this file."))
                return redirect("participants:import_detail", run.pk)
            if preview.get("rejected") and not skip_invalid:
                messages.error(
                    request,
                    _("The file has invalid rows: fix them, or import only the valid rows."),
                )
                return redirect("participants:import_detail", run.pk)
            run.state = ImportRun.State.QUEUED
            run.skip_invalid = skip_invalid
            run.save(update_fields=["state", "skip_invalid"])
            job = enqueue("participants.import", run.municipality, request.user, run=run.pk)
            run.job = job
            run.save(update_fields=["job"])
        return redirect("participants:import_detail", run.pk)


class MappingView(ConflictMixin, PermissionMixin, FormView):
    permission = "participants.manage_rules"
    template_name = "participants/mapping_form.html"

    def get_form(self, form_class=None):
        mapping = ImportMapping.objects.filter(municipality=self.municipality).first()
        return MappingForm(
            columns=importer.columns_for(self.municipality),
            version_of=mapping,
            **self.get_form_kwargs(),
        )

    def current_form(self, form, record):
        return MappingForm(columns=importer.columns_for(self.municipality), version_of=record)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                mapping, _created = ImportMapping.objects.get_or_create(
                    municipality=self.municipality
                )
                claim(mapping, form.posted_version)
                mapping.columns = {k: v.strip() for k, v in form.cleaned_data.items() if v}
                mapping.save()
        except StaleEdit:
            record = ImportMapping.objects.filter(municipality=self.municipality).first()
            return self.conflict_response(form, record=record or ImportMapping())
        messages.success(self.request, _("The column mapping is saved."))
        return redirect("participants:import")


class RulesView(ConflictMixin, PermissionMixin, FormView):
    """The eligibility rules of the municipality's basisbaan programme, as data."""

    permission = "participants.manage_rules"
    template_name = "participants/rules_form.html"

    def get_programme(self):
        programmes = Programme.objects.filter(municipality=self.municipality).order_by("start_date")
        chosen = self.request.GET.get("programme") or self.request.POST.get("programme")
        chosen_id = parsing.optional_id(chosen)
        programme = programmes.filter(pk=chosen_id).first() if chosen_id else None
        return programme or importer.default_programme(self.municipality) or programmes.first()

    def get_form(self, form_class=None):
        self.programme = self.get_programme()
        rules = (
            {r.kind: r for r in self.programme.eligibility_rules.all()} if self.programme else {}
        )
        return RulesForm(rules=rules, version_of=self.programme, **self.get_form_kwargs())

    def current_form(self, form, record):
        rules = {r.kind: r for r in record.eligibility_rules.all()}
        return RulesForm(rules=rules, version_of=record)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            programme=self.programme,
            programmes=Programme.objects.filter(municipality=self.municipality),
            **kwargs,
        )

    def form_valid(self, form):
        if self.programme is None:
            raise Http404
        data = form.cleaned_data
        try:
            with editing(self.programme, form.posted_version):
                self._save_rules(data)
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(self.request, _("The eligibility rules are saved."))
        return redirect(f"{reverse('participants:rules')}?programme={self.programme.pk}")

    def _save_rules(self, data):
        for order, (kind, _label) in enumerate(EligibilityRule.Kind.choices):
            value = data.get(f"{kind}_value")
            EligibilityRule.objects.update_or_create(
                programme=self.programme,
                kind=kind,
                defaults={
                    "active": bool(data.get(f"{kind}_active")),
                    "value": ""
                    if value is None
                    else f"{value:g}"
                    if not isinstance(value, str)
                    else value,
                    "order": order,
                },
            )

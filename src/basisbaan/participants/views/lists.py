"""The participant lists: the caseload list with search, the waiting list, the caseloads."""

from django.views.generic import ListView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import PermissionMixin
from basisbaan.participants import figures, services
from basisbaan.participants.models import Participant, Status
from basisbaan.tenants.models import Programme


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
            in_service_definition=figures.IN_SERVICE_DEFINITION,
            started_definition=figures.STARTED_DEFINITION,
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

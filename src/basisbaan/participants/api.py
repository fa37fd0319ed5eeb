"""Read-only API of participants: work-related fields only (no BSN, address, income,
health or scan), scoped like the screens. Every row returned is an audited read."""

from rest_framework import serializers

from basisbaan.api.viewsets import ScopedReadOnlyViewSet
from basisbaan.audit import api as audit
from basisbaan.participants.models import Participant

WORK_FIELDS = [
    "id",
    "municipality",
    "programme",
    "display_name",
    "status",
    "coach",
    "guidance_organisation",
    "home_neighbourhood",
    "contract_hours",
    "max_hours_per_day",
    "max_travel_km",
    "travel_mode",
    "wishes",
    "skills",
    "limitations",
    "availability",
]


class ParticipantSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Participant
        fields = WORK_FIELDS


class ParticipantViewSet(ScopedReadOnlyViewSet):
    """Participants the caller may see; filter with ``?status=employed`` or
    ``?status=in_service``."""

    permission = "participants.view"
    serializer_class = ParticipantSerializer
    queryset = Participant.objects.order_by("pk")

    def get_queryset(self):
        queryset = super().get_queryset()
        status = self.request.query_params.get("status", "")
        if status == "in_service":
            return queryset.in_service()
        if status:
            return queryset.filter(status=status)
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for participant in page if page is not None else []:
            audit.read(self.request.user, participant, fields=WORK_FIELDS)
        return page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit.read(request.user, self.get_object(), fields=WORK_FIELDS)
        return response

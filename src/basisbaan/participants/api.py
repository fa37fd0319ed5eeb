"""Read-only API of participants: work-related fields only (no BSN, address, income,
health or scan), scoped like the screens; ``limitations`` only with
``participants.view_limitations`` (not finance). Every row returned is an audited read."""

from rest_framework import serializers

from basisbaan.accounts import access
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


def _sees_limitations(user, participant) -> bool:
    # Limitations are health-related: not for finance (``participants.view_limitations``).
    return access.has_perm(user, "participants.view_limitations", participant.municipality_id)


def _read_fields(user, participant) -> list[str]:
    if _sees_limitations(user, participant):
        return WORK_FIELDS
    return [f for f in WORK_FIELDS if f != "limitations"]


class ParticipantSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Participant
        fields = WORK_FIELDS

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not _sees_limitations(request.user, instance):
            data.pop("limitations", None)
        return data


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
            audit.read(
                self.request.user, participant, fields=_read_fields(self.request.user, participant)
            )
        return page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        participant = self.get_object()
        audit.read(request.user, participant, fields=_read_fields(request.user, participant))
        return response

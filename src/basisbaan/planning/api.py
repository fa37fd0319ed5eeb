"""API: plan versions for planners, with the plan and the exported problem as files.

``GET /api/v1/plan-versions/`` lists the versions the caller may see;
``GET /api/v1/plan-versions/<id>/`` adds the plan in ``basisbaan-plan/1``;
``GET /api/v1/plan-versions/<id>/instance/`` is the exported ``basisbaan-planning/1``
problem, to be planned or scored offline with ``basisbaan plan`` / ``basisbaan score``.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from basisbaan.api.viewsets import HasCataloguePermission, ScopedReadOnlyViewSet
from basisbaan.audit import api as audit
from basisbaan.planning import export as planning_export
from basisbaan.planning import ids
from basisbaan.planning.models import PlanVersion


class PlanVersionSerializer(serializers.ModelSerializer):
    week = serializers.CharField(source="week.label")
    municipality = serializers.IntegerField(source="week.municipality_id")
    published = serializers.BooleanField(source="is_published")

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "municipality",
            "week",
            "number",
            "status",
            "origin",
            "published",
            "published_at",
            "time_limit",
            "cost",
            "lower_bound",
            "created_at",
        ]


class PlanVersionDetailSerializer(PlanVersionSerializer):
    plan = serializers.SerializerMethodField()

    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "pins", "forbids", "plan"]

    def get_plan(self, version) -> dict:
        pairs = sorted(
            (ids.participant_key(pid), key)
            for pid, key in version.assignments.values_list("participant_id", "slot_key")
        )
        return {
            "format": "basisbaan-plan/1",
            "instance": version.instance.get("name", ""),
            "assignments": [{"participant": p, "slot": s} for p, s in pairs],
        }


# The exported problem, described loosely: its full layout is docs/planning.md.
INSTANCE_SCHEMA = {
    "type": "object",
    "description": "A planning problem in basisbaan-planning/1 (docs/planning.md).",
    "properties": {
        "format": {"type": "string", "example": planning_export.FORMAT},
        "name": {"type": "string"},
        "week": {"type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$"},
        "weights": {"type": "object", "additionalProperties": True},
        "neighbourhoods": {"type": "array", "items": {"type": "object"}},
        "participants": {"type": "array", "items": {"type": "object"}},
        "tasks": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}


class DetailInScope(HasCataloguePermission):
    """Like retrieve, every detail action answers 404 (never 403) out of scope."""

    def has_permission(self, request, view) -> bool:
        if getattr(view, "detail", False) and request.user and request.user.is_authenticated:
            return True
        return super().has_permission(request, view)


class PlanVersionViewSet(ScopedReadOnlyViewSet):
    permission = "planning.view"
    permission_classes = [permissions.IsAuthenticated, DetailInScope]
    queryset = PlanVersion.objects.select_related("week", "week__published").order_by(
        "-week__week_start", "-number"
    )

    def get_serializer_class(self):
        return PlanVersionDetailSerializer if self.action == "retrieve" else PlanVersionSerializer

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit.read(request.user, self.get_object(), fields=["assignments"], purpose="api")
        return response

    @extend_schema(
        summary="The exported planning problem of a version",
        responses={200: OpenApiResponse(INSTANCE_SCHEMA, description="basisbaan-planning/1")},
    )
    @action(detail=True, methods=["get"])
    def instance(self, request, pk=None):
        version = self.get_object()
        audit.exported(request.user, version, fields=["instance"], purpose="api")
        return Response(version.instance)

"""Read-only API of the task catalogue: tasks with their slots (no submitter data)."""

from rest_framework import serializers

from basisbaan.api.fields import LocalTimeField
from basisbaan.api.viewsets import ScopedReadOnlyViewSet
from basisbaan.communitytasks.models import Task, TaskSlot


class TaskSlotSerializer(serializers.ModelSerializer):
    hours = serializers.FloatField(read_only=True)
    start = LocalTimeField(read_only=True)
    end = LocalTimeField(read_only=True)

    class Meta:
        model = TaskSlot
        fields = ["id", "weekday", "date", "start", "end", "people", "hours"]


class TaskSerializer(serializers.ModelSerializer):
    slots = TaskSlotSerializer(many=True, read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "municipality",
            "organisation",
            "neighbourhood",
            "category",
            "title",
            "description",
            "status",
            "priority",
            "requires",
            "demands",
            "start_date",
            "end_date",
            "is_one_off",
            "event_date",
            "suitability",
            "slots",
        ]


class TaskViewSet(ScopedReadOnlyViewSet):
    """Tasks in the caller's municipalities; filter with ``?status=approved``."""

    permission = "communitytasks.view"
    serializer_class = TaskSerializer
    queryset = Task.objects.select_related("category").prefetch_related("slots").order_by("pk")

    def get_queryset(self):
        queryset = super().get_queryset()
        status = self.request.query_params.get("status")
        if status in Task.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

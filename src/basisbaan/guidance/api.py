"""API: locked payroll exports for the HR/payroll system.

``GET /api/v1/payroll-exports/`` lists the exported months (no personal data);
``GET /api/v1/payroll-exports/<id>/`` adds the lines in the layout of
``docs/payroll-export.md`` (the same columns as the CSV). Every retrieve is audited.
"""

from django.db.models import Count
from rest_framework import serializers

from basisbaan.api.fields import MonthField
from basisbaan.api.viewsets import ScopedReadOnlyViewSet
from basisbaan.guidance import payroll
from basisbaan.guidance.models import PayrollExport


class PayrollExportSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(source="municipality.cbs_code")
    month = MonthField()
    line_count = serializers.IntegerField()

    class Meta:
        model = PayrollExport
        fields = ["id", "municipality_code", "month", "created_at", "line_count"]


class PayrollExportDetailSerializer(PayrollExportSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(PayrollExportSerializer.Meta):
        fields = [*PayrollExportSerializer.Meta.fields, "lines"]

    def get_lines(self, export) -> list[dict]:
        return [
            {
                column: (f"{value:.2f}" if hasattr(value, "quantize") else value)
                for column, value in zip(payroll.COLUMNS, row, strict=True)
            }
            for row in payroll.file_rows(export)
        ]


class PayrollExportViewSet(ScopedReadOnlyViewSet):
    permission = "guidance.payroll"
    queryset = (
        PayrollExport.objects.select_related("municipality")
        .annotate(line_count=Count("lines"))
        .order_by("municipality__name", "-month")
    )

    def get_serializer_class(self):
        return (
            PayrollExportDetailSerializer if self.action == "retrieve" else PayrollExportSerializer
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        payroll.audit_download(self.get_object(), request.user, "api")
        return response

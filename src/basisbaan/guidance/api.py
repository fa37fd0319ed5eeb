"""API: locked payroll exports for the HR/payroll system, and the partner write API.

``GET /api/v1/payroll-exports/`` lists the exported months (no personal data);
``GET /api/v1/payroll-exports/<id>/`` adds the lines in the layout of
``docs/payroll-export.md`` (the same columns as the CSV). Every retrieve is audited.

The partner write API (API tokens of a guidance organisation, ``docs/api.md``):
``POST /api/v1/sickness-cases/`` (report sick), ``POST /api/v1/sickness-cases/<id>/recovery/``
(report recovered) and ``GET``/``PUT /api/v1/timesheets/<participant>/<monday>/`` (a week's
timesheet, lost updates refused through ETag / If-Match).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from basisbaan.accounts import access
from basisbaan.api import idempotency
from basisbaan.api.authentication import ApiTokenAuthentication, AuthenticateHeaderMixin
from basisbaan.api.fields import MonthField
from basisbaan.api.schema import ERROR_REF
from basisbaan.api.viewsets import HasCataloguePermission, ScopedReadOnlyViewSet
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency, parsing
from basisbaan.guidance import payroll, sickness, timesheets
from basisbaan.guidance.models import HourKind, PayrollExport, SicknessCase, Timesheet
from basisbaan.participants.models import Participant


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


# --- the write API for partner systems ---------------------------------------------------
#
# A guidance organisation's own registration system reports sick and recovered and submits
# the week's timesheet with an API token (``basisbaan.api.tokens``): the same services,
# validation and transition rules as the pages, the organisation's participants only
# (others answer 404), idempotency keys (``basisbaan.api.idempotency``) and, for the
# timesheet, the version as ETag / If-Match against lost updates.


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so nobody believes an extra field (a diagnosis,
    a note) was stored: the sick report never holds what the illness is."""

    def validate(self, attrs):
        if isinstance(self.initial_data, dict):
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [_("This field is not accepted: leave it out.")]
                        for name in unknown[:10]
                    }
                )
        return attrs


class SickReportIn(StrictSerializer):
    participant = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    first_sick_day = serializers.DateField()
    extent = serializers.ChoiceField(
        choices=SicknessCase.Extent.choices, default=SicknessCase.Extent.FULL
    )
    partial_percentage = serializers.IntegerField(
        min_value=1,
        max_value=99,
        required=False,
        allow_null=True,
        help_text="Only when partly sick: the percentage the person cannot work.",
    )
    expected_days = serializers.IntegerField(
        min_value=1,
        max_value=730,
        required=False,
        allow_null=True,
        help_text="Expected duration in days, if known. Never send what the illness is.",
    )


class RecoveryIn(StrictSerializer):
    recovered_on = serializers.DateField(help_text="The day the person is back at work.")


class SicknessCaseOut(serializers.ModelSerializer):
    class Meta:
        model = SicknessCase
        fields = [
            "id",
            "participant",
            "first_sick_day",
            "extent",
            "partial_percentage",
            "expected_days",
            "reported_at",
            "recovered_on",
        ]


class TimesheetRowIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HourKind.choices)
    task_label = serializers.CharField(max_length=120, required=False, allow_blank=True)
    task_id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True
    )
    hours = serializers.ListField(
        child=serializers.CharField(max_length=20, allow_blank=True, trim_whitespace=True),
        min_length=7,
        max_length=7,
        help_text='Hours Monday to Sunday, in quarters of an hour: "6.5", "6,5" or '
        '"6:30"; "" or "0" for none.',
    )


class TimesheetWeekIn(StrictSerializer):
    rows = serializers.ListField(
        child=TimesheetRowIn(), max_length=timesheets.MAX_ROWS, allow_empty=True
    )
    submit = serializers.BooleanField(
        default=True,
        help_text="Submit the week for approval after saving (default); false: save only.",
    )


class TimesheetRowOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HourKind.choices)
    task_label = serializers.CharField()
    task_id = serializers.IntegerField(allow_null=True)
    hours = serializers.ListField(child=serializers.CharField(), min_length=7, max_length=7)


class TimesheetWeekOut(serializers.Serializer):
    participant = serializers.IntegerField()
    week_start = serializers.DateField()
    status = serializers.ChoiceField(
        choices=Timesheet.Status.choices,
        allow_null=True,
        help_text="null: nothing was saved for this week yet.",
    )
    version = serializers.IntegerField(help_text="Send it back as If-Match to change the week.")
    contract_hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    return_reason = serializers.CharField(allow_blank=True)
    rows = TimesheetRowOut(many=True)
    warnings = serializers.ListField(child=serializers.CharField(), required=False)


class ValidationErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def _error(code: int, message, errors: dict | None = None) -> Response:
    body = {"detail": str(message)}
    if errors:
        body["errors"] = {key: [str(m) for m in value] for key, value in errors.items()}
    return Response(body, status=code)


def _invalid(serializer) -> Response:
    """DRF's field errors, flattened (``rows.0.hours.2``), with the first as ``detail``."""
    errors: dict[str, list[str]] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
            for index, inner in enumerate(value):
                if inner:
                    walk(f"{prefix}.{index}", inner)
        else:
            errors.setdefault(prefix or "non_field_errors", []).extend(
                str(v) for v in (value if isinstance(value, list) else [value])
            )

    walk("", serializer.errors)
    first_key, first = next(iter(errors.items()))
    return _error(400, f"{first_key}: {first[0]}", errors)


def _refused(exc: ValidationError) -> Response:
    """A service's ValidationError as 400 with the same messages the pages show."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return _error(400, exc.messages[0], errors)


ERRORS = {
    400: OpenApiResponse(ValidationErrorOut, description="Invalid input; nothing changed."),
    401: OpenApiResponse(
        ERROR_REF, description="No token, or an unknown, expired or revoked token."
    ),
    403: OpenApiResponse(ERROR_REF, description="The token lacks the scope this endpoint needs."),
    404: OpenApiResponse(
        ERROR_REF,
        description="No such participant (or case) of the token's organisation: another "
        "organisation's participants answer 404 too.",
    ),
    422: OpenApiResponse(
        ERROR_REF,
        description="The Idempotency-Key was used before for a different request.",
    ),
    415: OpenApiResponse(ERROR_REF, description="The body is not JSON (application/json)."),
}
IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A unique key per write (e.g. a UUID). A retry with the same key and body "
    "within 24 hours gets the first answer again and changes nothing.",
)
REPLAYED_HEADER = OpenApiParameter(
    idempotency.REPLAYED,
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='"true" when the answer is the stored one of an earlier request with the '
    "same Idempotency-Key.",
)


CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The sickness case's id.")


class PartnerWriteView(AuthenticateHeaderMixin, APIView):
    """A write endpoint for API tokens (no session): ``permission`` names the catalogue
    permission; the token needs the scope that unlocks it."""

    authentication_classes = [ApiTokenAuthentication]
    parser_classes = [JSONParser]
    permission_classes = [permissions.IsAuthenticated, HasCataloguePermission]
    permission = ""


class SickReportApiView(PartnerWriteView):
    permission = "guidance.report_sickness"

    @extend_schema(
        operation_id="sickness_report",
        summary="Report a participant sick",
        description="Creates a sickness case (ziekmelding) with the same rules as the "
        "page: the first sick day not in the future and at most 60 days back, no second "
        "open case. Programme staff and the coach are notified at once. Never send a "
        "diagnosis. Scope `sickness:write`.",
        request=SickReportIn,
        parameters=[IDEMPOTENCY_KEY, REPLAYED_HEADER],
        responses={
            201: SicknessCaseOut,
            **ERRORS,
            409: OpenApiResponse(
                ERROR_REF, description="The participant is already reported sick."
            ),
        },
        tags=["partner writes"],
    )
    @idempotency.write
    def post(self, request):
        data = SickReportIn(data=request.data)
        if not data.is_valid():
            return _invalid(data)
        fields = dict(data.validated_data)
        participant = access.get_object_or_404(
            request.user, self.permission, Participant, pk=fields.pop("participant")
        )
        open_case = SicknessCase.objects.filter(
            participant=participant, recovered_on__isnull=True
        ).first()
        if open_case is not None:
            return _error(
                409,
                _("This participant is already reported sick since %(date)s.")
                % {"date": open_case.first_sick_day.strftime("%d-%m-%Y")},
            )
        try:
            case = sickness.report_sick(participant, request.user, **fields)
        except ValidationError as exc:
            return _refused(exc)
        response = Response(SicknessCaseOut(case).data, status=201)
        response["Location"] = request.build_absolute_uri(
            reverse("guidance:sickness_detail", args=[case.pk])
        )
        return response


class RecoveryApiView(PartnerWriteView):
    permission = "guidance.report_sickness"

    @extend_schema(
        operation_id="sickness_recovery",
        summary="Report a participant recovered",
        description="Closes the sickness case (betermelding) with the same rules as the "
        "page: the day back after the first sick day and at most two weeks ahead. "
        "Scope `sickness:write`.",
        request=RecoveryIn,
        parameters=[CASE_ID, IDEMPOTENCY_KEY, REPLAYED_HEADER],
        responses={
            200: SicknessCaseOut,
            **ERRORS,
            409: OpenApiResponse(ERROR_REF, description="The case is already closed."),
        },
        tags=["partner writes"],
    )
    @idempotency.write
    def post(self, request, pk: str):
        case = access.get_object_or_404(
            request.user,
            self.permission,
            SicknessCase.objects.select_related("participant"),
            pk=_id(pk),
        )
        data = RecoveryIn(data=request.data)
        if not data.is_valid():
            return _invalid(data)
        if not case.is_open:
            return _error(409, _("This sickness case is already closed."))
        try:
            case = sickness.report_recovered(
                case, request.user, data.validated_data["recovered_on"]
            )
        except ValidationError as exc:
            return _refused(exc)
        return Response(SicknessCaseOut(case).data)


def _id(value) -> int:
    """An id from the URL, else 404 (as for an id of nothing)."""
    try:
        return parsing.parse_id(value)
    except ValueError:
        raise Http404 from None


def _etag(version: int) -> str:
    return f'"{version}"'


def _if_match(value: str | None) -> int | None:
    """The version in an If-Match header (``"3"``, ``W/"3"`` or ``3``), else None."""
    text = (value or "").strip()
    if text.startswith("W/"):
        text = text[2:]
    return concurrency.read_version(text.strip().strip('"'))


WEEK = OpenApiParameter(
    "week",
    OpenApiTypes.DATE,
    OpenApiParameter.PATH,
    description="The week's Monday, YYYY-MM-DD (another day answers 404).",
)
PARTICIPANT = OpenApiParameter(
    "participant", int, OpenApiParameter.PATH, description="The participant's id."
)
ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="The week's version; send it as If-Match to change the week.",
)


class TimesheetWeekApiView(PartnerWriteView):
    permission = "guidance.edit_timesheets"

    def _week(self, request, participant: str, week: str):
        try:
            start = calendar.parse_week_start(week)
        except ValueError:
            raise Http404 from None
        person = access.get_object_or_404(
            request.user, self.permission, Participant, pk=_id(participant)
        )
        return person, start

    def _answer(self, person, start, timesheet, warnings=()) -> Response:
        rows = timesheets.rows_of(timesheet) if timesheet else []
        body = {
            "participant": person.pk,
            "week_start": start,
            "status": timesheet.status if timesheet else None,
            "version": concurrency.current_version(timesheet),
            "contract_hours": timesheet.contract_hours
            if timesheet
            else timesheets.contract_hours_on(person, start),
            "return_reason": timesheet.return_reason if timesheet else "",
            "rows": [
                {
                    "kind": row.kind,
                    "task_label": row.task_label,
                    "task_id": row.task_id,
                    "hours": [format(h.normalize(), "f") for h in row.hours],
                }
                for row in rows
            ],
        }
        if warnings:
            body["warnings"] = list(warnings)
        response = Response(TimesheetWeekOut(body).data)
        response["ETag"] = _etag(body["version"])
        return response

    @extend_schema(
        operation_id="timesheet_week_read",
        summary="Read a participant's week timesheet",
        description="The week's rows, status and version (also as ETag). A week without a "
        "timesheet answers status null and version 0. Scope `timesheets:write`.",
        parameters=[PARTICIPANT, WEEK, ETAG_HEADER],
        responses={200: TimesheetWeekOut, **{k: ERRORS[k] for k in (401, 403, 404)}},
        tags=["partner writes"],
    )
    def get(self, request, participant: str, week: str):
        person, start = self._week(request, participant, week)
        timesheet = Timesheet.objects.filter(participant=person, week_start=start).first()
        audit.read(request.user, person, fields=["timesheet"])
        return self._answer(person, start, timesheet)

    @extend_schema(
        operation_id="timesheet_week_write",
        summary="Save and submit a participant's week timesheet",
        description="Replaces the week's rows (as the page's grid: one row per kind and "
        "task, seven days, quarters of an hour, at most 24 hours a day) and, unless "
        "`submit` is false, submits the week for approval. Only a draft or returned week "
        "can be changed, and only a week that has started can be submitted. Send the "
        "version you read as `If-Match`: when someone changed the week since, nothing is "
        "saved (412). Scope `timesheets:write`.",
        request=TimesheetWeekIn,
        parameters=[
            PARTICIPANT,
            WEEK,
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description='The version read (ETag), e.g. "3"; "0" for a week '
                "without a timesheet.",
            ),
            IDEMPOTENCY_KEY,
            ETAG_HEADER,
            REPLAYED_HEADER,
        ],
        responses={
            200: TimesheetWeekOut,
            **ERRORS,
            409: OpenApiResponse(
                ERROR_REF, description="The week is submitted or approved: it cannot change."
            ),
            412: OpenApiResponse(
                ERROR_REF,
                description="Someone changed the week after the version in If-Match was "
                "read; nothing was saved. Read the week again.",
            ),
            428: OpenApiResponse(ERROR_REF, description="If-Match is missing."),
        },
        tags=["partner writes"],
    )
    @idempotency.write
    def put(self, request, participant: str, week: str):
        person, start = self._week(request, participant, week)
        if "If-Match" not in request.headers:
            return _error(
                428,
                _('Send the version you read as If-Match (e.g. "3"; "0" for a new week).'),
            )
        expected = _if_match(request.headers["If-Match"])
        data = TimesheetWeekIn(data=request.data)
        if not data.is_valid():
            return _invalid(data)
        rows, errors = [], {}
        dates = calendar.week_dates(start)
        for number, raw in enumerate(data.validated_data["rows"]):
            hours = []
            for day, typed in enumerate(raw["hours"]):
                try:
                    hours.append(timesheets.parse_hours(typed))
                except ValidationError as exc:
                    hours.append(Decimal("0"))
                    errors[f"rows.{number}.hours.{day}"] = [
                        f"{dates[day].isoformat()}: {exc.messages[0]}"
                    ]
            rows.append(
                timesheets.Row(
                    kind=raw["kind"],
                    task_label=raw.get("task_label", ""),
                    hours=hours,
                    task_id=raw.get("task_id"),
                )
            )
        if errors:
            first_key, first = next(iter(errors.items()))
            return _error(400, f"{first_key}: {first[0]}", errors)
        timesheet = timesheets.get_or_start(person, start)
        try:
            concurrency.claim(timesheet, expected)
        except concurrency.StaleEdit as stale:
            response = _error(
                412,
                _(
                    "Someone changed this week after you read it (version %(current)s): "
                    "nothing is saved. Read the week again and send your rows with the new "
                    "version."
                )
                % {"current": stale.current if stale.current is not None else 0},
            )
            response["ETag"] = _etag(stale.current or 0)
            return response
        if not timesheet.editable:
            return _error(409, _("This timesheet is submitted or approved and cannot be changed."))
        warnings = []
        try:
            timesheets.save_rows(timesheet, rows, request.user)
            if data.validated_data["submit"]:
                timesheets.submit(timesheet, request.user)
                missing = sickness.uncovered_sick_days(timesheet)
                if missing:
                    warnings.append(
                        _(
                            "Sick hours on %(days)s without a sick report: "
                            "please report sick too, so the employer knows."
                        )
                        % {"days": ", ".join(d.strftime("%d-%m") for d in missing)}
                    )
        except ValidationError as exc:
            return _refused(exc)
        timesheet.refresh_from_db()
        return self._answer(person, start, timesheet, warnings)

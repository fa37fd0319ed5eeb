"""Participant services: contracts, coach and guidance assignment, capacity and signals.

Views call these; they validate, write in a transaction and audit.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.organisations.models import Organisation
from basisbaan.participants import figures
from basisbaan.participants.models import (
    IN_SERVICE,
    EmploymentContract,
    Participant,
    Status,
)
from basisbaan.tenants import wages

CONTRACT_ENDING_WEEKS = 8
PERMANENT_AFTER_YEARS = 3
# Statuses that count towards a coach's or guidance organisation's caseload.
ACTIVE = (
    Status.INTAKE,
    Status.WAITING_LIST,
    Status.MATCHING,
    Status.EMPLOYED,
    Status.PERMANENT,
    Status.LONG_TERM_SICK,
)


# --- contracts -------------------------------------------------------------------


def employer_of(participant: Participant):
    """The employer of the participant's programme (a contract needs one)."""
    employer = participant.programme.employer if participant.programme_id else None
    if employer is None:
        raise ValidationError(
            _(
                "The programme has no employer yet. An administrator sets the employer and "
                "its wage terms under programme and figures."
            )
        )
    return employer


def check_wage_known(employer, date: datetime.date) -> None:
    """A contract can only start on a day with a minimum wage and employer terms."""
    try:
        wages.wage_periods(date, date, wages.terms_of(employer), wages.Tables())
    except LookupError:
        raise ValidationError(
            _(
                "No minimum wage or employer terms are known on %(date)s. An administrator "
                "adds them under national figures and the employer's terms."
            )
            % {"date": date.strftime("%d-%m-%Y")}
        ) from None


def wage_history(contracts) -> list[dict]:
    """The wage of each contract over time, newest first: one row per period in which the
    minimum wage, the employer's terms and the contract stay the same."""
    tables = wages.Tables()
    rows = []
    for contract in contracts:
        try:
            periods = contract.wage_periods(tables=tables)
        except LookupError:
            continue
        for period in periods:
            rows.append(
                {
                    "start": period.start,
                    "end": period.end if period.end != calendar.today() else None,
                    "hours": contract.hours_per_week,
                    "minimum": period.minimum_hourly,
                    "supplement": period.supplement,
                    "hourly": period.hourly,
                    "monthly": period.monthly_gross(contract.hours_per_week),
                    "source": period.wml.source,
                    "employer": contract.employer,
                }
            )
    return sorted(rows, key=lambda r: r["start"], reverse=True)


def add_contract(
    participant: Participant,
    user,
    *,
    start_date: datetime.date,
    end_date: datetime.date | None,
    hours_per_week: int,
    kind: str,
    wage_supplement_eur: Decimal = Decimal(0),
) -> EmploymentContract:
    """A new contract. Its wage follows the minimum wage on each day (plus the supplement)."""
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    if kind == EmploymentContract.Kind.PERMANENT and end_date:
        raise ValidationError({"end_date": _("A permanent contract has no end date.")})
    if kind == EmploymentContract.Kind.TEMPORARY and not end_date:
        raise ValidationError({"end_date": _("A temporary contract needs an end date.")})
    if wage_supplement_eur < 0:
        raise ValidationError({"wage_supplement_eur": _("The supplement cannot be negative.")})
    employer = employer_of(participant)
    check_wage_known(employer, start_date)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        overlapping = participant.contracts.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)
        )
        if end_date:
            overlapping = overlapping.filter(start_date__lte=end_date)
        # A new contract ends the one still running from before it starts.
        for previous in overlapping:
            if previous.start_date >= start_date:
                raise ValidationError(
                    {"start_date": _("Another contract already starts on or after this date.")}
                )
            previous.end_date = start_date - datetime.timedelta(days=1)
            previous.save(update_fields=["end_date"])
            audit.changed(user, previous, fields=["end_date"])
        contract = EmploymentContract.objects.create(
            participant=participant,
            start_date=start_date,
            end_date=end_date,
            hours_per_week=hours_per_week,
            kind=kind,
            employer=employer,
            wage_supplement_eur=wage_supplement_eur,
        )
        if participant.contract_hours != hours_per_week:
            participant.contract_hours = hours_per_week
            participant.save(update_fields=["contract_hours", "updated_at"])
        audit.created(
            user,
            contract,
            fields=["start_date", "end_date", "hours_per_week", "kind", "wage_supplement_eur"],
        )
    return contract


@dataclass(frozen=True)
class Signal:
    kind: str  # "contract_ending" | "three_years"
    message: str
    date: datetime.date


def employment_start(participant: Participant) -> datetime.date | None:
    """When the participant first entered employment: the first move to 'employed' on the
    timeline, else the first contract's start."""
    change = participant.status_changes.filter(to_status=Status.EMPLOYED).order_by("at").first()
    if change:
        return timezone.localtime(change.at).date()
    first = participant.contracts.order_by("start_date").first()
    return first.start_date if first else None


def _with_employment_start(queryset):
    return queryset.annotate(
        employment_start=Coalesce(
            Min(
                TruncDate("status_changes__at"),
                filter=Q(status_changes__to_status=Status.EMPLOYED),
            ),
            Min("contracts__start_date"),
        )
    )


def contract_signals(participant: Participant, today: datetime.date) -> list[Signal]:
    """Contracts ending within 8 weeks; the 3-year point (Groningen: permanent contract)."""
    signals = []
    contract = participant.current_contract(today)
    horizon = today + datetime.timedelta(weeks=CONTRACT_ENDING_WEEKS)
    if contract and contract.end_date and contract.end_date <= horizon:
        signals.append(
            Signal(
                "contract_ending",
                _("The contract ends on %(date)s.")
                % {"date": contract.end_date.strftime("%d-%m-%Y")},
                contract.end_date,
            )
        )
    start = employment_start(participant)
    if start and participant.status in (Status.EMPLOYED, Status.LONG_TERM_SICK):
        point = calendar.add_years(start, PERMANENT_AFTER_YEARS)
        if point <= today + datetime.timedelta(weeks=CONTRACT_ENDING_WEEKS):
            signals.append(
                Signal(
                    "three_years",
                    _("Three years in service on %(date)s: time to consider a permanent contract.")
                    % {"date": point.strftime("%d-%m-%Y")},
                    point,
                )
            )
    return signals


def contracts_needing_attention(queryset, today: datetime.date):
    """In-service participants whose contract ends within 8 weeks."""
    horizon = today + datetime.timedelta(weeks=CONTRACT_ENDING_WEEKS)
    return queryset.filter(
        status__in=IN_SERVICE,
        contracts__start_date__lte=today,
        contracts__end_date__gte=today,
        contracts__end_date__lte=horizon,
    ).distinct()


def reaching_three_years(queryset, today: datetime.date):
    """Participants on temporary contracts reaching three years in service within 8 weeks
    (or past it): Groningen then offers a permanent contract."""
    horizon = today + datetime.timedelta(weeks=CONTRACT_ENDING_WEEKS)
    cutoff = calendar.add_years(horizon, -PERMANENT_AFTER_YEARS)
    return _with_employment_start(
        queryset.filter(status__in=(Status.EMPLOYED, Status.LONG_TERM_SICK))
    ).filter(employment_start__lte=cutoff)


# --- assignment ------------------------------------------------------------------


def coaches_of(municipality) -> list[User]:
    ids = (
        RoleAssignment.objects.active()
        .filter(municipality=municipality, role=Role.COACH)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def guidance_organisations_of(municipality) -> list[Organisation]:
    return list(
        Organisation.objects.filter(municipality=municipality, is_guidance=True, active=True)
    )


def caseloads(municipality) -> tuple[list[tuple[User, int]], list[tuple[Organisation, int]]]:
    """Active caseload per coach and per guidance organisation, smallest first."""
    coach_counts = dict(
        Participant.objects.filter(municipality=municipality, status__in=ACTIVE)
        .exclude(coach=None)
        .values_list("coach")
        .annotate(n=Count("pk"))
        .values_list("coach", "n")
    )
    org_counts = dict(
        Participant.objects.filter(municipality=municipality, status__in=ACTIVE)
        .exclude(guidance_organisation=None)
        .values_list("guidance_organisation")
        .annotate(n=Count("pk"))
        .values_list("guidance_organisation", "n")
    )
    coaches = sorted(
        ((c, coach_counts.get(c.pk, 0)) for c in coaches_of(municipality)),
        key=lambda pair: (pair[1], pair[0].username),
    )
    organisations = sorted(
        ((o, org_counts.get(o.pk, 0)) for o in guidance_organisations_of(municipality)),
        key=lambda pair: (pair[1], pair[0].name),
    )
    return coaches, organisations


def suggestion(municipality) -> tuple[User | None, Organisation | None]:
    """Balancing suggestion: the coach and organisation with the smallest caseload."""
    coaches, organisations = caseloads(municipality)
    return (
        coaches[0][0] if coaches else None,
        organisations[0][0] if organisations else None,
    )


def assign(participant: Participant, user, *, coach, guidance_organisation) -> Participant:
    """Set the coach and guidance organisation (both of the participant's municipality)."""
    if coach is not None and coach not in coaches_of(participant.municipality):
        raise ValidationError({"coach": _("This person is not a coach in this municipality.")})
    if guidance_organisation is not None and (
        guidance_organisation.municipality_id != participant.municipality_id
        or not guidance_organisation.is_guidance
    ):
        raise ValidationError(
            {"guidance_organisation": _("Choose a guidance organisation of this municipality.")}
        )
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        fields = []
        if participant.coach_id != getattr(coach, "pk", None):
            participant.coach = coach
            fields.append("coach")
        if participant.guidance_organisation_id != getattr(guidance_organisation, "pk", None):
            participant.guidance_organisation = guidance_organisation
            fields.append("guidance_organisation")
        if fields:
            participant.save(update_fields=[*fields, "updated_at"])
            audit.changed(user, participant, fields=fields)
    return participant


# --- capacity --------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    target_jobs: int
    growth_per_year: int
    in_service: int
    started_this_year: int
    waiting: int

    @property
    def free_places(self) -> int:
        return max(0, self.target_jobs - self.in_service)


def capacity(programme, today: datetime.date) -> Capacity | None:
    if programme is None:
        return None
    """Places and growth of ``programme``. "In service" and "started this year" are
    :mod:`basisbaan.participants.figures` (the monitor's definitions too)."""
    parameters = programme.parameters_on(today)
    municipality = programme.municipality
    return Capacity(
        target_jobs=parameters.target_jobs if parameters else 0,
        growth_per_year=parameters.growth_target_per_year if parameters else 0,
        in_service=figures.in_service(municipality, programme),
        started_this_year=figures.started_this_year(municipality, today, programme),
        waiting=Participant.objects.filter(programme=programme, status=Status.WAITING_LIST).count(),
    )


def set_priority(participant: Participant, user, reason: str) -> None:
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        participant.priority_reason = reason.strip()[:200]
        participant.save(update_fields=["priority_reason", "updated_at"])
        audit.changed(user, participant, fields=["priority_reason"])


def update_profile(participant: Participant, user, changes: dict) -> list[str]:
    """Save the validated profile fields that changed; returns their names."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        fields = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name in fields:
            setattr(locked, name, changes[name])
        if fields:
            locked.save(update_fields=[*fields, "updated_at"])
            audit.changed(user, locked, fields=fields)
    return fields


def record_scan(participant: Participant, user, values: dict):
    """A new version of the arbeidsmarktwaardescan (earlier versions stay as they were)."""
    from basisbaan.participants.models import Scan

    if not (values.get("reasoning") or "").strip():
        raise ValidationError({"reasoning": _("Write down the reasoning for the advice.")})
    for score in (values.get("zrm_scores") or {}).values():
        if not (isinstance(score, int) and 1 <= score <= 5):
            raise ValidationError({"zrm_scores": _("ZRM scores run from 1 to 5.")})
    with transaction.atomic():
        Participant.objects.select_for_update().get(pk=participant.pk)
        last = participant.scans.order_by("-version").values_list("version", flat=True).first()
        scan = Scan.objects.create(
            participant=participant,
            version=(last or 0) + 1,
            made_by=user if getattr(user, "is_authenticated", False) else None,
            made_at=timezone.now(),
            **values,
        )
        audit.created(user, scan, fields=sorted(values))
    return scan

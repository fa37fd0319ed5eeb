"""What the retention job does with the guidance app's records (privacy.retention).

Registered in ``GuidanceConfig.ready()``:

- ``sickness``: sickness cases with their poortwachter steps, deleted when the period
  has passed since the case ended (back at work). An open case never expires.
- ``checkins_rounds``: check-ins and measurement rounds: the free-text notes are
  emptied after the period; the answers stay (the monitor's before-and-after figures
  and the guidance costs count them).
- ``work_notes``: work-floor notes and incidents, deleted after the period; the
  handling notes of early-warning signals are emptied.
- ``payroll``: the locked payroll lines keep the BSN and name as exported for the
  fiscal period; after it both are replaced by placeholders (the hours stay: costs).
  Timesheets' return reasons are emptied with them.

It also tells privacy whom not to anonymise yet (:func:`holds`): people with an open
sickness case, with timesheets not yet approved, or with a payroll correction that the
next export would carry.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.guidance import payroll
from basisbaan.guidance.models import (
    CheckIn,
    MeasurementRound,
    PayrollExport,
    PayrollLine,
    SicknessCase,
    Signal,
    Timesheet,
    WorkNote,
)
from basisbaan.privacy import registry, retention

SICKNESS = "sickness"
CHECKINS_ROUNDS = "checkins_rounds"
WORK_NOTES = "work_notes"
PAYROLL = "payroll"

OPEN_SICKNESS_CASE = "open_sickness_case"
TIMESHEET_OPEN = "timesheet_open"
PAYROLL_CORRECTION = "payroll_correction"


def anonymous_identity(participant_id: int) -> tuple[str, str]:
    """The placeholders of an expired payroll line: never a valid BSN, no name."""
    return f"X{participant_id:08d}"[-9:], "-"


# --- holds --------------------------------------------------------------------------------


def pending_corrections(municipality) -> set[int]:
    """People for whom the next payroll export would carry a correction line."""
    last = PayrollExport.objects.filter(municipality=municipality).order_by("-month").first()
    if last is None:
        return set()
    lines = payroll.preview(municipality, calendar.next_month(last.month))
    return {pid for pid, _period, kind, _hours in lines if kind == PayrollLine.Kind.CORRECTION}


def holds(municipality, participant_ids: list[int]) -> dict[int, str]:
    result: dict[int, str] = {}
    for pid in SicknessCase.objects.filter(
        participant_id__in=participant_ids, recovered_on__isnull=True
    ).values_list("participant_id", flat=True):
        result.setdefault(pid, OPEN_SICKNESS_CASE)
    for pid in (
        Timesheet.objects.filter(participant_id__in=participant_ids)
        .exclude(status=Timesheet.Status.APPROVED)
        .filter(lines__hours__gt=0)
        .values_list("participant_id", flat=True)
    ):
        result.setdefault(pid, TIMESHEET_OPEN)
    if set(participant_ids) - set(result):
        for pid in pending_corrections(municipality) & set(participant_ids):
            result.setdefault(pid, PAYROLL_CORRECTION)
    return result


# --- expiry ----------------------------------------------------------------------------------


def _delete(queryset, code: str, fields, *, dry_run: bool, batch_size: int):
    expired = registry.Expired()
    if dry_run:
        expired.deleted = queryset.count()
        return expired
    model = queryset.model
    for ids in retention.batches(queryset, batch_size):
        with transaction.atomic():
            for obj in model.objects.filter(pk__in=ids):
                retention.audit_expired(obj, code, retention.DELETE, fields)
                obj.delete()
                expired.deleted += 1
    return expired


def _blank(queryset, code: str, values: dict, municipality, *, dry_run: bool, batch_size: int):
    """Anonymise the not yet anonymised rows of ``queryset`` by an update of ``values``."""
    expired = registry.Expired()
    queryset = retention.not_anonymised(queryset)
    if dry_run:
        expired.anonymised = queryset.count()
        return expired
    model = queryset.model
    for ids in retention.batches(queryset, batch_size):
        with transaction.atomic():
            for obj in model.objects.filter(pk__in=ids):
                fields = values(obj) if callable(values) else values
                model.objects.filter(pk=obj.pk).update(**fields)
                retention.anonymised(obj, municipality, code, fields)
                expired.anonymised += 1
    return expired


def expire_sickness(municipality, cutoff, *, dry_run: bool, batch_size: int):
    expired_cases = SicknessCase.objects.filter(
        participant__municipality=municipality, recovered_on__lt=cutoff
    )
    return _delete(
        expired_cases,
        SICKNESS,
        ["first_sick_day", "extent", "recovered_on", "steps"],
        dry_run=dry_run,
        batch_size=batch_size,
    )


def expire_checkins_rounds(municipality, cutoff, *, dry_run: bool, batch_size: int):
    checkins = CheckIn.objects.filter(participant__municipality=municipality, date__lt=cutoff)
    rounds = MeasurementRound.objects.filter(
        participant__municipality=municipality, held_on__lt=cutoff
    )
    # The notes are emptied; the answers stay for the evaluation.
    expired = registry.Expired()
    for queryset in (checkins, rounds):
        part = _blank(
            queryset,
            CHECKINS_ROUNDS,
            {"notes": ""},
            municipality,
            dry_run=dry_run,
            batch_size=batch_size,
        )
        expired.anonymised += part.anonymised
    return expired


def expire_work_notes(municipality, cutoff, *, dry_run: bool, batch_size: int):
    notes = WorkNote.objects.filter(participant__municipality=municipality, date__lt=cutoff)
    expired = _delete(notes, WORK_NOTES, ["text"], dry_run=dry_run, batch_size=batch_size)
    signals = Signal.objects.filter(
        participant__municipality=municipality, raised_on__lt=cutoff
    ).exclude(handling_note="")
    blanked = _blank(
        signals,
        WORK_NOTES,
        {"handling_note": ""},
        municipality,
        dry_run=dry_run,
        batch_size=batch_size,
    )
    expired.anonymised += blanked.anonymised
    return expired


def expire_payroll(municipality, cutoff, *, dry_run: bool, batch_size: int):
    lines = PayrollLine.objects.filter(export__municipality=municipality, period__lt=cutoff)

    def placeholders(line):
        bsn, name = anonymous_identity(line.participant_id)
        return {"bsn": bsn, "name": name}

    expired = _blank(
        lines, PAYROLL, placeholders, municipality, dry_run=dry_run, batch_size=batch_size
    )
    if not dry_run:
        Timesheet.objects.filter(
            participant__municipality=municipality, week_start__lt=cutoff
        ).exclude(return_reason="").update(return_reason="")
    return expired


def register() -> None:
    """The record types of this app (called from ``GuidanceConfig.ready()``)."""
    registry.register_hold(holds)
    registry.register_record_type(
        registry.RecordType(
            code=SICKNESS,
            label=_("Sick reports and poortwachter"),
            holds=_(
                "Sickness cases (first sick day, extent, expected duration, recovery; never "
                "a diagnosis) and the Wet verbetering poortwachter steps."
            ),
            categories=(_("sickness absence (health data)"),),
            purpose=_("Sickness absence and reintegration of employed participants."),
            legal_ground=_(
                "AVG art. 9(2)(b) with UAVG art. 30 and Burgerlijk Wetboek 7:658a (Wet "
                "verbetering poortwachter); Autoriteit Persoonsgegevens: sick-leave data "
                "no longer than 2 years after the case ended."
            ),
            default_days=2 * 365,
            moment=_("the end of the sickness case (back at work)"),
            action=retention.DELETE,
            expire=expire_sickness,
            recipients=_(
                "coach, guidance organisation (that someone is sick), occupational doctor"
            ),
            special=True,
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=CHECKINS_ROUNDS,
            label=_("Check-ins and measurement rounds"),
            holds=_(
                "The coach's check-ins and the measurement rounds: work fit, income, debts, "
                "well-being (WHO-5), self-reliance (ZRM) and notes."
            ),
            categories=(_("income and debts"), _("well-being (health data)"), _("notes")),
            purpose=_("Guidance of participants and the evaluation of the programme."),
            legal_ground=_(
                "AVG art. 6(1)(e) and 89 (statistics, with pseudonyms): Participatiewet art. "
                "7 and 10; the notes are emptied after the period, the answers stay for "
                "the evaluation."
            ),
            default_days=2 * 365,
            moment=_("the day of the check-in or round"),
            action=retention.ANONYMISE,
            expire=expire_checkins_rounds,
            recipients=_("coach; researchers receive pseudonymised aggregates only"),
            special=True,
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=WORK_NOTES,
            label=_("Work notes and signal handling"),
            holds=_("Work-floor notes and incidents; how early-warning signals were handled."),
            categories=(_("work-related observations"),),
            purpose=_("Guidance on the work floor."),
            legal_ground=_(
                "AVG art. 6(1)(b) and (e): guidance during the employment; not needed "
                "after the period."
            ),
            default_days=2 * 365,
            moment=_("the day of the note"),
            action=retention.DELETE,
            expire=expire_work_notes,
            recipients=_("coach, guidance organisation"),
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=PAYROLL,
            label=_("Payroll and timesheets"),
            holds=_("Locked payroll lines with BSN and name as exported; approved hours."),
            categories=(_("identification data and BSN"), _("hours and wages")),
            purpose=_("Paying wages and the fiscal and social-security administration."),
            legal_ground=_(
                "AVG art. 6(1)(c): Algemene wet inzake rijksbelastingen art. 52 and Wet op "
                "de loonbelasting 1964: fiscal records 7 years."
            ),
            default_days=7 * 365,
            moment=_("the end of the month paid"),
            action=retention.ANONYMISE,
            expire=expire_payroll,
            recipients=_("the employer's payroll administration, Belastingdienst"),
            special=True,
        )
    )

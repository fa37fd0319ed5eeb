"""The coach's structured check-in, the contact rhythm and the history chart.

Every read of a check-in is audited (``audit.read``) by the views that show one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.guidance import wellbeing
from basisbaan.guidance.models import CheckIn, CoachingPlan
from basisbaan.tenants.models import BijstandsNorm

CHECKIN_FIELDS = [
    "work_fit",
    "work_satisfaction",
    "work_relations",
    "household",
    "net_income_eur",
    "has_debts",
    "debt_help",
    "who5_items",
    "self_rated_health",
    "social_contacts",
    "self_confidence",
    "notes",
]


def norm_for(date: datetime.date, household: str) -> Decimal | None:
    try:
        norm = BijstandsNorm.on(date)
    except LookupError:
        return None
    return norm.couple_eur if household == CheckIn.Household.COUPLE else norm.single_eur


def _validate_date(date: datetime.date, today: datetime.date) -> None:
    if date > today:
        raise ValidationError({"date": _("A check-in cannot lie in the future.")})


def record(participant, coach, date: datetime.date, data: dict, today=None) -> CheckIn:
    """Save a held check-in; ``data`` is the cleaned form data (five WHO-5 items)."""
    today = today or calendar.today()
    _validate_date(date, today)
    items = [int(v) for v in data["who5_items"]]
    try:
        raw = wellbeing.who5_raw(items)
    except ValueError as exc:
        raise ValidationError(_("Answer all five well-being questions (0-5).")) from exc
    checkin = CheckIn(
        participant=participant,
        coach=coach,
        date=date,
        held=True,
        **{k: data.get(k) for k in CHECKIN_FIELDS if k != "who5_items"},
        who5_items=items,
        who5_raw=raw,
        who5_score=wellbeing.who5_percentage(raw),
        norm_eur=norm_for(date, data.get("household") or CheckIn.Household.SINGLE),
    )
    if not checkin.has_debts:
        checkin.debt_help = False if checkin.has_debts is False else None
    checkin.notes = checkin.notes or ""
    checkin.household = checkin.household or ""
    checkin.social_contacts = checkin.social_contacts or ""
    # The form's optional answers (income; debts "not asked") and the norm (none is known
    # before the first one) may stay empty: the columns allow NULL ("unknown"), but the
    # model's "blank" check would refuse them. Only the empty ones are left out, so every
    # answer given is still checked against the model's validators.
    checkin.full_clean(
        exclude=[
            f.name
            for f in CheckIn._meta.concrete_fields
            if f.null and getattr(checkin, f.attname) is None
        ]
    )
    with transaction.atomic():
        checkin.save()
        audit.created(coach, checkin, fields=CHECKIN_FIELDS)
    from basisbaan.guidance.signals import evaluate_participant

    evaluate_participant(participant, today=today)
    return checkin


def record_missed(participant, coach, date: datetime.date, today=None) -> CheckIn:
    today = today or calendar.today()
    _validate_date(date, today)
    with transaction.atomic():
        checkin = CheckIn.objects.create(
            participant=participant, coach=coach, date=date, held=False
        )
        audit.created(coach, checkin, fields=["held"])
    from basisbaan.guidance.signals import evaluate_participant

    evaluate_participant(participant, today=today)
    return checkin


@transaction.atomic
def set_cadence(participant, user, weeks: int) -> CoachingPlan:
    if not 1 <= weeks <= 26:
        raise ValidationError(_("Choose a rhythm between 1 and 26 weeks."))
    plan, _created = CoachingPlan.objects.get_or_create(participant=participant)
    plan.cadence_weeks = weeks
    plan.save()
    audit.changed(user, plan, fields=["cadence_weeks"])
    return plan


@dataclass
class ContactStatus:
    participant: object
    last_contact: datetime.date | None
    next_contact: datetime.date
    cadence_weeks: int
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def contact_overview(participants, today: datetime.date) -> list[ContactStatus]:
    """Last held contact and the next one due (last + rhythm; today when never met)."""
    participants = list(participants)
    ids = [p.pk for p in participants]
    last = dict(
        CheckIn.objects.filter(participant_id__in=ids, held=True)
        .values("participant_id")
        .annotate(last=Max("date"))
        .values_list("participant_id", "last")
    )
    cadence = dict(
        CoachingPlan.objects.filter(participant_id__in=ids).values_list(
            "participant_id", "cadence_weeks"
        )
    )
    result = []
    for p in participants:
        weeks = cadence.get(p.pk, CoachingPlan.DEFAULT_CADENCE_WEEKS)
        previous = last.get(p.pk)
        due = previous + datetime.timedelta(weeks=weeks) if previous else today
        result.append(ContactStatus(p, previous, due, weeks, max(0, (today - due).days)))
    return result


def read_history(user, participant, limit: int = 24) -> list[CheckIn]:
    """The participant's check-ins, oldest first; each read is audited."""
    checkins = list(
        CheckIn.objects.filter(participant=participant).order_by("-date", "-pk")[:limit]
    )
    for checkin in checkins:
        audit.read(user, checkin, fields=CHECKIN_FIELDS)
    return list(reversed(checkins))


# --- chart ------------------------------------------------------------------------------


def history_chart(checkins: list[CheckIn], width: int = 640, height: int = 240) -> str:
    """A server-rendered SVG line chart of WHO-5 (0-100) and self-confidence (x10).

    The same figures are in the table next to it, for screen readers.
    """
    held = [c for c in checkins if c.held and c.who5_score is not None]
    left, right, top, bottom = 40, 12, 12, 28
    inner_w, inner_h = width - left - right, height - top - bottom

    def y(value: float) -> float:
        return round(top + inner_h * (1 - value / 100), 1)

    parts = [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="bb-chart__grid"/>'
            '<text x="{}" y="{}" class="bb-chart__axis">{}</text>',
            left,
            width - right,
            y(v),
            y(v),
            left - 6,
            y(v) + 4,
            v,
        )
        for v in (0, 25, 50, 75, 100)
    ]
    poor = wellbeing.WHO5_POOR_BELOW_RAW * 4
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="bb-chart__threshold"/>'
            '<text x="{}" y="{}" class="bb-chart__label">{}</text>',
            left,
            width - right,
            y(poor),
            y(poor),
            width - right - 4,
            y(poor) - 4,
            _("poor well-being below %(n)d") % {"n": poor},
        )
    )
    if held:
        first, last = held[0].date, held[-1].date
        span = max(1, (last - first).days)

        def x(date):
            if len(held) == 1:
                return left + inner_w / 2
            return round(left + inner_w * (date - first).days / span, 1)

        for _series, css, value in (
            ("who5", "bb-chart__line--who5", lambda c: c.who5_score),
            ("confidence", "bb-chart__line--confidence", lambda c: (c.self_confidence or 0) * 10),
        ):
            points = " ".join(f"{x(c.date)},{y(value(c))}" for c in held)
            parts.append(
                format_html('<polyline points="{}" class="bb-chart__line {}"/>', points, css)
            )
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3.5" class="bb-chart__dot {}"/>',
                    ((x(c.date), y(value(c)), css) for c in held),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="bb-chart__axis bb-chart__axis--start">{}</text>'
                '<text x="{}" y="{}" class="bb-chart__axis">{}</text>',
                left,
                height - 8,
                first.strftime("%d-%m-%Y"),
                width - right,
                height - 8,
                last.strftime("%d-%m-%Y"),
            )
        )
    title = _("Well-being (WHO-5, 0-100) and self-confidence (0-10, times 10) over time")
    return format_html(
        '<svg class="bb-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="bb-chart-title">'
        '<title id="bb-chart-title">{}</title>{}</svg>',
        width,
        height,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part is built with format_html
    )

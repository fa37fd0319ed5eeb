"""What the participants app holds about one person, for a data-subject request
(registered with :mod:`basisbaan.privacy.registry` in ``ParticipantsConfig.ready()``).

Each section says whether the law requires keeping it (``keep``): while an employment
contract runs, and for seven years after its end (fiscal retention of wage records,
art. 52 AWR), the file and the contracts stay; the rest may be erased on request.
"""

import datetime

from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.core.vocabulary import LIMITATIONS, SKILLS, WEEKDAY_CHOICES
from basisbaan.privacy.subject import row, section
from basisbaan.tenants.models import TaskCategory

FISCAL_YEARS = 7

PERSON_FIELDS = [
    "bsn",
    "initials",
    "first_name",
    "prefix",
    "surname",
    "birth_date",
    "postcode",
    "house_number",
    "phone",
    "email",
    "benefit_since",
    "municipality",
    "programme",
    "user",
    "registered_at",
    "pseudonym",
]
WORK_FIELDS = [
    "status",
    "status_changed_at",
    "exit_reason",
    "follow_up_date",
    "reintegration_route",
    "coach",
    "guidance_organisation",
    "referral_source",
    "home_neighbourhood",
    "contract_hours",
    "hours_agreement",
    "max_hours_per_day",
    "max_travel_km",
    "travel_mode",
    "wishes",
    "skills",
    "limitations",
    "availability",
    "priority_reason",
]


def keep_reason(participant, today: datetime.date | None = None) -> str:
    """Why the person's file and contracts must be kept now, or ""."""
    today = today or calendar.today()
    contracts = list(participant.contracts.all())
    if any(c.is_active_on(today) for c in contracts):
        return _(
            "An employment contract is running: the employer keeps the personnel file "
            "while it runs (Burgerlijk Wetboek book 7)."
        )
    horizon = calendar.add_years(today, -FISCAL_YEARS)
    if any((c.end_date or today) >= horizon for c in contracts):
        return _(
            "Fiscal retention: wage records are kept for seven years after the end of the "
            "employment contract (art. 52 Algemene wet inzake rijksbelastingen)."
        )
    return ""


def _work_row(participant) -> dict:
    """The work profile with codes as the words the person knows."""
    result = row(participant, fields=WORK_FIELDS)
    meta = participant._meta
    categories = dict(
        TaskCategory.objects.filter(municipality=participant.municipality).values_list(
            "code", "name"
        )
    )
    for name, vocabulary in (
        ("wishes", categories),
        ("skills", SKILLS),
        ("limitations", LIMITATIONS),
    ):
        codes = getattr(participant, name) or []
        label = str(meta.get_field(name).verbose_name)
        result[label] = ", ".join(str(vocabulary.get(code, code)) for code in codes)
    days = dict(WEEKDAY_CHOICES)
    result[str(meta.get_field("availability").verbose_name)] = "; ".join(
        f"{days.get(day, day)} " + ", ".join(f"{a}-{b}" for a, b in windows)
        for day, windows in (participant.availability or {}).items()
        if windows
    )
    return result


def export(participant) -> list[dict]:
    keep = keep_reason(participant)
    return [
        section(_("Personal details"), [participant], fields=PERSON_FIELDS, keep=keep),
        {
            "title": _("Work profile and status"),
            "rows": [_work_row(participant)],
            "keep": keep,
        },
        section(
            _("Employment contracts"),
            participant.contracts.select_related("employer").order_by("start_date"),
            keep=keep,
        ),
        section(
            _("Status history"),
            participant.status_changes.select_related("by").order_by("at", "pk"),
        ),
        section(
            _("Eligibility screenings"),
            participant.screenings.select_related("programme", "by", "overridden_by").order_by(
                "at", "pk"
            ),
        ),
        section(
            _("Arbeidsmarktwaardescans"),
            participant.scans.select_related("made_by").order_by("version"),
        ),
        section(
            _("Referrals by partners"),
            participant.referrals.select_related("organisation").order_by("submitted_at", "pk"),
            exclude=(
                "municipality",
                "referred_by",
                "consent_recorded_by",
                "decided_by",
            ),
        ),
        section(_("Follow-ups after the exit"), participant.follow_ups.order_by("months")),
        section(
            _("Your requests (access, correction, erasure, objection)"),
            participant.subject_requests.select_related("handled_by").order_by("received_on"),
            exclude=("municipality", "subject_pseudonym", "registered_by", "created_at"),
        ),
        section(
            _("Corrections of your data"),
            participant.rectifications.select_related("by").order_by("at", "pk"),
            exclude=("request",),
        ),
    ]

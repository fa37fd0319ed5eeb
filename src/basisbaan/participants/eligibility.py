"""Eligibility: a programme's published rules (``EligibilityRule`` rows) applied to a person.

Each rule kind has one check here: ``(participant, value, today) -> (passed, why)``.
A screening keeps every rule's outcome and reason as it was, so a decision stays
explainable after the rules or the person's data change. Staff may override the
outcome with a mandatory reason; the override is audited.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import EligibilityRule, Participant, Scan, Screening

Kind = EligibilityRule.Kind
Check = Callable[[Participant, str, datetime.date], tuple[bool, str]]

# The rules Groningen published; a new programme starts from these (editable).
DEFAULT_RULES = [
    (Kind.ON_BENEFIT, ""),
    (Kind.MIN_AGE, "27"),
    (Kind.MIN_BENEFIT_YEARS, "2"),
    (Kind.NO_REINTEGRATION_ROUTE, ""),
    (Kind.SCAN_ADVICE, Scan.Advice.BASISBAAN),
    (Kind.MIN_AVAILABLE_HOURS, "24"),
]


def _number(value: str, default: float = 0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _years_between(start: datetime.date, end: datetime.date) -> float:
    return (end - start).days / 365.25


def check_on_benefit(p: Participant, value: str, today: datetime.date) -> tuple[bool, str]:
    if p.benefit_since is None:
        return False, _("No bijstand start date is known.")
    if p.benefit_since > today:
        return False, _("The bijstand start date lies in the future.")
    return True, _("On bijstand since %(date)s.") % {"date": p.benefit_since.strftime("%d-%m-%Y")}


def check_min_age(p: Participant, value: str, today: datetime.date) -> tuple[bool, str]:
    minimum = int(_number(value, 27))
    age = p.age_on(today)
    if age >= minimum:
        return True, _("Age %(age)s, at least %(min)s.") % {"age": age, "min": minimum}
    return False, _("Age %(age)s, younger than %(min)s.") % {"age": age, "min": minimum}


def check_min_benefit_years(p: Participant, value: str, today: datetime.date) -> tuple[bool, str]:
    minimum = _number(value, 0)
    if p.benefit_since is None:
        return False, _("No bijstand start date is known.")
    years = _years_between(p.benefit_since, today)
    values = {"years": f"{years:.1f}", "min": f"{minimum:g}"}
    if years >= minimum:
        return True, _("On bijstand for %(years)s years, at least %(min)s.") % values
    return False, _("On bijstand for %(years)s years, less than %(min)s.") % values


def check_no_reintegration_route(
    p: Participant, value: str, today: datetime.date
) -> tuple[bool, str]:
    if p.reintegration_route:
        return False, _("A reintegration route to regular work is under way.")
    return True, _("No reintegration route to regular work is under way.")


def check_scan_advice(p: Participant, value: str, today: datetime.date) -> tuple[bool, str]:
    wanted = value or Scan.Advice.BASISBAAN
    scan = p.scans.order_by("-version").first()
    wanted_label = Scan.Advice(wanted).label if wanted in Scan.Advice.values else wanted
    if scan is None:
        return False, _("No arbeidsmarktwaardescan yet.")
    if scan.advice == wanted:
        return True, _("Scan version %(v)s advises %(advice)s.") % {
            "v": scan.version,
            "advice": scan.get_advice_display(),
        }
    return False, _("Scan version %(v)s advises %(advice)s, not %(wanted)s.") % {
        "v": scan.version,
        "advice": scan.get_advice_display(),
        "wanted": wanted_label,
    }


def check_min_available_hours(p: Participant, value: str, today: datetime.date) -> tuple[bool, str]:
    minimum = _number(value, 0)
    hours = p.availability_hours()
    values = {"hours": f"{hours:g}", "min": f"{minimum:g}"}
    if hours >= minimum:
        return True, _("Available %(hours)s hours a week, at least %(min)s.") % values
    if p.hours_agreement:
        return True, _(
            "Available %(hours)s hours a week; fewer than %(min)s by agreement."
        ) % values
    return False, _("Available %(hours)s hours a week, less than %(min)s.") % values


CHECKS: dict[str, Check] = {
    Kind.ON_BENEFIT: check_on_benefit,
    Kind.MIN_AGE: check_min_age,
    Kind.MIN_BENEFIT_YEARS: check_min_benefit_years,
    Kind.NO_REINTEGRATION_ROUTE: check_no_reintegration_route,
    Kind.SCAN_ADVICE: check_scan_advice,
    Kind.MIN_AVAILABLE_HOURS: check_min_available_hours,
}


def ensure_default_rules(programme) -> list[EligibilityRule]:
    """The programme's rules; creates the published defaults when it has none yet."""
    rules = list(programme.eligibility_rules.all())
    if rules:
        return rules
    return EligibilityRule.objects.bulk_create(
        EligibilityRule(programme=programme, kind=kind, value=value, order=i)
        for i, (kind, value) in enumerate(DEFAULT_RULES)
    )


def evaluate(participant: Participant, programme, today: datetime.date | None = None) -> list[dict]:
    """Every active rule with pass/fail and why (nothing is stored)."""
    today = today or calendar.today()
    results = []
    for rule in programme.eligibility_rules.filter(active=True).order_by("order", "pk"):
        passed, why = CHECKS[rule.kind](participant, rule.value, today)
        results.append(
            {
                "rule": rule.kind,
                "label": str(rule.get_kind_display()),
                "value": rule.value,
                "passed": passed,
                "why": why,
            }
        )
    return results


def screen(participant: Participant, user, today: datetime.date | None = None) -> Screening:
    """Screen the participant against their programme's rules and keep the outcome."""
    programme = participant.programme
    if programme is None:
        raise ValueError("participant has no programme")
    ensure_default_rules(programme)  # a new programme starts from the published rules
    results = evaluate(participant, programme, today)
    with transaction.atomic():
        screening = Screening.objects.create(
            participant=participant,
            programme=programme,
            by=user if getattr(user, "is_authenticated", False) else None,
            results=results,
            eligible=bool(results) and all(r["passed"] for r in results),
        )
        audit.created(user, screening, fields=["results", "eligible"])
    return screening


def override(screening: Screening, user, eligible: bool, reason: str) -> Screening:
    """Overrule the rules' outcome; a reason is mandatory and the override is audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Give the reason for the override."))
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        screening.override_eligible = eligible
        screening.override_reason = reason[:500]
        screening.overridden_by = user
        screening.overridden_at = timezone.now()
        screening.save(
            update_fields=[
                "override_eligible",
                "override_reason",
                "overridden_by",
                "overridden_at",
            ]
        )
        audit.overridden(user, screening, fields=["eligible"], purpose=reason)
    return screening

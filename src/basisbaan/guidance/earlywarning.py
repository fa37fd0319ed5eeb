"""Early-warning rules, evaluated on plain data.

Rules are data (``guidance.EarlyWarningRule``: a kind plus parameters, per
municipality), so a municipality can tune or switch them off without a release.
This module knows how each kind of rule reads a participant's history; it has no
database access, so every rule is tested on hand-made histories.

A rule returns the reason it fires (a short plain-language sentence for the coach),
or ``None``.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from basisbaan.core import parsing
from basisbaan.guidance.wellbeing import WHO5_POOR_BELOW_RAW


@dataclass(frozen=True)
class Contact:
    date: datetime.date
    held: bool
    who5_raw: int | None = None  # None when missed or not asked


@dataclass(frozen=True)
class Week:
    week_start: datetime.date
    contract_hours: float
    accounted_hours: float  # worked plus all recorded absence


@dataclass
class History:
    """What the rules look at for one participant (each list in any order)."""

    sick_report_dates: list[datetime.date] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)


# kind -> (label, default parameters)
KINDS: dict[str, tuple[object, dict]] = {
    "sick_reports": (gettext_lazy("Frequent sick reports"), {"count": 3, "weeks": 13}),
    "who5_low": (gettext_lazy("Low well-being (WHO-5)"), {"below_raw": WHO5_POOR_BELOW_RAW}),
    "who5_drop": (gettext_lazy("Drop in well-being (WHO-5)"), {"drop_points": 10}),
    "missed_contacts": (gettext_lazy("Missed contacts with the coach"), {"count": 2}),
    "hours_below_contract": (
        gettext_lazy("Hours consistently below contract"),
        {"weeks": 4, "below_fraction": 0.8},
    ),
}
KIND_CHOICES = [(kind, label) for kind, (label, _defaults) in KINDS.items()]
# What each parameter means, for the rules page (never the parameter's code).
PARAMETER_LABELS = {
    "count": gettext_lazy("how many"),
    "weeks": gettext_lazy("weeks"),
    "below_raw": gettext_lazy("below (raw WHO-5 score)"),
    "drop_points": gettext_lazy("drop of at least (points)"),
    "below_fraction": gettext_lazy("below this share of the contract (0 to 1)"),
}


MAX_PARAMETER = 1000  # no count, number of weeks or points is larger


class RuleParameterError(ValueError):
    pass


def clean_parameters(kind: str, parameters: dict) -> dict:
    """Validated parameters for ``kind`` (defaults filled in); raises RuleParameterError."""
    if kind not in KINDS:
        raise RuleParameterError(_("Unknown rule kind."))
    defaults = KINDS[kind][1]
    unknown = set(parameters) - set(defaults)
    if unknown:
        raise RuleParameterError(
            _("Unknown parameter(s): %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned = {}
    for name, default in defaults.items():
        value = parameters.get(name, default)
        try:
            if isinstance(default, float):  # a fraction in (0, 1]
                value = float(parsing.parse_decimal(value, minimum=0, maximum=1))
            else:  # a count, a number of weeks or points
                value = parsing.parse_int(value, minimum=1, maximum=MAX_PARAMETER)
        except parsing.ParseError as exc:
            if exc.code == "range":
                raise RuleParameterError(
                    _("Parameter %(name)s is out of range.") % {"name": name}
                ) from None
            raise RuleParameterError(
                _("Parameter %(name)s must be a number.") % {"name": name}
            ) from None
        if value <= 0:
            raise RuleParameterError(_("Parameter %(name)s is out of range.") % {"name": name})
        cleaned[name] = value
    return cleaned


def _sick_reports(history: History, today: datetime.date, count: int, weeks: int):
    since = today - datetime.timedelta(weeks=weeks)
    recent = [d for d in history.sick_report_dates if since < d <= today]
    if len(recent) >= count:
        return _("%(n)d sick reports in the last %(weeks)d weeks.") % {
            "n": len(recent),
            "weeks": weeks,
        }
    return None


def _held(history: History, today: datetime.date) -> list[Contact]:
    return sorted(
        (c for c in history.contacts if c.held and c.who5_raw is not None and c.date <= today),
        key=lambda c: c.date,
    )


def _who5_low(history: History, today: datetime.date, below_raw: int):
    held = _held(history, today)
    if held and held[-1].who5_raw < below_raw:
        return _("Latest WHO-5 score %(raw)d of 25 (below %(below)d) on %(date)s.") % {
            "raw": held[-1].who5_raw,
            "below": below_raw,
            "date": held[-1].date.strftime("%d-%m-%Y"),
        }
    return None


def _who5_drop(history: History, today: datetime.date, drop_points: int):
    held = _held(history, today)
    if len(held) < 2:
        return None
    before, latest = held[-2].who5_raw * 4, held[-1].who5_raw * 4
    if before - latest >= drop_points:
        return _("WHO-5 dropped from %(before)d to %(latest)d (of 100).") % {
            "before": before,
            "latest": latest,
        }
    return None


def _missed_contacts(history: History, today: datetime.date, count: int):
    contacts = sorted((c for c in history.contacts if c.date <= today), key=lambda c: c.date)
    last = contacts[-count:]
    if len(last) == count and not any(c.held for c in last):
        return ngettext(
            "The last contact was missed.",
            "The last %(n)d contacts were missed.",
            count,
        ) % {"n": count}
    return None


def _hours_below_contract(history: History, today: datetime.date, weeks: int, below_fraction):
    recent = sorted(
        (w for w in history.weeks if w.week_start <= today and w.contract_hours > 0),
        key=lambda w: w.week_start,
    )[-weeks:]
    if len(recent) < weeks:
        return None
    if all(w.accounted_hours < below_fraction * w.contract_hours for w in recent):
        average = sum(w.accounted_hours for w in recent) / weeks
        contract = sum(w.contract_hours for w in recent) / weeks
        return _(
            "%(weeks)d weeks in a row below %(pct)d%% of the contract: "
            "on average %(avg).1f of %(contract).1f hours."
        ) % {
            "weeks": weeks,
            "pct": round(below_fraction * 100),
            "avg": average,
            "contract": contract,
        }
    return None


_EVALUATORS = {
    "sick_reports": _sick_reports,
    "who5_low": _who5_low,
    "who5_drop": _who5_drop,
    "missed_contacts": _missed_contacts,
    "hours_below_contract": _hours_below_contract,
}


def evaluate(kind: str, parameters: dict, history: History, today: datetime.date) -> str | None:
    """The reason rule ``kind`` with ``parameters`` fires on ``history``, or None."""
    return _EVALUATORS[kind](history, today, **clean_parameters(kind, parameters))


# Minimisation at the source: a signal's reason (a WHO-5 score, sick reports) is for the
# coach only. What the coach passes on to the planner (a re-plan request) is a fresh text
# without health detail; these catch a copied signal or a named well-being score.
_HEALTH_SCORE = re.compile(r"who\s*-?\s*5", re.IGNORECASE)


def carries_health_detail(text: str, signal_reason: str = "") -> bool:
    """True when ``text`` names a WHO-5 score or repeats the signal's reason."""
    text = (text or "").strip()
    if not text:
        return False
    if _HEALTH_SCORE.search(text):
        return True
    reason = (signal_reason or "").strip().lower()
    return bool(reason) and reason in text.lower()

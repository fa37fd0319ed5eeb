"""Sharing the programme's indicators with other municipalities: an open JSON format.

Format ``basisbaan-indicators/1``, described by the JSON Schema
``static/evaluation/indicators.schema.json`` (served with the static files, linked on the
import page). A file holds one municipality's aggregate figures, each with its
definition; a figure over fewer than 5 people has ``"value": null, "suppressed": true``.
The figures are the programme monitor's (:func:`basisbaan.evaluation.monitor.build`)
with the suppression researchers get (cost figures hidden under 5 people too): what
leaves the municipality is never more than a researcher sees.

Import: a file is read as UTF-8 JSON, validated against the schema (``jsonschema``),
then checked further (dates, period order, unique keys, not one's own municipality).
A valid file is shown first (a dry run: what is in it, whether it replaces an earlier
import); on confirmation it is stored as :class:`SharedIndicators` of the importing
municipality, replacing the one of the same source municipality and period.
"""

import datetime
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.core import calendar
from basisbaan.evaluation import monitor
from basisbaan.evaluation.models import SharedIndicators

FORMAT = "basisbaan-indicators/1"
SCHEMA_PATH = Path(__file__).parent / "static" / "evaluation" / "indicators.schema.json"
SCHEMA_STATIC = "evaluation/indicators.schema.json"
MAX_BYTES = 256 * 1024
MAX_ERRORS = 10
LIVEABILITY_MONTHS = 6


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    definition: str


INDICATORS = [
    Indicator(
        "in_service",
        gettext_lazy("In service"),
        "people",
        gettext_lazy("Participants with status employed or permanent on the reference date."),
    ),
    Indicator(
        "started_this_year",
        gettext_lazy("Started this year"),
        "people",
        gettext_lazy(
            "Participants whose status changed to employed from 1 January to the reference date."
        ),
    ),
    Indicator(
        "left_this_year",
        gettext_lazy("Left service this year"),
        "people",
        gettext_lazy(
            "Participants who left service (employed, permanent or long-term sick to exited) "
            "from 1 January to the reference date."
        ),
    ),
    Indicator(
        "dropout_share",
        gettext_lazy("Drop-out"),
        "percent",
        gettext_lazy(
            "Exits from service in the 365 days before the reference date, as a percentage of "
            "everyone under contract on that date plus those who left."
        ),
    ),
    Indicator(
        "sick_leave_13_weeks",
        gettext_lazy("Sick leave, 13 weeks"),
        "percent",
        gettext_lazy(
            "Sick hours as a percentage of contracted hours in approved timesheets of the 13 "
            "whole weeks before the reference week."
        ),
    ),
    Indicator(
        "sick_leave_52_weeks",
        gettext_lazy("Sick leave, 52 weeks"),
        "percent",
        gettext_lazy(
            "Sick hours as a percentage of contracted hours in approved timesheets of the 52 "
            "whole weeks before the reference week."
        ),
    ),
    Indicator(
        "who5_change",
        gettext_lazy("Change in well-being (WHO-5)"),
        "WHO-5 points (0-100)",
        gettext_lazy(
            "Per participant the WHO-5 index (raw score x 4) in the latest later measurement "
            "round minus the one at intake (T0), averaged over everyone with both."
        ),
    ),
    Indicator(
        "liveability_average",
        gettext_lazy("Liveability rating"),
        "rating 1-5",
        gettext_lazy(
            "The average liveability rating (1-5) in the task providers' monthly reports of "
            "the 6 calendar months up to the reference date; n is the number of reports."
        ),
    ),
    Indicator(
        "cost_per_job_year",
        gettext_lazy("Cost per job-year"),
        "EUR",
        gettext_lazy(
            "The running budget's cost so far divided by the job-years in service so far "
            "(wage cost, guidance and coaching)."
        ),
    ),
]
LABELS = {i.key: i.label for i in INDICATORS}


# --- export ---------------------------------------------------------------------------------


def _number(value):
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return float(value)


def _figure(indicator: Indicator, figure: monitor.Figure | None, n=None) -> dict:
    """A figure of the file; ``n`` (people or reports) only when it is not itself small."""
    suppressed = bool(figure and figure.suppressed)
    value = None if figure is None or suppressed else _number(figure.value)
    if n is None and figure is not None and not suppressed and value is not None:
        n = figure.n if figure.people.shown else None
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "value": value,
        "suppressed": suppressed,
        "n": None if suppressed else n,
        "unit": indicator.unit,
        "definition": str(indicator.definition),
    }


def liveability_average(municipality, today: datetime.date) -> monitor.Figure:
    """All monthly reports' ratings of the last 6 months (about areas, not suppressed)."""
    from basisbaan.communitytasks.models import MonthlyReport

    since = calendar.add_months(calendar.month_start(today), 1 - LIVEABILITY_MONTHS)
    row = MonthlyReport.objects.filter(
        task__municipality=municipality, month__gte=since, month__lte=today
    ).aggregate(average=Avg("liveability"), reports=Count("pk"))
    if not row["reports"]:
        return monitor.Figure(None, 0)
    average = Decimal(str(row["average"])).quantize(monitor.ONE_DECIMAL)
    return monitor.Figure(average, row["reports"])


def export(municipality, today: datetime.date, now: datetime.datetime | None = None) -> dict:
    """The ``basisbaan-indicators/1`` document of ``municipality`` on ``today``, in the
    default language (labels and definitions)."""
    now = now or calendar.now()
    with translation.override(settings.LANGUAGE_CODE):
        figures = monitor.build(municipality, today, all_costs=False)
        by_key = {i.key: i for i in INDICATORS}
        size = figures["size"]
        who5 = next(
            (m["total"] for m in figures["outcomes"]["measures"] if m["measure"].key == "who5"),
            None,
        )
        budget = figures["budget"]
        if budget.suppressed:
            cost = monitor.Figure(None, budget.people, suppressed=True)
        else:
            cost = monitor.Figure(budget.cost_per_job_year, budget.people)
        liveability = liveability_average(municipality, today)
        rows = [
            _figure(by_key["in_service"], size.in_service),
            _figure(by_key["started_this_year"], size.started_this_year),
            _figure(by_key["left_this_year"], size.left_this_year),
            _figure(by_key["dropout_share"], figures["dropout"].total_share),
            _figure(by_key["sick_leave_13_weeks"], figures["sick_13"]),
            _figure(by_key["sick_leave_52_weeks"], figures["sick_52"]),
            _figure(by_key["who5_change"], who5.change if who5 else None),
            _figure(by_key["liveability_average"], liveability, n=liveability.n or None),
            _figure(by_key["cost_per_job_year"], cost),
        ]
        programme = figures["programme"]
        return {
            "format": FORMAT,
            "language": settings.LANGUAGE_CODE,
            "municipality": {"cbs_code": municipality.cbs_code, "name": municipality.name},
            "programme": {
                "name": programme.name if programme else municipality.name,
                "start_date": programme.start_date.isoformat() if programme else None,
            },
            "period": {"from": f"{today.year}-01-01", "to": today.isoformat()},
            "generated_at": now.isoformat(timespec="seconds"),
            "figures": rows,
        }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


# --- import ---------------------------------------------------------------------------------


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _where(path) -> str:
    return "/".join(str(p) for p in path) or _("the whole file")


def schema_errors(document) -> list[str]:
    """The schema's complaints about ``document``, readable, at most ``MAX_ERRORS``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [
        _("At %(where)s: %(problem)s") % {"where": _where(e.path), "problem": e.message[:300]}
        for e in errors[:MAX_ERRORS]
    ]


def _date(text: str) -> datetime.date | None:
    try:
        return calendar.parse_date(text)
    except ValueError:
        return None


def parse(content: bytes, municipality) -> tuple[dict | None, list[str]]:
    """The document in ``content`` and no errors, or None and why the file is refused."""
    if len(content) > MAX_BYTES:
        return None, [_("The file is larger than 256 KB.")]
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [_("The file is not UTF-8 text.")]
    except json.JSONDecodeError as exc:
        return None, [
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(problem)s).")
            % {"line": exc.lineno, "column": exc.colno, "problem": exc.msg}
        ]
    except RecursionError:
        return None, [_("The file is nested too deeply.")]
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None, [
            _("This is not a %(format)s file: its “format” must be “%(format)s”.")
            % {"format": FORMAT}
        ]
    errors = schema_errors(document)
    if errors:
        return None, errors
    start, end = _date(document["period"]["from"]), _date(document["period"]["to"])
    if start is None or end is None:
        errors.append(_("The period holds a date that does not exist."))
    elif end < start:
        errors.append(_("The period ends before it starts."))
    try:
        datetime.datetime.fromisoformat(document["generated_at"].replace("Z", "+00:00"))
    except ValueError:
        errors.append(_("“generated_at” is not a valid moment."))
    keys = [f["key"] for f in document["figures"]]
    if len(keys) != len(set(keys)):
        errors.append(_("A figure key occurs more than once."))
    if document["municipality"]["cbs_code"] == municipality.cbs_code:
        errors.append(_("This file holds your own municipality's figures."))
    return (None, errors) if errors else (document, [])


def _generated_at(document: dict) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(document["generated_at"].replace("Z", "+00:00"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def existing(municipality, document: dict) -> SharedIndicators | None:
    """The import this document would replace."""
    return SharedIndicators.objects.filter(
        municipality=municipality,
        source_cbs_code=document["municipality"]["cbs_code"],
        period_from=_date(document["period"]["from"]),
        period_to=_date(document["period"]["to"]),
    ).first()


def store(municipality, document: dict, user) -> tuple[SharedIndicators, bool]:
    """Keep a validated document for ``municipality``; True when it replaced one."""
    with transaction.atomic():
        record, created = SharedIndicators.objects.select_for_update().update_or_create(
            municipality=municipality,
            source_cbs_code=document["municipality"]["cbs_code"],
            period_from=_date(document["period"]["from"]),
            period_to=_date(document["period"]["to"]),
            defaults={
                "source_name": document["municipality"]["name"][:100],
                "programme": document["programme"]["name"][:150],
                "generated_at": _generated_at(document),
                "document": document,
                "imported_by": user,
                "imported_at": timezone.now(),
            },
        )
    return record, not created


# --- comparison -----------------------------------------------------------------------------


def _cell(figure: dict | None) -> dict:
    if figure is None:
        return {"missing": True}
    return {"value": figure.get("value"), "suppressed": figure.get("suppressed", False)}


def comparison(own: dict, others: list[dict]) -> dict:
    """Rows per figure key (own keys first, then others' in their order): one cell for
    one's own document and one per other document."""
    keys = [f["key"] for f in own["figures"]]
    for document in others:
        keys += [f["key"] for f in document["figures"] if f["key"] not in keys]
    lookup = [{f["key"]: f for f in d["figures"]} for d in (own, *others)]
    rows = []
    for key in keys:
        first = next(d[key] for d in lookup if key in d)
        rows.append(
            {
                "key": key,
                "label": LABELS.get(key) or first.get("label") or key,
                "unit": first.get("unit", ""),
                "definition": first.get("definition", ""),
                "cells": [_cell(d.get(key)) for d in lookup],
            }
        )
    columns = [
        {
            "name": d["municipality"]["name"],
            "cbs_code": d["municipality"]["cbs_code"],
            "period": f"{d['period']['from']} – {d['period']['to']}",
        }
        for d in (own, *others)
    ]
    return {"columns": columns, "rows": rows}

"""Routes as data: the default routes of the Werkprogramma, their entry criteria and the
route advice from the arbeidsmarktwaardescan.

An **entry criterion** is a dict in ``Route.entry_criteria``:

* automatic: ``{"key": "adult", "label": "18 or older", "field": "participant.age",
  "op": ">=", "value": 18}``: checked on the person's file (``FIELDS`` lists what can be
  read, ``OPS`` how it is compared);
* confirmed: ``{"key": "ww_ends", "label": "WW ends within six months", "confirm": true}``:
  a fact no file holds; the coach ticks it at enrolment.

An **advice rule** (``RouteAdviceRule``) has a ``condition`` of the same shape (without
key and label) or ``{"all": [condition, ...]}``; ``advise`` takes the first rule, by
order, whose condition holds for the person and their latest scan.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from basisbaan.core import calendar
from basisbaan.participants.models import Participant, Scan
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma.models import Route, RouteAdviceRule, RouteStep

K = Route.Kind
ADULT = {
    "key": "adult",
    "label": gettext_noop("18 or older"),
    "field": "participant.age",
    "op": ">=",
    "value": 18,
}
ON_BIJSTAND = {
    "key": "on_bijstand",
    "label": gettext_noop("On bijstand"),
    "field": "participant.benefit_since",
    "op": "set",
}
NOT_ON_BIJSTAND = {
    "key": "not_on_bijstand",
    "label": gettext_noop("Not on bijstand yet (still on WW)"),
    "field": "participant.benefit_since",
    "op": "unset",
}

# The default routes: (code, kind, name, description, criteria, steps (name, due days),
# capacity, target). The targets sum to the Werkprogramma's 500 people.
DEFAULT_ROUTES = [
    (
        "prevention",
        K.PREVENTION,
        gettext_noop("WW to bijstand prevention (with UWV)"),
        gettext_noop(
            "Together with UWV, from six months before the WW ends: work before bijstand."
        ),
        [
            ADULT,
            NOT_ON_BIJSTAND,
            {"key": "ww_ends", "label": gettext_noop("WW ends within six months"), "confirm": True},
        ],
        [
            (gettext_noop("Intake with UWV"), 14),
            (gettext_noop("Introduced to an employer"), 60),
            (gettext_noop("Training offered"), 90),
            (gettext_noop("Result at the end of the WW"), 180),
        ],
        60,
        150,
    ),
    (
        "scan",
        K.SCAN,
        gettext_noop("Arbeidsmarktwaardescan and coaching to work"),
        gettext_noop(
            "The scan's picture of the person's position, a route plan and the first step."
        ),
        [ADULT, ON_BIJSTAND],
        [
            (gettext_noop("Scan discussed"), 14),
            (gettext_noop("Route plan"), 42),
            (gettext_noop("First step to work"), 120),
        ],
        80,
        150,
    ),
    (
        "praktijkleren",
        K.PRAKTIJKLEREN,
        gettext_noop("Praktijkleren"),
        gettext_noop(
            "Learning on the job at a recognised learning company, ending in a Verklaring."
        ),
        [
            ADULT,
            ON_BIJSTAND,
            {
                "key": "no_mbo2",
                "label": gettext_noop("No startkwalificatie (MBO2)"),
                "confirm": True,
            },
        ],
        [
            (gettext_noop("Learning company found"), 30),
            (gettext_noop("Start at the learning company"), 45),
            (gettext_noop("Competences assessed"), 180),
            (gettext_noop("Verklaring Praktijkleren issued"), 240),
        ],
        40,
        100,
    ),
    (
        "status_holders",
        K.STATUS_HOLDERS,
        gettext_noop("Status holders at city maintenance (pilot)"),
        gettext_noop("A placement at Stadsbeheer with language support."),
        [
            ADULT,
            ON_BIJSTAND,
            {
                "key": "status_holder",
                "label": gettext_noop("Status holder (residence permit asylum)"),
                "confirm": True,
            },
        ],
        [
            (gettext_noop("Intake with language check"), 14),
            (gettext_noop("Placement started"), 30),
            (gettext_noop("Mid-term review"), 120),
            (gettext_noop("End review"), 240),
        ],
        20,
        40,
    ),
    (
        "basisbaan",
        K.BASISBAAN,
        gettext_noop("Basisbaan"),
        gettext_noop(
            "Paid work on neighbourhood tasks: the file moves on to the basisbaan programme."
        ),
        [
            ADULT,
            ON_BIJSTAND,
            {
                "key": "scan_basisbaan",
                "label": gettext_noop("The scan advises a basisbaan"),
                "field": "scan.advice",
                "op": "in",
                "value": [Scan.Advice.BASISBAAN.value],
            },
        ],
        [(gettext_noop("Referred to the basisbaan intake"), 14)],
        None,
        60,
    ),
]
TARGET_TOTAL = 500

# The default advice rules: (route code, condition, reason), in order.
DEFAULT_ADVICE = [
    (
        "prevention",
        {"field": "participant.benefit_since", "op": "unset"},
        gettext_noop("Not on bijstand yet: the route with UWV works on a job before the WW ends."),
    ),
    (
        "praktijkleren",
        {"field": "scan.advice", "op": "in", "value": [Scan.Advice.PRAKTIJKLEREN.value]},
        gettext_noop(
            "The scan advises learning on the job: Praktijkleren ends in a recognised Verklaring."
        ),
    ),
    (
        "basisbaan",
        {"field": "scan.advice", "op": "in", "value": [Scan.Advice.BASISBAAN.value]},
        gettext_noop(
            "The scan sees no realistic route to regular work soon: paid work in a basisbaan."
        ),
    ),
    (
        "scan",
        {"field": "scan.advice", "op": "in", "value": [Scan.Advice.REGULAR_WORK.value]},
        gettext_noop("The scan sees a route to regular work: coaching along a route plan."),
    ),
    (
        "scan",
        {
            "field": "scan.advice",
            "op": "in",
            "value": [Scan.Advice.OTHER_ROUTE.value, Scan.Advice.NONE_YET.value],
        },
        gettext_noop(
            "The scan advises another route or none yet: work it out in a route plan with the coach."
        ),
    ),
    (
        "scan",
        {"field": "scan.exists", "op": "==", "value": False},
        gettext_noop("No arbeidsmarktwaardescan yet: the scan route starts with one."),
    ),
]

FIELDS = {
    "participant.age": gettext_lazy("age in years"),
    "participant.benefit_since": gettext_lazy("on bijstand since"),
    "participant.benefit_years": gettext_lazy("years on bijstand"),
    "participant.reintegration_route": gettext_lazy("reintegration route under way"),
    "scan.advice": gettext_lazy("the scan's route advice"),
    "scan.exists": gettext_lazy("an arbeidsmarktwaardescan exists"),
}
OPS = {
    ">=": lambda a, b: a is not None and a >= b,
    "<=": lambda a, b: a is not None and a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "in": lambda a, b: a in (b or []),
    "not_in": lambda a, b: a not in (b or []),
    "set": lambda a, b: a is not None,
    "unset": lambda a, b: a is None,
}


# What a rule can ask of each field: its kind of value and the comparisons that make sense.
FIELD_KINDS = {
    "participant.age": "number",
    "participant.benefit_years": "number",
    "participant.benefit_since": "presence",
    "participant.reintegration_route": "yes_no",
    "scan.advice": "advice",
    "scan.exists": "yes_no",
}
KIND_OPS = {
    "number": (">=", "<=", "=="),
    "presence": ("set", "unset"),
    "yes_no": ("==", "!="),
    "advice": ("in", "not_in"),
}
OP_LABELS = {
    ">=": gettext_lazy("is at least"),
    "<=": gettext_lazy("is at most"),
    "==": gettext_lazy("is"),
    "!=": gettext_lazy("is not"),
    "in": gettext_lazy("is one of"),
    "not_in": gettext_lazy("is none of"),
    "set": gettext_lazy("filled in"),
    "unset": gettext_lazy("not filled in"),
}


def _value_text(name: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "scan.advice":
        labels = dict(Scan.Advice.choices)
        return _(" or ").join(str(labels.get(v, v)) for v in value or [])
    if isinstance(value, list):
        return _(" or ").join(str(v) for v in value)
    return formats.number_format(value) if isinstance(value, int | float) else str(value)


def describe(condition: dict) -> str:
    """A condition in words, e.g. "age in years is at least 27" or "the scan's route
    advice is one of Praktijkleren" (parts of ``all`` joined with "and")."""
    if "all" in condition:
        return _(" and ").join(describe(part) for part in condition["all"])
    name, op = condition.get("field", ""), condition.get("op", "")
    label, value = FIELDS.get(name, name), condition.get("value")
    if op in ("set", "unset"):
        return f"{label}: {OP_LABELS[op]}"
    if FIELD_KINDS.get(name) == "yes_no" and op in ("==", "!="):
        return f"{label}: {_value_text(name, bool(value) == (op == '=='))}"
    return f"{label} {OP_LABELS.get(op, op)} {_value_text(name, value)}"


def basisbaan_programme(programme: Programme) -> Programme | None:
    """The municipality's basisbaan programme (the oldest one)."""
    return (
        Programme.objects.filter(
            municipality_id=programme.municipality_id, kind=Programme.Kind.BASISBAAN
        )
        .order_by("start_date", "pk")
        .first()
    )


def stored(text: str) -> str:
    """A default text as the municipality keeps it: in the site's language (Dutch), since
    routes, steps, criteria and reasons are data that staff read and change."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text)


def criterion(default: dict) -> dict:
    """A default entry criterion with its label in the site's language."""
    return {**default, "label": stored(default["label"])}


@transaction.atomic
def ensure_default_routes(programme: Programme) -> list[Route]:
    """Create the default routes, their steps and the advice rules once (idempotent:
    existing routes and rules are left as the municipality changed them)."""
    destination = basisbaan_programme(programme)
    routes = {}
    for order, (code, kind, name, description, criteria, steps, capacity, target) in enumerate(
        DEFAULT_ROUTES
    ):
        route, created = Route.objects.get_or_create(
            programme=programme,
            code=code,
            defaults={
                "kind": kind,
                "name": stored(name),
                "description": stored(description),
                "entry_criteria": [criterion(c) for c in criteria],
                "capacity": capacity,
                "target": target,
                "order": order,
                "destination": destination if kind == K.BASISBAAN else None,
            },
        )
        if created:
            RouteStep.objects.bulk_create(
                RouteStep(route=route, order=i, name=stored(step), due_days=days)
                for i, (step, days) in enumerate(steps)
            )
        routes[code] = route
    if not RouteAdviceRule.objects.filter(programme=programme).exists():
        RouteAdviceRule.objects.bulk_create(
            RouteAdviceRule(
                programme=programme,
                order=i,
                route=routes[code],
                condition=cond,
                reason=stored(reason),
            )
            for i, (code, cond, reason) in enumerate(DEFAULT_ADVICE)
        )
    return list(routes.values())


def latest_scan(participant: Participant) -> Scan | None:
    return participant.scans.order_by("-version").first()


def _value(name: str, participant: Participant, scan: Scan | None, today: datetime.date):
    if name == "participant.age":
        return participant.age_on(today)
    if name == "participant.benefit_since":
        return participant.benefit_since
    if name == "participant.benefit_years":
        since = participant.benefit_since
        return None if since is None else (today - since).days / 365.25
    if name == "participant.reintegration_route":
        return participant.reintegration_route
    if name == "scan.advice":
        return scan.advice if scan else None
    if name == "scan.exists":
        return scan is not None
    raise ValueError(f"unknown field {name!r}")


def holds(condition: dict, participant, scan, today: datetime.date) -> bool:
    """Does ``condition`` (``{"field", "op", "value"}`` or ``{"all": [...]}``) hold?"""
    if "all" in condition:
        return all(holds(part, participant, scan, today) for part in condition["all"])
    value = _value(condition["field"], participant, scan, today)
    return OPS[condition["op"]](value, condition.get("value"))


def _shown(value, name: str = "") -> str:
    if value is None:
        return _("not set")
    if name == "scan.advice" or isinstance(value, bool):
        # A label, never the stored code ("regular_work").
        return _value_text(name, [value] if isinstance(value, str) else value)
    if isinstance(value, float):
        return formats.number_format(value, 1)
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


@dataclass
class Advice:
    route: Route | None
    reasons: list[str] = field(default_factory=list)
    rule: RouteAdviceRule | None = None
    scan: Scan | None = None


def advise(participant: Participant, today: datetime.date | None = None) -> Advice:
    """The route advice for the person's programme: the first rule whose condition holds
    on the latest scan and the person's file, with its reason and the facts behind it."""
    today = today or calendar.today()
    scan = latest_scan(participant)
    programme = participant.programme
    rules = RouteAdviceRule.objects.filter(route__active=True).select_related("route")
    if programme is not None and programme.kind == Programme.Kind.WERKPROGRAMMA:
        rules = rules.filter(programme=programme)
    else:
        rules = rules.filter(
            programme__municipality_id=participant.municipality_id,
            programme__kind=Programme.Kind.WERKPROGRAMMA,
        )
    for rule in rules.order_by("programme_id", "order", "pk"):
        if holds(rule.condition, participant, scan, today):
            facts = []
            for part in rule.condition.get("all", [rule.condition]):
                value = _value(part["field"], participant, scan, today)
                facts.append(
                    f"{FIELDS.get(part['field'], part['field'])}: {_shown(value, part['field'])}"
                )
            if scan is not None:
                facts.append(
                    _("scan version %(version)s of %(date)s: %(reasoning)s")
                    % {
                        "version": scan.version,
                        "date": f"{scan.made_at:%d-%m-%Y}",
                        "reasoning": scan.reasoning,
                    }
                )
            return Advice(route=rule.route, reasons=[rule.reason, *facts], rule=rule, scan=scan)
    return Advice(route=None, reasons=[_("No advice rule applies.")], scan=scan)


def check_entry(
    route: Route,
    participant: Participant,
    confirmed: set[str] | frozenset[str] = frozenset(),
    today: datetime.date | None = None,
    scan: Scan | None = None,
) -> list[tuple[str, bool, str]]:
    """Every entry criterion of ``route``: (label, passed, how it was decided)."""
    today = today or calendar.today()
    if scan is None:
        scan = latest_scan(participant)
    results = []
    for criterion in route.entry_criteria or []:
        label = criterion.get("label", criterion.get("key", ""))
        if criterion.get("confirm"):
            passed = criterion.get("key") in confirmed
            results.append(
                (label, passed, _("confirmed by the coach") if passed else _("not confirmed"))
            )
            continue
        value = _value(criterion["field"], participant, scan, today)
        passed = OPS[criterion["op"]](value, criterion.get("value"))
        shown = _shown(value, criterion["field"])
        results.append((label, passed, f"{FIELDS.get(criterion['field'], '')}: {shown}"))
    return results


def confirmable(route: Route) -> list[dict]:
    """The criteria the coach confirms (a checkbox at enrolment)."""
    return [c for c in route.entry_criteria or [] if c.get("confirm")]


def werkprogramma_of(municipality) -> Programme | None:
    """The municipality's Werkprogramma (the oldest one), or None."""
    if municipality is None:
        return None
    return (
        Programme.objects.filter(municipality=municipality, kind=Programme.Kind.WERKPROGRAMMA)
        .order_by("start_date", "pk")
        .first()
    )

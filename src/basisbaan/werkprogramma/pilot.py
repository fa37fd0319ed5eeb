"""The status-holders pilot at city maintenance (stadsbeheer): placements and figures.

The figures count the placements of the pilot's route (``Route.Kind.STATUS_HOLDERS``) in
the municipality's Werkprogramma. Groups of 1 to 4 people are suppressed for everyone
but programme staff: ``suppress`` shows them as "fewer than 5".
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import Enrolment, Outcome, Placement, Route

SMALL = 5  # groups of 1..SMALL-1 people are suppressed


def pilot_route(municipality) -> Route | None:
    programme = route_rules.werkprogramma_of(municipality)
    if programme is None:
        return None
    return Route.objects.filter(programme=programme, kind=Route.Kind.STATUS_HOLDERS).first()


def running_q(today: datetime.date) -> Q:
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


@dataclass
class Figures:
    enrolled: int = 0
    running: int = 0
    hours: Decimal = Decimal(0)
    language_support: int = 0
    ended: int = 0
    outcomes: list[tuple[str, int]] = field(default_factory=list)


def figures(municipality, today: datetime.date | None = None) -> Figures:
    today = today or calendar.today()
    route = pilot_route(municipality)
    result = Figures()
    if route is None:
        return result
    placements = Placement.objects.filter(enrolment__route=route)
    running = placements.filter(running_q(today))
    totals = running.aggregate(
        n=Count("pk"),
        hours=Sum("hours_per_week"),
        language=Count("pk", filter=Q(language_support=True)),
    )
    result.enrolled = Enrolment.objects.filter(route=route).count()
    result.running = totals["n"]
    result.hours = totals["hours"] or Decimal(0)
    result.language_support = totals["language"]
    result.ended = placements.filter(end_date__lt=today).count()
    counts = dict(
        Enrolment.objects.filter(route=route)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    result.outcomes = [(label, counts.get(value, 0)) for value, label in Outcome.choices]
    return result


def suppress(count: int, full: bool) -> str | int:
    """The count, or "fewer than 5" for a small group (1-4) unless ``full``."""
    if full or count == 0 or count >= SMALL:
        return count
    return _("fewer than %(n)s") % {"n": SMALL}


def shown(result: Figures, full: bool) -> dict:
    """The figures as shown: people counts suppressed; the hours of a small group too."""
    small = 0 < result.running < SMALL and not full
    return {
        "enrolled": suppress(result.enrolled, full),
        "running": suppress(result.running, full),
        "hours": "–" if small else result.hours,
        "language_support": suppress(result.language_support, full),
        "ended": suppress(result.ended, full),
        "outcomes": [(label, suppress(n, full)) for label, n in result.outcomes],
    }

"""One definition per figure that more than one page shows.

The waiting-list page (participants) and the programme monitor (evaluation) both show
how many people are in service and how many started this year. They count with these
functions, so the two pages cannot disagree; each page shows the definition (the
``*_DEFINITION`` sentences) beside the figure.

- **In service**: people whose status is employed or permanent now (``IN_SERVICE``).
  Long-term sick people keep their contract but are counted apart.
- **In service on a day** (the headcount over time): people whose status at the end of
  that day, by their status history, was employed or permanent; the same rule as "in
  service" today, read from the timeline. Permanent: status permanent on that day.
- **Started in a period**: people whose *first* status change to employed falls in the
  period, each person once. A return to employed (e.g. after long-term sickness) is not
  a start, and neither is a contract renewal: yearly contracts are renewed, and contracts
  from before the first known minimum wage are not on record, so the earliest contract
  on file is not the first day in service.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.core.calendar import month_ends  # noqa: F401 - the month ends of a series
from basisbaan.participants.models import IN_SERVICE, Participant, Status, StatusChange

IN_SERVICE_DEFINITION = _("Status employed or permanent today; long-term sick not included.")
HEADCOUNT_DEFINITION = _(
    "People in service (status employed or permanent) at the end of the day, by their "
    "status history; long-term sick not included."
)
STARTED_DEFINITION = _(
    "First day in service (first status change to employed) between 1 January and today; "
    "each person once."
)


def _scoped(queryset, municipality, programme, prefix: str = ""):
    queryset = queryset.filter(**{f"{prefix}municipality": municipality})
    if programme is not None:
        queryset = queryset.filter(**{f"{prefix}programme": programme})
    return queryset


def in_service(municipality, programme=None) -> int:
    """People of ``municipality`` (optionally of one ``programme``) in service now:
    status employed or permanent."""
    return (
        _scoped(Participant.objects, municipality, programme).filter(status__in=IN_SERVICE).count()
    )


def first_started(municipality, programme=None):
    """Per participant the moment of their first status change to employed, as a
    queryset of ``{"participant": pk, "first": datetime}``."""
    return (
        _scoped(StatusChange.objects, municipality, programme, prefix="participant__")
        .filter(to_status=Status.EMPLOYED)
        .values("participant")
        .annotate(first=Min("at"))
        .order_by()
    )


def started_in(municipality, start: datetime.date, end: datetime.date, programme=None) -> int:
    """People whose employment started between ``start`` and ``end`` (both included):
    their first status change to employed lies in the period; each person counts once."""
    return (
        first_started(municipality, programme)
        .filter(first__date__gte=start, first__date__lte=end)
        .count()
    )


def started_this_year(municipality, today: datetime.date, programme=None) -> int:
    """``started_in`` from 1 January of ``today``'s year up to and including ``today``."""
    return started_in(municipality, datetime.date(today.year, 1, 1), today, programme)


@dataclass(frozen=True)
class Headcount:
    day: datetime.date
    in_service: int
    permanent: int


def headcounts(municipality, days, programme=None) -> list[Headcount]:
    """The headcount on each of ``days``: people whose status at the end of the day (the
    last status change on or before it, in local time) is employed or permanent, and how
    many of them permanent. One query over the status history."""
    timelines: dict[int, list[tuple[datetime.date, int, str]]] = defaultdict(list)
    changes = _scoped(StatusChange.objects, municipality, programme, prefix="participant__")
    for participant, at, pk, status in changes.values_list(
        "participant", "at", "pk", "to_status"
    ).order_by():
        timelines[participant].append((timezone.localdate(at), pk, status))
    result = []
    ordered = [sorted(timeline) for timeline in timelines.values()]
    for day in days:
        in_service = permanent = 0
        for timeline in ordered:
            # The last change on or before ``day`` (pk breaks ties within one day).
            index = bisect.bisect_right(timeline, (day, float("inf"), ""))
            if not index:
                continue
            status = timeline[index - 1][2]
            if status in IN_SERVICE:
                in_service += 1
                permanent += status == Status.PERMANENT
        result.append(Headcount(day, in_service, permanent))
    return result

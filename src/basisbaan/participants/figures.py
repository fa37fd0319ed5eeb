"""One definition per figure that more than one page shows.

The waiting-list page (participants) and the programme monitor (evaluation) both show
how many people are in service and how many started this year. They count with these
functions, so the two pages cannot disagree; each page shows the definition (the
``*_DEFINITION`` sentences) beside the figure.

- **In service**: people whose status is employed or permanent now (``IN_SERVICE``).
  Long-term sick people keep their contract but are counted apart.
- **Started in a period**: people whose *first* status change to employed falls in the
  period, each person once. A return to employed (e.g. after long-term sickness) is not
  a start, and neither is a contract renewal: yearly contracts are renewed, and contracts
  from before the first known minimum wage are not on record, so the earliest contract
  on file is not the first day in service.
"""

import datetime

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from basisbaan.participants.models import IN_SERVICE, Participant, Status, StatusChange

IN_SERVICE_DEFINITION = _("Status employed or permanent today; long-term sick not included.")
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

"""The to-dos on the start page. Apps register providers in ``AppConfig.ready``.

A provider is a function ``provider(request) -> list[Todo]``: what needs attention for
the logged-in user in the active municipality (``request.municipality``). It checks the
permission first (no query when the user lacks it), counts only the rows the user may see
(``accounts.access.scope``) and costs one count query per to-do. The start page shows the
to-dos with a count above zero, the urgent ones first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

NORMAL = "normal"
URGENT = "urgent"


@dataclass(frozen=True)
class Todo:
    label: str | Promise  # e.g. "Timesheets to approve"; the count is shown beside it
    count: int
    url: str
    urgency: str = NORMAL  # URGENT: something is overdue
    order: int = 100


def todo(
    label,
    count: int,
    url_name: str,
    *,
    urgent: bool = False,
    order: int = 100,
    suffix: str = "",
    kwargs: dict | None = None,
) -> Todo:
    """A :class:`Todo` linking to ``url_name`` (with ``kwargs``), plus ``suffix`` (a query
    string such as ``"?status=returned"`` or an anchor such as ``"#rounds"``)."""
    return Todo(
        label=label,
        count=count,
        url=reverse(url_name, kwargs=kwargs) + suffix,
        urgency=URGENT if urgent else NORMAL,
        order=order,
    )


Provider = Callable[[object], list[Todo]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def todos_for(request) -> list[Todo]:
    """The user's to-dos in the active municipality with something to do, urgent first."""
    if getattr(request, "municipality", None) is None or not request.user.is_authenticated:
        return []
    found = [item for provider in _PROVIDERS for item in provider(request) if item.count > 0]
    return sorted(found, key=lambda t: (t.urgency != URGENT, t.order, str(t.label)))

"""Rules for the authorization matrix: one per URL pattern, as data.

Each app keeps its rules in ``tests/access/rules_<app>.py`` as a list ``RULES``.
A rule says which demo accounts get the ``ok`` answer; every other account gets
``denied`` (403 for pages of the active municipality, 404 for object pages, so
another municipality's objects stay invisible) and anonymous visitors get
``anonymous`` (302 to the login page unless the page is public).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import DEMO_USERS

PLANNERS = frozenset({"admin", "planner-groningen", "planner-assen"})
EVERYONE = frozenset(DEMO_USERS)


@dataclass(frozen=True)
class Rule:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[], dict] | None = None
    method: str = "get"
    data: Callable[[], dict] | None = None
    ok: int = 200
    denied: int = 403
    anonymous: int = 302
    note: str = ""
    query: str = ""
    extra: dict = field(default_factory=dict)

    def expected(self, username: str | None) -> int:
        if username is None:
            return self.anonymous
        return self.ok if username in self.allowed else self.denied

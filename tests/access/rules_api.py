"""Authorization rules of the api app: the partner write API (API tokens only: a
session, logged in or not, answers 401) and the token pages (programme staff of the
organisation's municipality; other accounts get 404 for an object page)."""

import datetime

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.api import tokens
from basisbaan.guidance.models import SicknessCase
from basisbaan.participants.models import Participant
from tests.access.rules import Rule
from tests.conftest import WORLD_TODAY

GRONINGEN_PROGRAMME = {"admin", "planner-groningen"}
NOBODY = frozenset()


def organisation():
    return (
        RoleAssignment.objects.select_related("organisation")
        .get(user__username="begeleider-groningen", role=Role.GUIDANCE)
        .organisation
    )


def org_kwargs():
    return {"pk": organisation().pk}


def token_kwargs():
    token, _secret = tokens.create(
        organisation(),
        "Matrix",
        ["sickness:write"],
        User.objects.get(username="planner-groningen"),
    )
    return {"pk": token.pk}


def case_kwargs():
    person = Participant.objects.get(user__username="deelnemer-groningen")
    case = SicknessCase.objects.filter(participant=person).first()
    if case is None:
        case = SicknessCase.objects.create(
            participant=person, first_sick_day=WORLD_TODAY, extent="full"
        )
    return {"pk": case.pk}


def week_kwargs():
    person = Participant.objects.get(user__username="deelnemer-groningen")
    monday = WORLD_TODAY - datetime.timedelta(days=WORLD_TODAY.weekday())
    return {"participant": person.pk, "week": monday.isoformat()}


RULES = [
    Rule("api-sickness-report", NOBODY, method="post", denied=401, anonymous=401),
    Rule(
        "api-sickness-recovery",
        NOBODY,
        kwargs=case_kwargs,
        method="post",
        denied=401,
        anonymous=401,
    ),
    Rule("api-timesheet-week", NOBODY, kwargs=week_kwargs, denied=401, anonymous=401),
    Rule("api_tokens:list", {"admin", "planner-groningen", "planner-assen"}),
    Rule("api_tokens:create", GRONINGEN_PROGRAMME, kwargs=org_kwargs, denied=404),
    Rule(
        "api_tokens:rotate",
        GRONINGEN_PROGRAMME,
        kwargs=token_kwargs,
        method="post",
        denied=404,
    ),
    Rule(
        "api_tokens:revoke",
        GRONINGEN_PROGRAMME,
        kwargs=token_kwargs,
        method="post",
        ok=302,
        denied=404,
    ),
]

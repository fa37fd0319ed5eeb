"""Authorization rules for the planning app."""

from basisbaan.core import calendar
from basisbaan.planning.models import CalendarToken, PlanVersion, Replacement, ReplanRequest
from tests.access.rules import EVERYONE, PLANNERS, Rule
from tests.conftest import WORLD_TODAY

GRONINGEN_PLANNERS = frozenset({"admin", "planner-groningen"})
WEEK = {"week": calendar.week_label(calendar.monday(WORLD_TODAY))}


def groningen_version():
    version = PlanVersion.objects.filter(
        week__municipality__cbs_code="GM0014", week__week_start=calendar.monday(WORLD_TODAY)
    ).first()
    return {"pk": version.pk}


def groningen_replacement():
    version = PlanVersion.objects.get(pk=groningen_version()["pk"])
    assignment = version.assignments.first()
    replacement = Replacement.objects.create(
        week=version.week,
        absent=assignment.participant,
        suggested=None,
        task=assignment.task,
        slot_key=assignment.slot_key,
        date=assignment.date,
        start=assignment.start,
        end=assignment.end,
    )
    return {"pk": replacement.pk}


def groningen_request():
    return {"pk": ReplanRequest.objects.filter(municipality__cbs_code="GM0014").first().pk}


def groningen_participant():
    from basisbaan.participants.models import Participant

    person = Participant.objects.get(user__username="deelnemer-groningen")
    return {"pk": person.pk}


def calendar_token():
    from basisbaan.participants.models import Participant

    person = Participant.objects.get(user__username="deelnemer-groningen")
    token, _created = CalendarToken.objects.get_or_create(participant=person)
    return {"token": token.token}


RULES = [
    Rule("planning:index", PLANNERS),
    Rule("planning:weights", PLANNERS),
    Rule("planning:week", PLANNERS, kwargs=lambda: WEEK),
    Rule(
        "planning:start_run",
        PLANNERS,
        kwargs=lambda: WEEK,
        method="post",
        ok=302,
        note="no data: the form is refused and the planner sent back",
    ),
    Rule("planning:unexpected", PLANNERS, kwargs=lambda: WEEK),
    Rule("planning:find_replacements", PLANNERS, kwargs=lambda: WEEK, method="post", ok=302),
    Rule("planning:version", GRONINGEN_PLANNERS, kwargs=groningen_version, denied=404),
    Rule("planning:version_tasks", GRONINGEN_PLANNERS, kwargs=groningen_version, denied=404),
    Rule("planning:gaps", GRONINGEN_PLANNERS, kwargs=groningen_version, denied=404),
    Rule(
        "planning:rule",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "planning:rerun",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "planning:publish",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        method="post",
        ok=302,
        denied=404,
        note="without the confirmation nothing is published",
    ),
    Rule(
        "planning:confirm_publish",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        denied=404,
    ),
    Rule(
        "planning:accept_replacement",
        GRONINGEN_PLANNERS,
        kwargs=groningen_replacement,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "planning:replan_handled",
        GRONINGEN_PLANNERS,
        kwargs=groningen_request,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "planning:participant_week",
        GRONINGEN_PLANNERS | {"coach-groningen"},
        kwargs=groningen_participant,
        denied=404,
        note="planners and the person's own coach",
    ),
    Rule(
        "planning:participant_calendar_link",
        GRONINGEN_PLANNERS | {"coach-groningen"},
        kwargs=groningen_participant,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("planning:my_week", {"deelnemer-groningen"}),
    Rule("planning:calendar_link", {"deelnemer-groningen"}, method="post", ok=302),
    # API: planners' plan versions; objects out of scope answer 404.
    Rule("planversion-list", PLANNERS, anonymous=403),
    Rule(
        "planversion-detail",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        denied=404,
        anonymous=403,
    ),
    Rule(
        "planversion-instance",
        GRONINGEN_PLANNERS,
        kwargs=groningen_version,
        denied=404,
        anonymous=403,
    ),
    Rule(
        "planning:ical",
        EVERYONE,
        kwargs=calendar_token,
        anonymous=200,
        note="public: the private token is the key",
    ),
]

"""Demo: last week's and this week's plans, made by the real engine and published.

Runs after participants and community tasks. Groningen and Assen each get both weeks
planned and published, so participants see a week card and task providers see who
comes; the coming week is left for the planner to plan. One coach asks for a change.
"""

import datetime

from basisbaan.core import calendar
from basisbaan.planning import services


def seed(ctx) -> str:
    from basisbaan.participants.models import Participant

    this_monday = calendar.monday(ctx.today)
    weeks = (this_monday - datetime.timedelta(days=7), this_monday)
    planner = ctx.users.get("planner-groningen")
    made = []
    for code, time_limit in (("GM0014", ctx.n(10, 2)), ("GM0106", 2)):
        municipality = ctx.municipalities[code]
        for start in weeks:
            week = services.week_for(municipality, start)
            version = services.plan_now(week, planner if code == "GM0014" else None, time_limit)
            week.refresh_from_db()
            services.publish(version, planner if code == "GM0014" else None, week.revision)
            made.append(
                f"{municipality.name} {week.label}: {version.assignments.count()} assignments"
            )

    groningen = ctx.municipalities["GM0014"]
    coach = ctx.users.get("coach-groningen")
    person = (
        Participant.objects.in_service()
        .filter(municipality=groningen, coach=coach)
        .order_by("pk")
        .first()
    )
    if person is not None and coach is not None:
        services.request_replan(
            person,
            coach,
            "Graag minder uren op maandag: liever pas om 12 uur beginnen.",
        )
    return "; ".join(made)

"""Helpers for the UWV, Praktijkleren and pilot tests: enrolments made with the ORM."""

import datetime

from basisbaan.accounts.models import User
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import Municipality
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import Enrolment, Route, StepProgress
from tests.conftest import WORLD_TODAY


def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def route_of(kind, municipality=None):
    programme = route_rules.werkprogramma_of(municipality or groningen())
    route_rules.ensure_default_routes(programme)
    return Route.objects.get(programme=programme, kind=kind)


def enrol(kind, coach="coach-groningen", municipality=None, person=None):
    """An active enrolment in the route of ``kind`` for a person of the coach's caseload
    who is not in that route yet."""
    municipality = municipality or groningen()
    route = route_of(kind, municipality)
    user = User.objects.get(username=coach)
    if person is None:
        taken = Enrolment.objects.filter(route=route).values("participant_id")
        person = (
            Participant.objects.filter(municipality=municipality, coach=user)
            .exclude(pk__in=taken)
            .order_by("pk")
            .first()
        )
    enrolled = WORLD_TODAY - datetime.timedelta(days=60)
    enrolment = Enrolment.objects.create(
        participant=person, route=route, coach=user, enrolled_on=enrolled
    )
    StepProgress.objects.bulk_create(
        StepProgress(
            enrolment=enrolment,
            step=step,
            due_on=enrolled + datetime.timedelta(days=step.due_days),
        )
        for step in route.steps.all()
    )
    return enrolment

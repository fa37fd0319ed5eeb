"""Access rules of the Werkprogramma pages.

Object pages use an enrolment of coach-groningen in Groningen's Werkprogramma (its
participant in coach-groningen's caseload), so planner-assen and coach-assen prove the
404 and roles without ``werkprogramma.enrol`` never reach it. An upload of the UWV list
is Groningen's (the demo's run), seen only with ``werkprogramma.import_uwv`` there.
"""

from tests.access.rules import EVERYONE, Rule

VIEW = {
    "admin",
    "planner-groningen",
    "planner-assen",
    "coach-groningen",
    "coach-assen",
    "financien-groningen",
    "financien-assen",
}
ENROL = {"admin", "planner-groningen", "planner-assen", "coach-groningen", "coach-assen"}
ENROL_GRONINGEN = {"admin", "planner-groningen", "coach-groningen"}
PROGRAMME = {"admin", "planner-groningen", "planner-assen"}
PROGRAMME_GRONINGEN = {"admin", "planner-groningen"}


def coach_enrolment():
    from basisbaan.werkprogramma.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(
            participant__municipality__cbs_code="GM0014",
            coach__username="coach-groningen",
            participant__coach__username="coach-groningen",
        )
        .order_by("pk")
        .first()
    )
    return {"pk": enrolment.pk}


def coach_participant():
    from basisbaan.werkprogramma.models import Enrolment

    enrolment = Enrolment.objects.get(pk=coach_enrolment()["pk"])
    return {"participant_pk": enrolment.participant_id}


RULES = [
    Rule("werkprogramma:overview", VIEW),
    Rule("werkprogramma:worklist", ENROL),
    Rule("werkprogramma:enrol_search", ENROL, query="?q=a"),
    Rule("werkprogramma:enrol", ENROL_GRONINGEN, kwargs=coach_participant, denied=404),
    Rule("werkprogramma:enrolment", ENROL_GRONINGEN, kwargs=coach_enrolment, denied=404),
    Rule("werkprogramma:routes", PROGRAMME),
    # UWV, Praktijkleren, pilot
    Rule("werkprogramma:uwv_import", PROGRAMME),
    Rule("werkprogramma:uwv_run", PROGRAMME_GRONINGEN, kwargs=lambda: _uwv_run(), denied=404),
    Rule("werkprogramma:prevention", ENROL),
    Rule(
        "werkprogramma:prevention_result",
        ENROL_GRONINGEN,
        kwargs=lambda: _route_enrolment("prevention"),
        denied=404,
    ),
    Rule(
        "werkprogramma:praktijkleren",
        ENROL_GRONINGEN,
        kwargs=lambda: _route_enrolment("praktijkleren"),
        denied=404,
    ),
    Rule(
        "werkprogramma:verklaring_pdf",
        ENROL_GRONINGEN,
        kwargs=lambda: _route_enrolment("praktijkleren", issued=True),
        denied=404,
    ),
    Rule("werkprogramma:verklaringen", ENROL),
    Rule(
        "werkprogramma:verify",
        EVERYONE,
        anonymous=200,
        note="public: an employer checks a code",
    ),
    Rule(
        "werkprogramma:placement",
        ENROL_GRONINGEN,
        kwargs=lambda: _route_enrolment("status_holders"),
        denied=404,
    ),
    Rule("werkprogramma:pilot", VIEW),
]


def _uwv_run():
    """A Groningen upload of the UWV list: the demo's, or one made here."""
    from basisbaan.participants.models import ImportRun
    from basisbaan.tenants.models import Municipality

    run = (
        ImportRun.objects.filter(kind=ImportRun.Kind.UWV, municipality__cbs_code="GM0014")
        .order_by("pk")
        .first()
    )
    if run is None:
        run = ImportRun.objects.create(
            municipality=Municipality.objects.get(cbs_code="GM0014"),
            kind=ImportRun.Kind.UWV,
            filename="matrix-uwv.csv",
            state=ImportRun.State.DONE,
            summary={"created": 0, "updated": 0, "unchanged": 0, "applied": True},
        )
    return {"pk": run.pk}


def _route_enrolment(kind: str, issued: bool = False):
    """An enrolment of coach-groningen (their caseload) in Groningen's route of ``kind``:
    the demo's, or one made here (the matrix test runs in a transaction)."""
    import datetime

    from basisbaan.accounts.models import User
    from basisbaan.core import calendar
    from basisbaan.participants.models import Participant
    from basisbaan.werkprogramma import routes as route_rules
    from basisbaan.werkprogramma.models import Enrolment, Praktijkleren, Route

    found = Enrolment.objects.filter(
        participant__municipality__cbs_code="GM0014",
        route__kind=kind,
        coach__username="coach-groningen",
        participant__coach__username="coach-groningen",
    )
    if issued:
        found = found.filter(praktijkleren__issued_on__isnull=False)
    enrolment = found.order_by("pk").first()
    if enrolment is None:
        coach = User.objects.get(username="coach-groningen")
        person = (
            Participant.objects.filter(municipality__cbs_code="GM0014", coach=coach)
            .exclude(enrolments__route__kind=kind, enrolments__status="active")
            .order_by("pk")
            .first()
        )
        programme = route_rules.werkprogramma_of(person.municipality)
        route_rules.ensure_default_routes(programme)
        route = Route.objects.get(programme=programme, kind=kind)
        today = calendar.today()
        enrolment = Enrolment.objects.create(
            participant=person, route=route, coach=coach, enrolled_on=today
        )
        if issued:
            Praktijkleren.objects.create(
                enrolment=enrolment,
                company="Bakkerij De Korenschoof",
                company_registration="203456",
                work_process="Baking bread",
                competences=["Works safely and hygienically"],
                supervisor="J. de Vries",
                started_on=today - datetime.timedelta(days=100),
                completed_on=today,
                coach_signed_on=today,
                coach_signed_by=coach,
                supervisor_signed_on=today,
                issued_on=today,
                verification_code="ACDEFGHJKM",
            )
    return {"pk": enrolment.pk}

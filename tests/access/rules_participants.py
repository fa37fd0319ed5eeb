"""Authorization rules for the participants app.

Object pages use the demo participant of ``deelnemer-groningen`` (in service, coach
coach-groningen, guidance organisation of begeleider-groningen), so a coach and the
guidance organisation see it and planner-assen proves the 404. Guidance staff, finance
and researchers never reach scan, screening or health pages (404).
"""

from basisbaan.participants.models import ImportRun, Participant
from basisbaan.tenants.models import Municipality
from tests.access.rules import Rule

PROGRAMME = {"admin", "planner-groningen", "planner-assen"}
PROGRAMME_GRONINGEN = {"admin", "planner-groningen"}
STAFF_VIEW = {
    "admin",
    "planner-groningen",
    "planner-assen",
    "coach-groningen",
    "coach-assen",
    "begeleider-groningen",
    "financien-groningen",
    "financien-assen",
}
COACHES_AND_PLANNERS = {
    "admin",
    "planner-groningen",
    "planner-assen",
    "coach-groningen",
    "coach-assen",
}
# The demo participant's file: who may open which tab.
FILE_VIEW = {
    "admin",
    "planner-groningen",
    "coach-groningen",
    "begeleider-groningen",
    "financien-groningen",
}
FILE_INCOME = {"admin", "planner-groningen", "coach-groningen", "financien-groningen"}
FILE_SCAN = {"admin", "planner-groningen", "coach-groningen"}
FILE_EDIT = {"admin", "planner-groningen", "coach-groningen"}


def groningen_follow_up():
    from basisbaan.participants.models import FollowUp

    follow_up = FollowUp.objects.filter(participant__municipality__cbs_code="GM0014").first()
    return {"pk": follow_up.pk}


PARTNER = {"partner-assen"}
PROGRAMME_ASSEN = {"admin", "planner-assen"}


def open_vaart_referral():
    from basisbaan.participants.models import Referral

    referral = Referral.objects.filter(
        organisation__name="Vaart Welzijn", status=Referral.Status.SUBMITTED
    ).first()
    return {"pk": referral.pk}


def demo_participant():
    return {"pk": Participant.objects.get(user__username="deelnemer-groningen").pk}


def demo_screening():
    participant = Participant.objects.get(user__username="deelnemer-groningen")
    return {"pk": participant.pk, "screening": participant.screenings.first().pk}


def _demo_request(kind: str) -> dict:
    import datetime

    from basisbaan.participants.models import DataSubjectRequest

    participant = Participant.objects.get(user__username="deelnemer-groningen")
    request, _ = DataSubjectRequest.objects.get_or_create(
        participant=participant,
        kind=kind,
        description="matrix",
        defaults={
            "municipality": participant.municipality,
            "received_on": datetime.date(2026, 1, 5),
        },
    )
    return {"pk": participant.pk, "nr": request.pk}


def demo_access_request():
    return _demo_request("access")


def demo_export():
    return {**_demo_request("access"), "fmt": "pdf"}


def demo_rectification_request():
    return _demo_request("rectification")


def demo_erasure_request():
    return _demo_request("erasure")


def groningen_import():
    run, _ = ImportRun.objects.get_or_create(
        municipality=Municipality.objects.get(cbs_code="GM0014"),
        kind=ImportRun.Kind.TARGET_GROUP,  # the UWV list's runs have their own pages
        filename="matrix.csv",
        defaults={"state": ImportRun.State.DONE, "summary": {"summary": "created 0"}},
    )
    return {"pk": run.pk}


RULES = [
    Rule("participants:list", STAFF_VIEW),
    Rule("participants:my_details", {"deelnemer-groningen"}),
    Rule("participants:waiting_list", COACHES_AND_PLANNERS),
    Rule("participants:caseloads", PROGRAMME),
    Rule("participants:follow_ups", COACHES_AND_PLANNERS),
    Rule(
        "participants:follow_up",
        PROGRAMME_GRONINGEN,
        kwargs=groningen_follow_up,
        denied=404,
        note="people who left have no coach in the demo: the programme staff follow up",
    ),
    Rule("participants:import", PROGRAMME),
    Rule("participants:import_detail", PROGRAMME_GRONINGEN, kwargs=groningen_import, denied=404),
    Rule("participants:mapping", PROGRAMME),
    Rule("participants:rules", PROGRAMME),
    Rule("participants:detail", FILE_VIEW, kwargs=demo_participant, denied=404),
    Rule("participants:profile_edit", FILE_EDIT, kwargs=demo_participant, denied=404),
    Rule("participants:transition", FILE_EDIT, kwargs=demo_participant, denied=404),
    Rule("participants:assign", PROGRAMME_GRONINGEN, kwargs=demo_participant, denied=404),
    Rule("participants:priority", PROGRAMME_GRONINGEN, kwargs=demo_participant, denied=404),
    Rule("participants:screening", FILE_SCAN, kwargs=demo_participant, denied=404),
    Rule(
        "participants:screen",
        FILE_SCAN,
        kwargs=demo_participant,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "participants:override",
        PROGRAMME_GRONINGEN,
        kwargs=demo_screening,
        denied=404,
    ),
    Rule("participants:scan", FILE_SCAN, kwargs=demo_participant, denied=404),
    Rule("participants:scan_new", FILE_SCAN, kwargs=demo_participant, denied=404),
    Rule("participants:contract", FILE_INCOME, kwargs=demo_participant, denied=404),
    Rule("participants:contract_new", PROGRAMME_GRONINGEN, kwargs=demo_participant, denied=404),
    Rule("participants:timeline", FILE_SCAN, kwargs=demo_participant, denied=404),
    # Data-subject requests: only the programme staff who handle them.
    Rule("participants:subject_register", PROGRAMME),
    Rule(
        "participants:subject_requests",
        PROGRAMME_GRONINGEN,
        kwargs=demo_participant,
        denied=404,
    ),
    Rule(
        "participants:subject_request",
        PROGRAMME_GRONINGEN,
        kwargs=demo_access_request,
        denied=404,
    ),
    Rule("participants:subject_export", PROGRAMME_GRONINGEN, kwargs=demo_export, denied=404),
    Rule(
        "participants:subject_rectify",
        PROGRAMME_GRONINGEN,
        kwargs=demo_rectification_request,
        denied=404,
    ),
    Rule(
        "participants:subject_erase",
        PROGRAMME_GRONINGEN,
        kwargs=demo_erasure_request,
        denied=404,
    ),
]

# API: work-related fields only; same scoping as the screens.
RULES += [
    Rule("participant-list", STAFF_VIEW, anonymous=403),
    Rule(
        "participant-detail",
        FILE_VIEW,
        kwargs=demo_participant,
        denied=404,
        anonymous=403,
    ),
    # Referrals by partners: the partner (partner-assen, Vaart Welzijn) refers and follows
    # their own; Assen's programme staff decide. Everybody else: 403 / 404.
    Rule("participants:refer", PARTNER),
    Rule("participants:my_referrals", PARTNER),
    Rule(
        "participants:referral_withdraw",
        PARTNER,
        kwargs=open_vaart_referral,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("participants:referrals", PROGRAMME),
    Rule("participants:referral", PROGRAMME_ASSEN, kwargs=open_vaart_referral, denied=404),
    Rule(
        "participants:referral_intake",
        PROGRAMME_ASSEN,
        kwargs=open_vaart_referral,
        method="post",
        data=lambda: {
            "bsn": "111222333",
            "birth_date": "1980-05-04",
            "postcode": "9401 AB",
            "house_number": "12",
        },
        ok=302,
        denied=404,
    ),
    Rule(
        "participants:referral_decline",
        PROGRAMME_ASSEN,
        kwargs=open_vaart_referral,
        method="post",
        data=lambda: {"reason": "not_reached"},
        ok=302,
        denied=404,
    ),
]

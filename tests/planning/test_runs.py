"""Planning runs from the web: versions, pins and forbids, optimistic locking."""

from basisbaan.core import calendar
from basisbaan.planning.models import PlanningWeek, PlanRule, PlanVersion
from basisbaan_planner.model import parse_instance
from basisbaan_planner.score import score
from tests.planning.conftest import NEXT_WEEK


def _run(client, revision, thoroughness="quick"):
    return client.post(
        f"/planning/week/{calendar.week_label(NEXT_WEEK)}/plannen/",
        {"thoroughness": thoroughness, "revision": revision},
    )


def _pairs(version):
    return {(f"P{a.participant_id}", a.slot_key) for a in version.assignments.all()}


def test_planner_runs_the_coming_week_and_gets_a_valid_versioned_plan(login, groningen):
    client = login("planner-groningen")
    response = _run(client, 0)
    version = PlanVersion.objects.get(week__municipality=groningen, week__week_start=NEXT_WEEK)
    assert response.status_code == 302 and response.url == f"/planning/versie/{version.pk}/"
    assert version.status == PlanVersion.Status.READY and version.number == 1
    pairs = _pairs(version)
    assert pairs
    # The stored plan keeps every hard rule, and its cost is the scorer's.
    assert score(parse_instance(version.instance), sorted(pairs)).total == version.cost["total"]
    assert version.job.status == "done"
    page = client.get(f"/planning/versie/{version.pk}/")
    assert page.status_code == 200
    assert "Kosten van het plan" in page.text
    first = version.assignments.select_related("task").first()
    assert first.task.title in page.text or "pagina" in page.text.lower()
    assert first.reason_lines  # a plain-language reason for every assignment
    assert client.get(f"/planning/versie/{version.pk}/taken/").status_code == 200
    assert client.get(f"/planning/versie/{version.pk}/tekorten/").status_code == 200


def test_pins_and_forbids_are_respected_by_the_next_run(login, groningen):
    client = login("planner-groningen")
    _run(client, 0)
    week = PlanningWeek.objects.get(municipality=groningen, week_start=NEXT_WEEK)
    first = week.versions.get(number=1)
    assignments = list(first.assignments.order_by("participant_id", "slot_key"))
    pinned, forbidden = assignments[0], assignments[-1]
    # A pair the engine did not choose but that fits the person (skills, availability,
    # distance, hours): pin it too. Their other work that day may have to move for it.
    instance = parse_instance(first.instance)
    chosen = _pairs(first)
    extra = next(
        (
            (person.id, slot.id)
            for person in instance.participants
            if person.id != f"P{pinned.participant_id}"
            for slot in instance.slots.values()
            if (person.id, slot.id) not in chosen
            and slot.id not in (pinned.slot_key, forbidden.slot_key)
            and instance.fits(person, slot)
            and slot.hours <= min(person.max_hours_per_day, person.contract_hours)
        ),
        None,
    )
    assert extra is not None
    revision = week.revision
    for participant, slot, kind in (
        (pinned.participant_id, pinned.slot_key, "pin"),
        (forbidden.participant_id, forbidden.slot_key, "forbid"),
        (int(extra[0][1:]), extra[1], "pin"),
    ):
        response = client.post(
            f"/planning/versie/{first.pk}/vastzetten/",
            {"participant": participant, "slot": slot, "kind": kind, "revision": revision},
        )
        assert response.status_code == 302
        revision += 1
    assert week.rules.count() == 3
    response = client.post(
        f"/planning/versie/{first.pk}/opnieuw/", {"thoroughness": "quick", "revision": revision}
    )
    second = week.versions.get(number=2)
    assert response.url == f"/planning/versie/{second.pk}/"
    assert second.status == PlanVersion.Status.READY, second.error
    pairs = _pairs(second)
    assert (f"P{pinned.participant_id}", pinned.slot_key) in pairs
    assert extra in pairs
    assert (f"P{forbidden.participant_id}", forbidden.slot_key) not in pairs
    assert second.assignments.get(
        participant_id=pinned.participant_id, slot_key=pinned.slot_key
    ).reason["pinned"]
    page = client.get(f"/planning/versie/{second.pk}/").text
    assert "Vergeleken met" in page and f'href="/planning/versie/{first.pk}/"' in page


def test_a_stale_revision_is_refused_and_changes_nothing(login, groningen):
    client = login("planner-groningen")
    _run(client, 0)
    week = PlanningWeek.objects.get(municipality=groningen, week_start=NEXT_WEEK)
    version = week.versions.get()
    seen = week.revision  # both planners opened the page at this revision
    a = version.assignments.first()
    ok = client.post(
        f"/planning/versie/{version.pk}/vastzetten/",
        {"participant": a.participant_id, "slot": a.slot_key, "kind": "pin", "revision": seen},
    )
    assert ok.status_code == 302
    # The second planner still has the old revision: forbid and publish are refused.
    other = client.post(
        f"/planning/versie/{version.pk}/vastzetten/",
        {"participant": a.participant_id, "slot": a.slot_key, "kind": "forbid", "revision": seen},
        follow=True,
    )
    assert "iemand anders" in other.text.lower()
    assert week.rules.get().kind == PlanRule.Kind.PIN
    stale = client.post(
        f"/planning/versie/{version.pk}/publiceren/", {"revision": seen, "confirm": "yes"}
    )
    assert stale.status_code == 302
    week.refresh_from_db()
    assert week.published_id is None
    assert _run(client, seen).status_code == 302
    assert week.versions.count() == 1
    fresh = client.post(
        f"/planning/versie/{version.pk}/publiceren/", {"revision": week.revision, "confirm": "yes"}
    )
    assert fresh.status_code == 302
    week.refresh_from_db()
    assert week.published_id == version.pk


def test_bad_input_is_refused_with_a_message(login, groningen):
    client = login("planner-groningen")
    response = _run(client, 0, thoroughness="100000")
    assert not PlanVersion.objects.filter(week__week_start=NEXT_WEEK).exists()
    assert response.status_code == 302
    _run(client, 0)
    version = PlanVersion.objects.get(week__municipality=groningen, week__week_start=NEXT_WEEK)
    week = version.week
    for data in (
        {"participant": "x", "slot": "T1.mon.1", "kind": "pin"},
        {
            "participant": version.assignments.first().participant_id,
            "slot": "T999999.mon.1",
            "kind": "pin",
        },
        {
            "participant": version.assignments.first().participant_id,
            "slot": version.assignments.first().slot_key,
            "kind": "maybe",
        },
    ):
        client.post(
            f"/planning/versie/{version.pk}/vastzetten/", {**data, "revision": week.revision}
        )
    week.refresh_from_db()
    assert week.rules.count() == 0
    assert client.get("/planning/week/not-a-week/").status_code == 404


def test_another_municipalitys_planner_cannot_touch_the_version(login, groningen):
    login("planner-groningen")
    client = login("planner-groningen")
    _run(client, 0)
    version = PlanVersion.objects.get(week__municipality=groningen, week__week_start=NEXT_WEEK)
    other = login("planner-assen")
    a = version.assignments.first()
    response = other.post(
        f"/planning/versie/{version.pk}/vastzetten/",
        {"participant": a.participant_id, "slot": a.slot_key, "kind": "pin", "revision": 1},
    )
    assert response.status_code == 404
    assert not version.week.rules.exists()


def test_weights_are_edited_per_municipality_and_used_by_the_export(login, groningen):
    from basisbaan.planning import export
    from basisbaan.planning.models import PlanningWeights

    assert export.export_week(groningen, NEXT_WEEK).data["weights"] == {
        "shortfall_hour": 100.0,
        "uncovered_hour": 10.0,
        "wish_miss_hour": 4.0,
        "travel_km": 1.0,
        "change_hour": 8.0,
        "extra_task": 3.0,
    }
    client = login("planner-groningen")
    values = {
        "shortfall_hour": 120,
        "uncovered_hour": 10,
        "wish_miss_hour": 4,
        "travel_km": 2,
        "change_hour": 8,
        "extra_task": 3,
        "version": 0,  # as read from the page: not set yet
    }
    refused = client.post("/planning/gewichten/", {**values, "travel_km": -1})
    assert refused.status_code == 200
    assert not PlanningWeights.objects.filter(municipality=groningen).exists()
    assert client.post("/planning/gewichten/", values).status_code == 302
    weights = export.export_week(groningen, NEXT_WEEK).data["weights"]
    assert weights["shortfall_hour"] == 120 and weights["travel_km"] == 2
    assen = export.export_week(groningen.__class__.objects.get(cbs_code="GM0106"), NEXT_WEEK)
    assert assen.data["weights"]["travel_km"] == 1.0


def test_an_impossible_pin_fails_the_run_with_a_reason_and_can_be_released(login, groningen):
    from basisbaan.participants.models import Participant

    client = login("planner-groningen")
    _run(client, 0)
    week = PlanningWeek.objects.get(municipality=groningen, week_start=NEXT_WEEK)
    first = week.versions.get()
    a = first.assignments.first()
    client.post(
        f"/planning/versie/{first.pk}/vastzetten/",
        {"participant": a.participant_id, "slot": a.slot_key, "kind": "pin", "revision": 1},
    )
    # The participant is no longer available at all: the pin cannot be kept.
    Participant.objects.filter(pk=a.participant_id).update(availability={})
    _run(client, 2)
    failed = week.versions.get(number=2)
    assert failed.status == PlanVersion.Status.FAILED
    assert "is niet beschikbaar op die tijd" in failed.error
    assert a.participant.display_name in failed.error and a.task.title in failed.error
    page = client.get(f"/planning/versie/{failed.pk}/")
    assert "Deze planning is mislukt." in page.text and "Vrijgeven" in page.text
    week.refresh_from_db()
    client.post(
        f"/planning/versie/{failed.pk}/vastzetten/",
        {
            "participant": a.participant_id,
            "slot": a.slot_key,
            "kind": "clear",
            "revision": week.revision,
        },
    )
    assert not week.rules.exists()
    week.refresh_from_db()
    client.post(
        f"/planning/versie/{failed.pk}/opnieuw/",
        {"thoroughness": "quick", "revision": week.revision},
    )
    third = week.versions.get(number=3)
    assert third.status == PlanVersion.Status.READY
    assert not third.assignments.filter(participant_id=a.participant_id).exists()

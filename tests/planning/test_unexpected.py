"""The unexpected: absences in a published week, replacements, and the gap analysis."""

import datetime

from basisbaan.core import calendar
from basisbaan.planning import gaps, services, unexpected
from basisbaan.planning.models import PlanVersion, Replacement


def _report_sick(assignment):
    from basisbaan.guidance.models import SicknessCase

    return SicknessCase.objects.create(
        participant=assignment.participant,
        first_sick_day=assignment.date,
        extent=SicknessCase.Extent.FULL,
        recovered_on=assignment.date + datetime.timedelta(days=1),
    )


def _replaceable(version, absent=frozenset()):
    """An assignment another participant could take over (the slot fits them), who is not
    ``absent`` (participant ids reported absent already). The taker's own work that stands
    in the way (at that time, or too many hours that day or week) is taken out of the
    published plan: the test world is small, and a full week is not what is tested."""
    from basisbaan_planner.model import parse_instance

    instance = parse_instance(version.instance)
    rows = list(version.assignments.order_by("date", "start", "pk"))
    pairs = {(f"P{a.participant_id}", a.slot_key) for a in rows}
    for row in rows:
        slot = instance.slots[row.slot_key]
        for other in instance.participants:
            if other.id == f"P{row.participant_id}" or (other.id, slot.id) in pairs:
                continue
            if int(other.id[1:]) in absent or not instance.fits(other, slot):
                continue
            if slot.hours > min(other.contract_hours, other.max_hours_per_day):
                continue
            mine = [a for a in rows if f"P{a.participant_id}" == other.id]

            def blocks(a, kept):
                s = instance.slots[a.slot_key]
                day = [instance.slots[k.slot_key] for k in kept if k.date == row.date]
                return (
                    (a.date == row.date and s.start < slot.end and slot.start < s.end)
                    or sum(instance.slots[k.slot_key].hours for k in kept) + slot.hours
                    > other.contract_hours
                    or (a.date == row.date and sum(d.hours for d in day) + slot.hours
                        > other.max_hours_per_day)
                )  # fmt: skip

            kept = list(mine)
            for a in mine:
                if blocks(a, kept):
                    kept.remove(a)
                    a.delete()
            return row
    raise AssertionError("the test world has no replaceable assignment")


def test_an_absence_opens_places_and_a_replacement_can_be_accepted(
    login, published_week, monkeypatch
):
    version = published_week.published
    # Accepting publishes through the same function as the planner's button.
    published = []
    make_published = services.make_published

    def spy(version, user, **kwargs):
        published.append(version.pk)
        return make_published(version, user, **kwargs)

    monkeypatch.setattr(services, "make_published", spy)
    # Someone whose place another participant could take (fits, free, hours left).
    already_absent = unexpected.affected_assignments(published_week)
    already = {a.pk for a in already_absent}
    row = _replaceable(version, {a.participant_id for a in already_absent})
    _report_sick(row)
    affected = unexpected.affected_assignments(published_week)
    assert row.pk in {a.pk for a in affected} and len(affected) > len(already)

    client = login("planner-groningen")
    # The planning page counts open places in this week and later (today: conftest).
    assert "open plaats" in client.get("/planning/").text
    page = client.get(
        f"/planning/week/{calendar.week_label(published_week.week_start)}/onverwacht/"
    )
    assert row.participant.display_name in page.text
    client.post(
        f"/planning/week/{calendar.week_label(published_week.week_start)}/vervangers-zoeken/",
        {"revision": published_week.revision},
    )
    suggestions = Replacement.objects.filter(week=published_week, status="open")
    assert suggestions.filter(absent=row.participant, slot_key=row.slot_key).exists()
    # Nobody is suggested who already works at that time.
    for suggestion in suggestions.exclude(suggested=None):
        clash = version.assignments.filter(
            participant=suggestion.suggested,
            date=suggestion.date,
            start__lt=suggestion.end,
            end__gt=suggestion.start,
        )
        assert not clash.exists()
        assert suggestion.suggested_id != suggestion.absent_id
    chosen = suggestions.exclude(suggested=None).first()
    if chosen is None:
        raise AssertionError("no replacement found in the test world")
    published_week.refresh_from_db()
    response = client.post(
        f"/planning/vervanging/{chosen.pk}/accepteren/", {"revision": published_week.revision}
    )
    assert response.status_code == 302
    published_week.refresh_from_db()
    new = published_week.published
    assert new.origin == PlanVersion.Origin.REPLACEMENT and new.number > version.number
    assert published == [new.pk]
    assert new.number == max(published_week.versions.values_list("number", flat=True))
    assert new.assignments.filter(participant=chosen.suggested, slot_key=chosen.slot_key).exists()
    assert not new.assignments.filter(participant=row.participant, date=row.date).exists()
    # Everybody else keeps their work.
    others = version.assignments.exclude(participant_id__in=[a.participant_id for a in affected])
    kept = set(new.assignments.values_list("participant_id", "slot_key"))
    assert set(others.values_list("participant_id", "slot_key")) <= kept
    chosen.refresh_from_db()
    assert chosen.status == Replacement.Status.ACCEPTED


def test_a_stale_accept_is_refused(login, published_week):
    version = published_week.published
    row = version.assignments.first()
    replacement = Replacement.objects.create(
        week=published_week,
        absent=row.participant,
        suggested=version.assignments.exclude(participant=row.participant).first().participant,
        task=row.task,
        slot_key=row.slot_key,
        date=row.date,
        start=row.start,
        end=row.end,
    )
    client = login("planner-groningen")
    client.post(
        f"/planning/vervanging/{replacement.pk}/accepteren/",
        {"revision": published_week.revision - 1},
    )
    published_week.refresh_from_db()
    assert published_week.published_id == version.pk
    replacement.refresh_from_db()
    assert replacement.status == Replacement.Status.OPEN


def test_gap_analysis_adds_up_to_the_shortfall(published_week):
    version = published_week.published
    analysis = gaps.analyse(version)
    summary = services.week_summary(version)
    assert analysis.short_people == len(summary["short"])
    assert abs(analysis.short_hours - summary["short_hours"]) < 1e-6
    assert abs(sum(line.hours for line in analysis.categories) - analysis.short_hours) < 1e-6
    assert abs(sum(line.hours for line in analysis.neighbourhoods) - analysis.short_hours) < 1e-6
    assert sum(line.people for line in analysis.neighbourhoods) == analysis.short_people


def test_gap_analysis_names_the_main_obstacle_for_everyone_short(published_week):
    analysis = gaps.analyse(published_week.published)
    summary = services.week_summary(published_week.published)
    assert analysis.short_people and summary["open_places"], "the test world has both"
    assert sum(line.people for line in analysis.obstacles) == analysis.short_people
    assert {line.key for line in analysis.obstacles} <= {code for code, _l in gaps.OBSTACLES}


def test_gap_analysis_downloads_as_csv(login, published_week):
    client = login("planner-groningen")
    response = client.get(f"/planning/versie/{published_week.published_id}/tekorten/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("onderdeel;naam;")
    analysis = gaps.analyse(published_week.published)
    expected = (
        len(analysis.obstacles)
        + len(analysis.categories)
        + len(analysis.neighbourhoods)
        + len(analysis.windows)
    )
    assert len(lines) == 1 + expected
    assert (
        login("planner-assen")
        .get(f"/planning/versie/{published_week.published_id}/tekorten/?format=csv")
        .status_code
        == 404
    )


def test_replacements_only_fill_the_absentees_places(published_week):
    """A replacement is never spent on a place that was open before the absence: in the
    one-day problem every slot but the absentees' holds only those who work in it."""
    from basisbaan.core.vocabulary import WEEKDAYS

    version = published_week.published
    row = version.assignments.order_by("date", "start", "pk").first()
    day = WEEKDAYS[row.date.weekday()]
    data, pins = unexpected.day_instance(version, day, {row.participant_id}, {row.slot_key})
    held = {}
    for _pid, key in pins:
        held[key] = held.get(key, 0) + 1
    slots = {s["id"]: s for task in data["tasks"] for s in task["slots"]}
    original = {s["id"]: s for task in version.instance["tasks"] for s in task["slots"]}
    assert slots[row.slot_key]["people"] == original[row.slot_key]["people"]
    others = [key for key in slots if key != row.slot_key]
    assert others, "the day has other work"
    for key in others:
        assert slots[key]["people"] == held[key]

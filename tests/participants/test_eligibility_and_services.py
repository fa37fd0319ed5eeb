"""Eligibility rules as data, screening with override; contracts, signals, assignment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from basisbaan.accounts.models import User
from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.participants import demo_history, eligibility, services
from basisbaan.participants.models import EligibilityRule, EmploymentContract, Participant, Scan
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY


def outcome(results):
    return {r["rule"]: r["passed"] for r in results}


def test_screening_shows_every_rule_with_why(make_participant, with_scan, user):
    participant = make_participant()
    with_scan(participant)
    screening = eligibility.screen(participant, user("planner-groningen"))
    rules = participant.programme.eligibility_rules.filter(active=True).count()
    assert len(screening.results) == rules == 6
    assert all(r["passed"] for r in screening.results), screening.results
    assert screening.eligible and screening.outcome
    assert all(r["why"] for r in screening.results)
    assert AuditEntry.objects.filter(
        object_type="participants.screening", object_id=str(screening.pk)
    ).exists()


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        ({"birth_date": datetime.date(2002, 1, 1)}, "min_age"),
        ({"benefit_since": None}, "on_benefit"),
        ({"benefit_since": WORLD_TODAY - datetime.timedelta(days=200)}, "min_benefit_years"),
        ({"reintegration_route": True}, "no_reintegration_route"),
        ({"availability": {"mon": [["09:00", "13:00"]]}}, "min_available_hours"),
    ],
)
def test_each_rule_can_fail(make_participant, with_scan, change, failing):
    participant = make_participant(**change)
    with_scan(participant)
    results = outcome(eligibility.evaluate(participant, participant.programme))
    assert results[failing] is False
    assert sum(1 for passed in results.values() if not passed) == (
        2 if failing == "on_benefit" else 1  # no benefit date also fails the years rule
    )


def test_scan_rule_needs_the_advised_route(make_participant, with_scan):
    participant = make_participant()
    assert outcome(eligibility.evaluate(participant, participant.programme))["scan_advice"] is False
    with_scan(participant, Scan.Advice.PRAKTIJKLEREN)
    assert outcome(eligibility.evaluate(participant, participant.programme))["scan_advice"] is False


def test_fewer_hours_by_agreement_passes_the_hours_rule(make_participant):
    participant = make_participant(
        availability={"mon": [["09:00", "13:00"]]}, hours_agreement="Combines work with care."
    )
    results = outcome(eligibility.evaluate(participant, participant.programme))
    assert results["min_available_hours"] is True


def test_rules_are_data(make_participant, with_scan):
    # 26 today: too young for the default minimum age, old enough for 21.
    participant = make_participant(birth_date=calendar.add_years(WORLD_TODAY, -26))
    with_scan(participant)
    assert outcome(eligibility.evaluate(participant, participant.programme))["min_age"] is False
    EligibilityRule.objects.filter(programme=participant.programme, kind="min_age").update(
        value="21"
    )
    assert outcome(eligibility.evaluate(participant, participant.programme))["min_age"] is True
    EligibilityRule.objects.filter(programme=participant.programme, kind="min_age").update(
        active=False
    )
    assert "min_age" not in outcome(eligibility.evaluate(participant, participant.programme))


def test_override_needs_a_reason_and_is_audited(make_participant, user):
    participant = make_participant(birth_date=datetime.date(2002, 1, 1))
    planner = user("planner-groningen")
    screening = eligibility.screen(participant, planner)
    assert not screening.outcome
    with pytest.raises(ValueError):
        eligibility.override(screening, planner, True, "  ")
    eligibility.override(screening, planner, True, "Known to the WIJ-team; ready for work.")
    screening.refresh_from_db()
    assert screening.outcome and screening.overridden_by == planner
    entry = AuditEntry.objects.get(
        object_type="participants.screening", object_id=str(screening.pk), action="override"
    )
    assert entry.actor == planner


# --- contracts -------------------------------------------------------------------


def test_contract_wage_follows_the_minimum_wage(make_participant, user):
    participant = make_participant()
    contract = services.add_contract(
        participant,
        user("planner-groningen"),
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2026, 2, 28),
        hours_per_week=32,
        kind=EmploymentContract.Kind.TEMPORARY,
    )
    assert contract.employer == participant.programme.employer
    assert contract.wage_on(datetime.date(2025, 3, 1)).hourly == Decimal("14.06")
    # 32 h x 52/12 x 14.06 x 1.08 = 2105.63
    assert contract.wage_on(datetime.date(2025, 3, 1)).monthly_gross(32) == Decimal("2105.63")
    # Every change of the minimum wage raises the running contract from its date.
    assert contract.wage_on(datetime.date(2025, 6, 30)).hourly == Decimal("14.06")
    assert contract.wage_on(datetime.date(2025, 7, 1)).hourly == Decimal("14.40")
    assert contract.wage_on(datetime.date(2026, 1, 1)).hourly == Decimal("14.71")
    later = services.add_contract(
        participant,
        user("planner-groningen"),
        start_date=datetime.date(2026, 1, 1),
        end_date=None,
        hours_per_week=36,
        kind=EmploymentContract.Kind.PERMANENT,
    )
    assert later.wage_on(datetime.date(2026, 1, 1)).hourly == Decimal("14.71")
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2025, 12, 31)  # ended by the new one
    participant.refresh_from_db()
    assert participant.contract_hours == 36


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": datetime.date(2019, 1, 1), "end_date": datetime.date(2019, 12, 31)}, None),
        (
            {"start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2025, 1, 1)},
            "end_date",
        ),
        ({"start_date": datetime.date(2026, 1, 1), "end_date": None}, "end_date"),
    ],
)
def test_invalid_contracts_are_refused(make_participant, user, values, field):
    participant = make_participant()
    with pytest.raises(ValidationError) as error:
        services.add_contract(
            participant,
            user("planner-groningen"),
            hours_per_week=32,
            kind=EmploymentContract.Kind.TEMPORARY,
            **values,
        )
    if field:
        assert field in error.value.message_dict
    assert not participant.contracts.exists()


def test_signals_for_ending_contracts_and_the_three_year_point(make_participant, with_contract):
    today = datetime.date(2026, 11, 23)
    participant = make_participant("employed")
    with_contract(participant, start=datetime.date(2024, 3, 1), end=datetime.date(2024, 12, 31))
    with_contract(participant, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    kinds = {s.kind for s in services.contract_signals(participant, today)}
    assert kinds == {"contract_ending"}
    early = make_participant("employed")
    with_contract(early, start=datetime.date(2023, 12, 1), end=datetime.date(2027, 6, 30))
    assert {s.kind for s in services.contract_signals(early, today)} == {"three_years"}


# --- assignment and capacity -------------------------------------------------------


def test_suggestion_is_the_smallest_caseload(db):
    groningen = Municipality.objects.get(cbs_code="GM0014")
    coaches, organisations = services.caseloads(groningen)
    coach, organisation = services.suggestion(groningen)
    assert coach == coaches[0][0] and coaches[0][1] == min(n for _c, n in coaches)
    assert organisation == organisations[0][0]
    assert [c.username for c, _n in coaches if c.username == "coach-groningen"]


def test_assign_checks_the_municipality(make_participant, user):
    participant = make_participant()
    planner = user("planner-groningen")
    with pytest.raises(ValidationError):
        services.assign(participant, planner, coach=user("coach-assen"), guidance_organisation=None)
    assen_org = Municipality.objects.get(cbs_code="GM0106").organisations.filter(is_guidance=True)[
        0
    ]
    with pytest.raises(ValidationError):
        services.assign(
            participant, planner, coach=user("coach-groningen"), guidance_organisation=assen_org
        )
    services.assign(participant, planner, coach=user("coach-groningen"), guidance_organisation=None)
    participant.refresh_from_db()
    assert participant.coach.username == "coach-groningen"


def test_waiting_list_order_priority_first(make_participant):
    first = make_participant("waiting_list")
    second = make_participant("waiting_list", priority_reason="Task provider asked for this person")
    order = list(Participant.objects.filter(pk__in=[first.pk, second.pk]).waiting_list())
    assert order == [second, first]


def test_demo_world_shape(db):
    groningen = Participant.objects.filter(municipality__cbs_code="GM0014")
    # The small world's history (participants.demo_history) sets today's headcount.
    expected = round(demo_history.GRONINGEN_SMALL.target(WORLD_TODAY))
    assert groningen.in_service().count() == expected
    assert Participant.objects.filter(municipality__cbs_code="GM0106").in_service().count() == 7
    own = Participant.objects.get(user__username="deelnemer-groningen")
    begeleider = User.objects.get(username="begeleider-groningen")
    organisation = begeleider.role_assignments.get().organisation
    assert own.in_service and own.coach.username == "coach-groningen"
    assert own.guidance_organisation == organisation
    assert set(groningen.values_list("status", flat=True)) == {
        "referred",
        "screening",
        "intake",
        "waiting_list",
        "matching",
        "employed",
        "permanent",
        "exited",
        "long_term_sick",
    }
    for person in groningen.in_service():
        assert person.wishes and person.skills and person.availability and person.coach
        assert person.home_neighbourhood and person.current_contract(WORLD_TODAY)


def test_three_year_point_counts_from_the_first_move_to_employed(make_participant, with_contract):
    from django.utils import timezone

    from basisbaan.participants.models import StatusChange

    today = datetime.date(2026, 11, 23)
    participant = make_participant("employed")
    # Only this year's renewal is on record; the timeline knows the real start.
    with_contract(participant, start=datetime.date(2026, 2, 1), end=datetime.date(2027, 1, 31))
    StatusChange.objects.create(
        participant=participant,
        from_status="matching",
        to_status="employed",
        at=timezone.make_aware(datetime.datetime(2023, 12, 15, 9)),
    )
    assert services.employment_start(participant) == datetime.date(2023, 12, 15)
    assert "three_years" in {s.kind for s in services.contract_signals(participant, today)}
    listed = services.reaching_three_years(Participant.objects.all(), today)
    assert participant in listed


def test_a_new_programme_starts_from_the_published_rules(make_participant, user):
    from basisbaan.tenants.models import Programme

    programme = Programme.objects.create(
        municipality=Municipality.objects.get(cbs_code="GM0014"),
        name="Nieuw programma",
        start_date=datetime.date(2026, 1, 1),
    )
    participant = make_participant(programme=programme)
    screening = eligibility.screen(participant, user("planner-groningen"))
    assert [r["rule"] for r in screening.results] == [k for k, _v in eligibility.DEFAULT_RULES]

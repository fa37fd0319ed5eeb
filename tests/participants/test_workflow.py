"""The lifecycle transition table: every legal move, a sample of illegal ones, the extra
conditions, the timeline, and two concurrent transitions (PostgreSQL)."""

import datetime
import threading
import time

import pytest
from django.db import connection

from basisbaan.audit.models import AuditEntry
from basisbaan.participants import workflow
from basisbaan.participants.models import (
    EmploymentContract,
    ExitReason,
    Participant,
    Screening,
    StatusChange,
)
from basisbaan.participants.models import Status as S
from tests.conftest import WORLD_TODAY

LEGAL = [(source, target) for source, targets in workflow.TRANSITIONS.items() for target in targets]
ILLEGAL = [
    (S.REFERRED, S.EMPLOYED),
    (S.REFERRED, S.INTAKE),
    (S.SCREENING, S.MATCHING),
    (S.INTAKE, S.EMPLOYED),
    (S.WAITING_LIST, S.PERMANENT),
    (S.MATCHING, S.PERMANENT),
    (S.EMPLOYED, S.REFERRED),
    (S.PERMANENT, S.EMPLOYED),
    (S.EXITED, S.EMPLOYED),
    (S.EXITED, S.EXITED),
    (S.LONG_TERM_SICK, S.MATCHING),
]
FOLLOW_UP = WORLD_TODAY + datetime.timedelta(days=30)


def test_table_covers_every_status():
    assert set(workflow.TRANSITIONS) == set(S.values)
    assert all(set(targets) <= set(S.values) for targets in workflow.TRANSITIONS.values())


def _prepare(participant, target, with_contract):
    kwargs = {}
    if target == S.INTAKE:
        Screening.objects.create(
            participant=participant, programme=participant.programme, eligible=True, results=[]
        )
    if target == S.EMPLOYED:
        with_contract(participant)
    if target == S.PERMANENT:
        with_contract(participant, EmploymentContract.Kind.PERMANENT)
    if target == S.EXITED:
        kwargs = {"exit_reason": ExitReason.REGULAR_JOB, "follow_up_date": FOLLOW_UP}
    return kwargs


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_every_legal_transition(make_participant, user, with_contract, source, target):
    participant = make_participant(source)
    planner = user("planner-groningen")
    kwargs = _prepare(participant, target, with_contract)
    move = workflow.transition(participant.pk, target, planner, expected=source, **kwargs)
    participant.refresh_from_db()
    assert participant.status == target
    change = StatusChange.objects.get(participant=participant)
    assert (change.from_status, change.to_status, change.by) == (source, target, planner)
    assert move.change == change
    assert AuditEntry.objects.filter(
        object_type="participants.participant", object_id=str(participant.pk), action="update"
    ).exists()
    if target == S.EXITED:
        assert participant.exit_reason == ExitReason.REGULAR_JOB
        assert change.follow_up_date == FOLLOW_UP


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_illegal_transitions_are_refused_and_change_nothing(
    make_participant, user, with_contract, source, target
):
    participant = make_participant(source)
    kwargs = _prepare(participant, target, with_contract)
    with pytest.raises(workflow.TransitionError, match="not allowed"):
        workflow.transition(participant.pk, target, user("planner-groningen"), **kwargs)
    participant.refresh_from_db()
    assert participant.status == source
    assert not StatusChange.objects.filter(participant=participant).exists()


def test_exit_needs_a_reason_and_a_follow_up_date(make_participant, user):
    participant = make_participant(S.MATCHING)
    planner = user("planner-groningen")
    with pytest.raises(workflow.TransitionError, match="reason"):
        workflow.transition(participant.pk, S.EXITED, planner, follow_up_date=FOLLOW_UP)
    with pytest.raises(workflow.TransitionError, match="follow-up"):
        workflow.transition(participant.pk, S.EXITED, planner, exit_reason=ExitReason.MOVED)
    with pytest.raises(workflow.TransitionError, match="past"):
        workflow.transition(
            participant.pk,
            S.EXITED,
            planner,
            exit_reason=ExitReason.MOVED,
            follow_up_date=datetime.date(2020, 1, 1),
        )
    workflow.transition(participant.pk, S.EXITED, planner, exit_reason=ExitReason.DECEASED)
    participant.refresh_from_db()
    assert participant.status == S.EXITED


def test_intake_needs_an_eligible_screening_or_override(make_participant, user):
    participant = make_participant(S.SCREENING)
    planner = user("planner-groningen")
    with pytest.raises(workflow.TransitionError, match="screening"):
        workflow.transition(participant.pk, S.INTAKE, planner)
    screening = Screening.objects.create(
        participant=participant, programme=participant.programme, eligible=False, results=[]
    )
    with pytest.raises(workflow.TransitionError, match="screening"):
        workflow.transition(participant.pk, S.INTAKE, planner)
    screening.override_eligible = True
    screening.override_reason = "Fewer hours by agreement."
    screening.save()
    workflow.transition(participant.pk, S.INTAKE, planner)


def test_employment_needs_the_right_contract(make_participant, user, with_contract):
    participant = make_participant(S.MATCHING)
    planner = user("planner-groningen")
    with pytest.raises(workflow.TransitionError, match="contract"):
        workflow.transition(participant.pk, S.EMPLOYED, planner)
    with_contract(participant)
    workflow.transition(participant.pk, S.EMPLOYED, planner)
    with pytest.raises(workflow.TransitionError, match="temporary"):
        workflow.transition(participant.pk, S.PERMANENT, planner)


def test_a_stale_status_is_refused(make_participant, user):
    participant = make_participant(S.WAITING_LIST)
    planner = user("planner-groningen")
    workflow.transition(participant.pk, S.MATCHING, planner, expected=S.WAITING_LIST)
    with pytest.raises(workflow.TransitionError, match="meanwhile"):
        workflow.transition(
            participant.pk,
            S.EXITED,
            planner,
            expected=S.WAITING_LIST,
            exit_reason=ExitReason.OWN_CHOICE,
            follow_up_date=FOLLOW_UP,
        )
    assert StatusChange.objects.filter(participant=participant).count() == 1


def test_reentry_clears_the_exit(make_participant, user):
    participant = make_participant(S.EXITED, exit_reason=ExitReason.MOVED)
    workflow.transition(participant.pk, S.REFERRED, user("planner-groningen"))
    participant.refresh_from_db()
    assert (participant.status, participant.exit_reason) == (S.REFERRED, "")


# --- concurrency ----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_two_concurrent_transitions_cannot_both_win(monkeypatch):
    """Two requests move one participant at once: the row lock makes the second wait and
    then see the first's result, so exactly one wins. Runs in threads with their own
    (committing) connections; the participant is removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")

    slow_check = workflow._check_requirements

    def check_slowly(*args, **kwargs):
        time.sleep(0.4)  # hold the row lock long enough for the other request to queue
        return slow_check(*args, **kwargs)

    monkeypatch.setattr(workflow, "_check_requirements", check_slowly)
    created = {}

    def in_thread(func):
        def runner():
            try:
                func()
            finally:
                from django.db import connection as thread_connection

                thread_connection.close()

        thread = threading.Thread(target=runner)
        thread.start()
        return thread

    def setup():
        from basisbaan.tenants.models import Municipality

        created["pk"] = Participant.objects.create(
            municipality=Municipality.objects.get(cbs_code="GM0014"),
            bsn="100000034",
            initials="C.",
            surname="Gelijktijdig",
            birth_date=datetime.date(1980, 1, 1),
            postcode="9711 AB",
            house_number="1",
            status=S.MATCHING,
        ).pk

    in_thread(setup).join()
    results = {}
    barrier = threading.Barrier(2)

    def attempt(name, target, extra):
        def go():
            barrier.wait()
            try:
                workflow.transition(created["pk"], target, None, expected=S.MATCHING, **extra)
                results[name] = "won"
            except workflow.TransitionError:
                results[name] = "refused"

        return go

    try:
        threads = [
            in_thread(attempt("wait", S.WAITING_LIST, {})),
            in_thread(
                attempt(
                    "exit",
                    S.EXITED,
                    {"exit_reason": ExitReason.OWN_CHOICE, "follow_up_date": FOLLOW_UP},
                )
            ),
        ]
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results.values()) == ["refused", "won"]
        outcome = {}

        def read():
            p = Participant.objects.get(pk=created["pk"])
            outcome["status"] = p.status
            outcome["changes"] = list(p.status_changes.values_list("to_status", flat=True))

        in_thread(read).join()
        winner = S.WAITING_LIST if results["wait"] == "won" else S.EXITED
        assert outcome == {"status": winner, "changes": [winner]}
    finally:

        def cleanup():
            # Audit entries are append-only and stay; they name no personal data.
            Participant.objects.filter(pk=created.get("pk")).delete()

        in_thread(cleanup).join()

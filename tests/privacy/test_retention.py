"""The retention job per record type: what it anonymises or deletes, what it keeps and
why, dry runs, batches, audit entries, and the periods as dated rules."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.audit.models import AuditEntry
from basisbaan.communitytasks import expiry as task_expiry
from basisbaan.communitytasks.models import Submission, Task
from basisbaan.core import calendar
from basisbaan.guidance import expiry as guidance_expiry
from basisbaan.guidance.models import SicknessCase, WorkNote
from basisbaan.participants import expiry
from basisbaan.participants.models import Participant, Status, StatusChange
from basisbaan.privacy import registry, retention
from basisbaan.privacy.models import Anonymisation, RetentionRule, applicable
from basisbaan.tenants.models import Municipality, Programme
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

LONG_AGO = calendar.add_years(WORLD_TODAY, -6)


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


@pytest.fixture
def leaver(groningen):
    """People who left six years ago, with a note on their timeline."""
    made = []

    def make(bsn: str, **extra):
        person = Participant.objects.create(
            municipality=groningen,
            programme=Programme.objects.get(name="Basisbaan Groningen"),
            bsn=bsn,
            initials="Q.",
            first_name="Quirina",
            prefix="van",
            surname=f"Vertrokken{len(made)}",
            birth_date=datetime.date(1980, 11, 23),
            postcode="9712 CD",
            house_number="77b",
            phone="0612345678",
            email=f"quirina{len(made)}@example.org",
            benefit_since=datetime.date(2017, 3, 14),
            status=Status.EXITED,
            exit_reason="regular_job",
            status_changed_at=timezone.make_aware(
                datetime.datetime.combine(LONG_AGO, datetime.time(12))
            ),
        )
        StatusChange.objects.create(
            participant=person,
            from_status=Status.EMPLOYED,
            to_status=Status.EXITED,
            at=person.status_changed_at,
            exit_reason="regular_job",
            note="Quirina found work at the bakery",
        )
        made.append(person)
        return person

    return make


def cutoff() -> datetime.date:
    """A cutoff that lets six-year-old exits expire (exit + 12 months < cutoff)."""
    return calendar.add_years(WORLD_TODAY, -2)


def test_a_leaver_is_anonymised_and_keeps_what_the_figures_need(leaver, groningen):
    person = leaver("100000034")
    account = User.objects.create_user("quirina", email="quirina@example.org", first_name="Q")
    RoleAssignment.objects.create(user=account, role=Role.PARTICIPANT, municipality=groningen)
    Participant.objects.filter(pk=person.pk).update(user=account)

    done = expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)

    assert done.anonymised >= 1
    person.refresh_from_db()
    assert person.bsn == expiry.anonymous_bsn(person) and not person.bsn.isdigit()
    assert (person.first_name, person.initials, person.prefix) == ("", "", "")
    assert person.surname == person.pseudonym
    assert person.birth_date == datetime.date(1980, 7, 1)
    assert (person.postcode, person.house_number) == ("9712", "")
    assert (person.phone, person.email, person.user) == ("", "", None)
    assert person.benefit_since == datetime.date(2017, 3, 1)
    # The timeline's dates and reasons stay (the monitor counts them); the note goes.
    change = person.status_changes.get(to_status=Status.EXITED)
    assert change.note == "" and change.exit_reason == "regular_job"
    assert timezone.localdate(change.at) == LONG_AGO
    account.refresh_from_db()
    assert not account.is_active and account.email == "" and "quirina" not in account.username
    assert not account.has_usable_password()
    entries = AuditEntry.objects.filter(object_type="participants.participant", object_id=person.pk)
    assert entries.filter(action="update", purpose="retention: participant_file").count() == 1
    assert Anonymisation.objects.filter(object_id=person.pk, record_type="participant_file")

    # The next night leaves them alone: no second change, no second audit entry.
    again = expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)
    assert again.anonymised == 0
    assert entries.count() == 1


def test_a_staff_account_of_the_person_is_not_touched(leaver, groningen):
    person = leaver("100000034")
    account = User.objects.create_user("staff-and-participant", email="s@example.org")
    RoleAssignment.objects.create(user=account, role=Role.PARTICIPANT, municipality=groningen)
    RoleAssignment.objects.create(user=account, role=Role.COACH, municipality=groningen)
    Participant.objects.filter(pk=person.pk).update(user=account)
    expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)
    account.refresh_from_db()
    person.refresh_from_db()
    assert person.user is None and account.is_active and account.email == "s@example.org"


def test_an_open_sickness_case_holds_the_file(leaver, groningen):
    person = leaver("100000034")
    SicknessCase.objects.create(participant=person, first_sick_day=LONG_AGO, extent="full")
    done = expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)
    person.refresh_from_db()
    assert person.bsn == "100000034"
    assert done.reasons.get(guidance_expiry.OPEN_SICKNESS_CASE, 0) >= 1
    assert registry.held(groningen, [person.pk]) == {person.pk: guidance_expiry.OPEN_SICKNESS_CASE}


def test_someone_in_service_never_expires(leaver, groningen):
    person = leaver("100000034")
    Participant.objects.filter(pk=person.pk).update(status=Status.EMPLOYED)
    expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)
    person.refresh_from_db()
    assert person.bsn == "100000034"


def test_a_recent_leaver_is_kept(leaver, groningen):
    person = leaver("100000034")
    recent = calendar.add_years(WORLD_TODAY, -2) - datetime.timedelta(days=200)
    Participant.objects.filter(pk=person.pk).update(
        status_changed_at=timezone.make_aware(datetime.datetime.combine(recent, datetime.time()))
    )
    expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=50)
    person.refresh_from_db()
    assert person.bsn == "100000034"  # exit + 12 months lies after the cutoff


def test_a_dry_run_changes_nothing_and_counts_the_same(leaver, groningen):
    people = [leaver(bsn) for bsn in ("100000034", "100000046", "100000058")]
    today = calendar.add_years(WORLD_TODAY, 10)
    audit_before = AuditEntry.objects.count()
    snapshot = list(Participant.objects.order_by("pk").values())

    dry = retention.run(groningen, today, dry_run=True)

    assert list(Participant.objects.order_by("pk").values()) == snapshot
    assert AuditEntry.objects.count() == audit_before
    assert not Anonymisation.objects.exists()
    real = retention.run(groningen, today, dry_run=False, batch_size=2)
    counts = {o.code: (o.expired.anonymised, o.expired.deleted) for o in real}
    assert {o.code: (o.expired.anonymised, o.expired.deleted) for o in dry} == counts
    assert counts["participant_file"][0] >= len(people)


def test_batches_of_any_size_do_the_same(leaver, groningen):
    people = [leaver(bsn) for bsn in ("100000034", "100000046", "100000058")]
    ids = [p.pk for p in people]
    chunks = list(retention.batches(Participant.objects.filter(pk__in=ids), 2))
    assert chunks == [ids[:2], ids[2:]]
    done = expiry.expire_participant_files(groningen, cutoff(), dry_run=False, batch_size=1)
    assert done.anonymised >= 3
    assert Anonymisation.objects.filter(object_id__in=ids).count() == 3


def test_sickness_and_work_notes_are_deleted_after_their_period(leaver, groningen):
    person = leaver("100000034")
    ended = SicknessCase.objects.create(
        participant=person,
        first_sick_day=LONG_AGO,
        recovered_on=LONG_AGO + datetime.timedelta(days=10),
        extent="full",
    )
    note = WorkNote.objects.create(participant=person, date=LONG_AGO, text="late twice")
    guidance_expiry.expire_sickness(groningen, cutoff(), dry_run=False, batch_size=10)
    guidance_expiry.expire_work_notes(groningen, cutoff(), dry_run=False, batch_size=10)
    assert not SicknessCase.objects.filter(pk=ended.pk).exists()
    assert not WorkNote.objects.filter(pk=note.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="guidance.sicknesscase", object_id=ended.pk, action="delete"
    ).exists()


def test_submitters_contact_details_go_when_the_task_ended(groningen):
    task = Task.objects.filter(municipality=groningen, submission__isnull=False).first()
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.ENDED, start_date=LONG_AGO, end_date=LONG_AGO
    )
    task_expiry.expire_submitter_contacts(groningen, cutoff(), dry_run=False, batch_size=10)
    submission = Submission.objects.get(task=task)
    assert (submission.contact_name, submission.contact_email, submission.contact_phone) == (
        "",
        "",
        "",
    )
    assert Task.objects.filter(pk=task.pk).exists()


def test_unconfirmed_submissions_are_deleted(groningen):
    stale = Task.objects.filter(
        municipality=groningen,
        status=Task.Status.SUBMITTED,
        submission__email_verified_at__isnull=True,
    )
    assert stale.exists(), "the demo has unconfirmed submissions"
    done = task_expiry.expire_unconfirmed(
        groningen, WORLD_TODAY + datetime.timedelta(days=1), dry_run=False, batch_size=10
    )
    assert done.deleted >= 1 and not stale.exists()


def test_the_audit_trail_expires_but_research_downloads_have_their_own_period(groningen):
    old = AuditEntry.objects.filter(municipality=groningen).count()
    assert old
    later = WORLD_TODAY + datetime.timedelta(days=1)
    dry = retention.expire_audit_trail(groningen, later, dry_run=True, batch_size=100)
    assert AuditEntry.objects.filter(municipality=groningen).count() == old
    done = retention.expire_audit_trail(groningen, later, dry_run=False, batch_size=100)
    assert done.deleted == dry.deleted > 0
    left = AuditEntry.objects.filter(
        municipality=groningen, timestamp__lt=retention.day_start(later)
    )
    assert set(left.values_list("action", flat=True)) <= {"export"}


def test_payroll_lines_get_placeholders_after_the_fiscal_period(groningen):
    from basisbaan.guidance.models import PayrollLine

    lines = PayrollLine.objects.filter(export__municipality=groningen)
    assert lines.exists()
    later = calendar.add_years(WORLD_TODAY, 1)
    guidance_expiry.expire_payroll(groningen, later, dry_run=False, batch_size=100)
    assert not lines.exclude(name="-").exists()
    assert not lines.filter(bsn__regex=r"^[0-9]{9}$").exists()


def test_the_newest_rule_that_has_started_applies(groningen):
    record_type = registry.record_type("work_notes")
    assert applicable(groningen, record_type, WORLD_TODAY).rule is None
    assert applicable(groningen, record_type, WORLD_TODAY).days == record_type.default_days
    first = RetentionRule.objects.create(
        municipality=groningen,
        record_type="work_notes",
        days=100,
        legal_ground="a",
        valid_from=WORLD_TODAY,
    )
    RetentionRule.objects.create(
        municipality=groningen,
        record_type="work_notes",
        days=50,
        legal_ground="b",
        valid_from=WORLD_TODAY + datetime.timedelta(days=30),
    )
    assert applicable(groningen, record_type, WORLD_TODAY).rule == first
    assert applicable(groningen, record_type, WORLD_TODAY + datetime.timedelta(days=30)).days == 50
    assert applicable(Municipality.objects.get(cbs_code="GM0106"), record_type).rule is None


def test_every_record_type_is_registered():
    codes = {rt.code for rt in registry.record_types()}
    assert codes >= {
        "participant_file",
        "contracts",
        "import_sources",
        "sickness",
        "checkins_rounds",
        "work_notes",
        "payroll",
        "submitter_contacts",
        "unconfirmed_submissions",
        "audit_trail",
        "research_downloads",
    }
    for rt in registry.record_types():
        assert rt.default_days > 0 and rt.action in ("anonymise", "delete") and rt.legal_ground


def test_the_command_prints_a_table_and_its_dry_run_changes_nothing():
    out = io.StringIO()
    before = AuditEntry.objects.count()
    today = calendar.add_years(WORLD_TODAY, 10).isoformat()
    call_command(
        "apply_retention", "--dry-run", f"--today={today}", "--municipality=GM0014", stdout=out
    )
    text = out.getvalue()
    assert "(dry run)" in text and "participant_file" in text and "GM0014" in text
    assert "GM0106" not in text
    assert AuditEntry.objects.count() == before
    with pytest.raises(CommandError):
        call_command("apply_retention", "--today=someday", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("apply_retention", "--municipality=GM9999", stdout=io.StringIO())


def test_the_celery_task_runs_the_job(settings):
    from basisbaan.privacy.tasks import apply_retention

    assert settings.CELERY_BEAT_SCHEDULE["apply-retention"]["task"] == apply_retention.name
    assert isinstance(apply_retention(), int)

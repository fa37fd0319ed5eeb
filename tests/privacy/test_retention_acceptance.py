"""Acceptance: ten years after the demo's day the retention job has removed every
identifying detail of the people whose period expired (searched in every text column
of every table), and the monitor's historical figures did not move."""

import datetime
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from basisbaan.core import calendar
from basisbaan.evaluation import monitor, outcomes
from basisbaan.guidance.models import PayrollExport, PayrollLine, WorkNote
from basisbaan.participants import figures
from basisbaan.participants.models import Participant, Status
from basisbaan.privacy import retention
from basisbaan.privacy.models import Anonymisation, RetentionRule
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def history(municipality) -> dict:
    """The monitor's historical figures: headcounts at month ends, starts per year,
    exits by reason per year and the before-and-after table."""
    days = calendar.month_ends(datetime.date(2020, 1, 1), WORLD_TODAY)
    years = range(2020, WORLD_TODAY.year + 1)
    return {
        "headcounts": figures.headcounts(municipality, days),
        "started": [
            figures.started_in(municipality, datetime.date(y, 1, 1), datetime.date(y, 12, 31))
            for y in years
        ],
        "exits": [
            monitor.exits_by_reason(
                monitor._exits_from_service(
                    municipality, datetime.date(y, 1, 1), datetime.date(y, 12, 31)
                )
            )
            for y in years
        ],
        "before_after": repr(outcomes.before_and_after(municipality)),
    }


def identities() -> dict[int, dict]:
    """What identifies each participant, as the world made them."""
    return {
        p.pk: {
            "bsn": p.bsn,
            "names": {p.display_name, p.formal_name},
            "address": (p.postcode, p.house_number),
            "phone": p.phone,
            "email": p.email,
        }
        for p in Participant.objects.all()
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def every_row_text():
    """(table, row text) for every row of every table, its text columns joined."""
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            yield model._meta.db_table, " | ".join(_text(v) for v in row).lower()


def needles(people: dict[int, dict], others: dict[int, dict]) -> list[tuple[int, str, list]]:
    """Per expired person the strings that identify them; a string that also belongs to
    someone still on file is left out (another person's equal name is not a leak)."""
    taken = set()
    for other in others.values():
        taken |= {other["bsn"], other["phone"], other["email"], *other["names"]}
    result = []
    for pk, person in people.items():
        for value in (person["bsn"], person["phone"], person["email"], *person["names"]):
            if value and len(value) >= 5 and value not in taken:
                result.append((pk, value.lower(), []))
        postcode, number = person["address"]
        if postcode and number:
            result.append((pk, postcode.lower(), [number.lower()]))
    return result


def plant_details(person: Participant) -> None:
    """Copies of one person's details elsewhere: a status note, a work note, a payroll
    line as exported (the world's people who left have little beyond their file)."""
    person.status_changes.update(note=f"spoke with {person.display_name}, {person.phone}")
    WorkNote.objects.create(
        participant=person, date=datetime.date(2021, 3, 1), text=f"mail {person.email}"
    )
    export = PayrollExport.objects.create(
        municipality=person.municipality, month=datetime.date(2019, 1, 1)
    )
    zero = Decimal("0")
    PayrollLine.objects.create(
        export=export,
        participant=person,
        period=export.month,
        kind=PayrollLine.Kind.REGULAR,
        bsn=person.bsn,
        name=person.formal_name,
        contracted=zero,
        worked=zero,
        sick=zero,
        leave=zero,
        holiday=zero,
        other=zero,
    )


def search(wanted) -> list[tuple[str, int, str]]:
    found = []
    for table, text in every_row_text():
        columns = text.split(" | ")
        for pk, needle, also in wanted:
            if needle in text and all(a in columns for a in also):
                found.append((table, pk, needle))
    return found


def test_ten_years_on_no_expired_person_is_left_and_the_figures_hold():
    today = calendar.add_years(WORLD_TODAY, 10)
    municipalities = list(Municipality.objects.order_by("cbs_code"))
    before = {m.pk: history(m) for m in municipalities}
    original = identities()
    exited = set(Participant.objects.filter(status=Status.EXITED).values_list("pk", flat=True))
    assert exited, "the demo world has people who left"
    # A period of one year for the file (the rest keep their defaults, all shorter
    # than ten years): everyone who left before the demo's day has expired.
    for m in municipalities:
        RetentionRule.objects.create(
            municipality=m,
            record_type="participant_file",
            days=365,
            legal_ground="test",
            valid_from=WORLD_TODAY,
        )

    plant_details(Participant.objects.filter(pk__in=exited).order_by("pk").first())
    original = identities()
    # The search works: before the job it finds every exited person's details.
    before_job = search(needles({pk: original[pk] for pk in exited}, {}))
    assert {pk for _t, pk, _n in before_job} == exited
    assert {t for t, _pk, _n in before_job} >= {
        "participants_participant",
        "participants_statuschange",
        "guidance_payrollline",
        "guidance_worknote",
    }

    outcomes_ = retention.run_all(today)

    anonymised = set(
        Anonymisation.objects.filter(record_type="participant_file").values_list(
            "object_id", flat=True
        )
    )
    kept = sum(o.expired.kept for o in outcomes_ if o.code == "participant_file")
    assert anonymised and anonymised <= exited
    assert len(anonymised) + kept == len(exited)

    expired = {pk: original[pk] for pk in anonymised}
    others = {pk: v for pk, v in original.items() if pk not in anonymised}
    wanted = needles(expired, others)
    assert len(wanted) >= 4 * len(expired)
    found = search(wanted)
    assert not found, found[:20]

    after = {m.pk: history(m) for m in municipalities}
    for m in municipalities:
        assert after[m.pk] == before[m.pk], m.name

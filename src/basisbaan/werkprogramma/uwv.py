"""The UWV list for the prevention route (WW → bijstand): people whose WW ends within
six months, with their WW end date.

    parsed = parse(data, today=today)
    outcome = apply(parsed, municipality, user, dry_run=True)   # what would happen
    outcome = apply(parsed, municipality, user)                 # do it

The pages keep each upload as a ``participants.ImportRun`` of kind ``uwv``: the upload
stores the dry run (``preview_of``), the background job ``werkprogramma.uwv_import``
(``werkprogramma/jobs.py``) checks the file again and applies it, keeping the
outcome (``summary_of``). ``import_file`` does both at once, synchronously (the demo).

Columns (header row; ``;``, ``,`` or tab; UTF-8 with or without BOM): ``bsn``,
``voorletters`` (initials or first name), ``tussenvoegsel``, ``achternaam``,
``geboortedatum``, ``postcode``, ``huisnummer``, ``telefoon``, ``email``, ``einddatum_ww``
(dates ``DD-MM-YYYY`` or ``YYYY-MM-DD``). Every line is checked like the target-group
import (BSN elfproef, names, postcode, ...) and the WW end date lies between today and
six months ahead; a BSN twice in the file is an error. With any bad line the whole file
is rejected and nothing changes. A good line creates or updates the person's file (a
new person is REFERRED in the Werkprogramma; a known person keeps status and programme)
and enrols them in the prevention route with the WW end date, or updates the WW end
date of their active enrolment. Running the same file again creates nothing.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants import importer
from basisbaan.participants.models import Participant, Status, StatusChange, new_pseudonym
from basisbaan.tenants.models import Municipality
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import Enrolment, Route, StepProgress

COLUMNS = {
    "bsn": "bsn",
    "initials": "voorletters",
    "prefix": "tussenvoegsel",
    "surname": "achternaam",
    "birth_date": "geboortedatum",
    "postcode": "postcode",
    "house_number": "huisnummer",
    "phone": "telefoon",
    "email": "email",
    "ww_end_date": "einddatum_ww",
}
REQUIRED = ("bsn", "initials", "surname", "birth_date", "postcode", "house_number", "ww_end_date")
PERSON_FIELDS = ("initials", "prefix", "surname", "birth_date", "postcode", "house_number")
CONTACT_FIELDS = ("phone", "email")
MAX_BYTES = 2 * 1024 * 1024
MAX_LISTED_ERRORS = 500  # reasons a run keeps; the rest are counted
PURPOSE = "UWV import (WW to bijstand prevention)"


@dataclass
class Parsed:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    file_error: str = ""


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False
    dry_run: bool = False
    errors: list[str] = field(default_factory=list)
    file_error: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line, what happens)

    @property
    def rejected(self) -> bool:
        return bool(self.file_error or self.errors)

    def summary_line(self) -> str:
        return _("created %(created)s, updated %(updated)s, unchanged %(unchanged)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _line_error(line: int, reason: str) -> str:
    return _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}


def _check_ww_end(text: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    if not text:
        return None, _("the WW end date (%(column)s) is empty") % {"column": "einddatum_ww"}
    try:
        end = importer.parse_date(text)
    except ValueError as exc:
        return None, _("the WW end date is not valid: %(reason)s") % {"reason": exc}
    if end < today:
        return None, _("the WW end date %(date)s lies in the past") % {
            "date": end.strftime("%d-%m-%Y")
        }
    if end > calendar.months_after(today, 6):
        return None, _("the WW end date %(date)s lies more than six months ahead") % {
            "date": end.strftime("%d-%m-%Y")
        }
    return end, ""


def parse(data: bytes, today: datetime.date | None = None) -> Parsed:
    """Read and check every line; nothing touches the database."""
    today = today or calendar.today()
    parsed = Parsed()
    if len(data) > MAX_BYTES:
        parsed.file_error = _("The file is larger than 2 MB.")
        return parsed
    try:
        text = importer.decode(data)
    except ValueError as exc:
        parsed.file_error = str(exc)
        return parsed
    reader = csv.reader(
        io.StringIO(text), delimiter=importer.detect_delimiter(text.split("\n", 1)[0])
    )
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        parsed.file_error = _("The file is empty.")
        return parsed
    except csv.Error:
        parsed.file_error = _("The file is not valid CSV.")
        return parsed
    missing = [COLUMNS[name] for name in REQUIRED if COLUMNS[name] not in header]
    if missing:
        parsed.file_error = _("Required columns are missing: %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        return parsed
    index = {name: header.index(heading) for name, heading in COLUMNS.items() if heading in header}
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            parsed.file_error = _("Line %(line)s is not valid CSV.") % {"line": reader.line_num}
            return parsed
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            parsed.errors.append(
                _line_error(
                    line,
                    _("%(found)s fields instead of %(expected)s")
                    % {"found": len(row), "expected": len(header)},
                )
            )
            continue
        raw = {name: row[i].strip() for name, i in index.items()}
        ww_text = raw.pop("ww_end_date", "")
        values, problems = importer.validate_row(raw, today)
        reasons = [
            f"{COLUMNS.get(column, column)}: {reason}"
            for column, reason in problems
            if column != "benefit_since"
        ]
        values.pop("benefit_since", None)
        end, problem = _check_ww_end(ww_text, today)
        if problem:
            reasons.append(problem)
        values["ww_end_date"] = end
        bsn = values["bsn"]
        if bsn and bsn in seen:
            reasons.append(_("this BSN is also on line %(line)s") % {"line": seen[bsn]})
        elif bsn:
            seen[bsn] = line
        if reasons:
            parsed.errors.append(_line_error(line, "; ".join(str(r) for r in reasons)))
        else:
            parsed.rows.append((line, values))
    if not parsed.rows and not parsed.errors:
        parsed.file_error = _("The file holds no people.")
    return parsed


def prevention_route(municipality) -> Route | None:
    programme = route_rules.werkprogramma_of(municipality)
    if programme is None:
        return None
    route_rules.ensure_default_routes(programme)
    return Route.objects.filter(programme=programme, kind=Route.Kind.PREVENTION).first()


def _personal(values: dict) -> dict:
    return {name: values[name] for name in (*PERSON_FIELDS, *CONTACT_FIELDS)}


def apply(
    parsed: Parsed,
    municipality,
    user=None,
    *,
    dry_run: bool = False,
    today=None,
    report: Callable[[float, str], None] | None = None,
) -> Outcome:
    """Create or update the files and prevention enrolments of a checked file; all or
    nothing. ``dry_run`` reports what would happen and changes nothing; ``report``
    (a job's progress) hears how far it got."""
    today = today or calendar.today()
    report = report or (lambda fraction, message="": None)
    outcome = Outcome(dry_run=dry_run, errors=parsed.errors, file_error=parsed.file_error)
    if outcome.rejected:
        return outcome
    route = prevention_route(municipality)
    if route is None:
        outcome.file_error = _("This municipality has no Werkprogramma.")
        return outcome
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        if not dry_run:
            # One import per municipality at a time (as the target-group import): a
            # second one waits for the row lock, then finds what the first created.
            Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        total = len(parsed.rows)
        every = max(1, total // 20)
        for done, (line, values) in enumerate(parsed.rows, start=1):
            what = _apply_line(values, municipality, route, actor, dry_run, today)
            setattr(outcome, what, getattr(outcome, what) + 1)
            outcome.lines.append((line, what))
            if done % every == 0 or done == total:
                report(
                    0.1 + 0.85 * done / total,
                    _("%(done)s of %(total)s people") % {"done": done, "total": total},
                )
    outcome.applied = not dry_run
    return outcome


def _apply_line(values, municipality, route, actor, dry_run, today) -> str:
    """Apply one good line; returns "created", "updated" or "unchanged"."""
    person = Participant.objects.filter(municipality=municipality, bsn=values["bsn"]).first()
    enrolment = None
    if person is not None:
        enrolment = Enrolment.objects.filter(
            participant=person, route=route, status=Enrolment.Status.ACTIVE
        ).first()
    if person is None or enrolment is None:
        if not dry_run:
            _create(person, values, municipality, route, actor, today)
        return "created"
    personal = _personal(values)
    changed = [name for name, value in personal.items() if getattr(person, name) != value]
    moved = enrolment.ww_end_date != values["ww_end_date"]
    if not changed and not moved:
        return "unchanged"
    if not dry_run:
        if changed:
            for name in changed:
                setattr(person, name, personal[name])
            person.version += 1
            person.save(update_fields=[*changed, "version", "updated_at"])
            audit.changed(actor, person, fields=changed, purpose=PURPOSE)
        if moved:
            enrolment.ww_end_date = values["ww_end_date"]
            enrolment.version += 1
            enrolment.save(update_fields=["ww_end_date", "version"])
            audit.changed(actor, enrolment, fields=["ww_end_date"], purpose=PURPOSE)
    return "updated"


def _create(person, values, municipality, route, actor, today) -> None:
    if person is None:
        now = timezone.now()
        person = Participant.objects.create(
            municipality=municipality,
            programme=route.programme,
            pseudonym=new_pseudonym(),
            bsn=values["bsn"],
            status=Status.REFERRED,
            status_changed_at=now,
            **_personal(values),
        )
        StatusChange.objects.create(participant=person, to_status=Status.REFERRED, at=now, by=actor)
        audit.created(actor, person, fields=["bsn", *_personal(values)], purpose=PURPOSE)
    enrolment = Enrolment.objects.create(
        participant=person,
        route=route,
        coach=person.coach,
        enrolled_on=today,
        ww_end_date=values["ww_end_date"],
    )
    StepProgress.objects.bulk_create(
        StepProgress(
            enrolment=enrolment,
            step=step,
            due_on=today + datetime.timedelta(days=step.due_days),
        )
        for step in route.steps.all()
    )
    audit.created(actor, enrolment, fields=["route", "ww_end_date"], purpose=PURPOSE)


def import_file(data: bytes, municipality, user=None, *, dry_run=False, today=None) -> Outcome:
    """Check and apply (or with ``dry_run`` only check) a file at once, synchronously."""
    today = today or calendar.today()
    return apply(parse(data, today), municipality, user, dry_run=dry_run, today=today)


def _reasons(outcome: Outcome) -> dict:
    return {
        "file_error": str(outcome.file_error),
        "errors": [str(error) for error in outcome.errors[:MAX_LISTED_ERRORS]],
        "more_errors": max(0, len(outcome.errors) - MAX_LISTED_ERRORS),
    }


def preview_of(parsed: Parsed, outcome: Outcome) -> dict:
    """What an upload's run keeps of its dry run (JSON): the counts, the reasons per
    bad line and what happens per good line."""
    return {
        "total": len(parsed.rows) + len(parsed.errors),
        "valid": len(parsed.rows),
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "lines": [[line, what] for line, what in outcome.lines],
        **_reasons(outcome),
    }


def summary_of(outcome: Outcome) -> dict:
    """What a run keeps of its import (JSON): the counts, or why nothing changed."""
    return {
        "applied": outcome.applied,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        **_reasons(outcome),
    }


def startable(preview: dict) -> bool:
    """May a run with this preview be imported: people in it and not one bad line."""
    return bool(preview.get("valid")) and not (preview.get("file_error") or preview.get("errors"))

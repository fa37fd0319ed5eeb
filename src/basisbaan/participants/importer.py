"""Import the target group from the benefits administration's export (CSV).

One code path for the management command, the upload in the UI and the benchmark:

    parsed = parse(data, columns=columns_for(municipality), today=today)
    outcome = apply(parsed, municipality, user, dry_run=..., skip_invalid=...)
    outcome.summary_line()  # "created N, updated N, unchanged N, rejected N"

Rules: header row; ``;`` or ``,`` (or tab) detected; UTF-8 with or without BOM; dates
``YYYY-MM-DD`` or ``DD-MM-YYYY``. Each row is validated (BSN elfproef, real dates,
Dutch postcode, benefit start not in the future, required names, BSN not twice in the
file). With any invalid row nothing changes unless ``skip_invalid``: then the valid rows
are applied and the rest reported. Rows are upserted by BSN within the municipality, so
running a file again creates nothing new.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_number

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import (
    ImportMapping,
    ImportRun,
    Participant,
    Status,
    StatusChange,
    new_pseudonym,
)
from basisbaan.tenants.models import Municipality, Programme

# Participant field -> the default header in the export.
DEFAULT_COLUMNS = {
    "bsn": "bsn",
    "initials": "voorletters",
    "prefix": "tussenvoegsel",
    "surname": "achternaam",
    "birth_date": "geboortedatum",
    "postcode": "postcode",
    "house_number": "huisnummer",
    "benefit_since": "uitkering_sinds",
    "phone": "telefoon",
    "email": "email",
}
FIELDS = list(DEFAULT_COLUMNS)
REQUIRED = ("bsn", "initials", "surname", "birth_date", "postcode", "house_number")
BATCH = 2000
MAX_LENGTH = {"initials": 20, "prefix": 20, "surname": 150, "house_number": 12, "phone": 20}

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DUTCH_DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")
_HOUSE_NUMBER = re.compile(r"^[0-9]{1,5}[ -]?[A-Za-z0-9]{0,6}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,19}$")
# Control characters (NUL, line breaks, escape, DEL, C1), line/paragraph separators and
# the bidirectional overrides: never part of a name, an address or a number.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("line %(line)s, column %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class Parsed:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line, values)
    errors: list[RowError] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    file_error: str = ""

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.invalid_lines)

    @property
    def rejected(self) -> int:
        return len(self.invalid_lines)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    applied: bool = False
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)

    def summary_line(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "applied": self.applied,
            "dry_run": self.dry_run,
            "file_error": self.file_error,
            "errors": [[e.line, e.column, e.reason] for e in self.errors],
            "summary": self.summary_line(),
        }


def columns_for(municipality) -> dict[str, str]:
    """The municipality's column mapping (defaults for fields it does not map)."""
    mapping = ImportMapping.objects.filter(municipality=municipality).first()
    columns = dict(DEFAULT_COLUMNS)
    if mapping:
        columns.update({k: v for k, v in mapping.columns.items() if k in columns and v})
    return columns


def decode(data: bytes) -> str:
    """UTF-8 text with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
        ) from exc


def detect_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def parse_date(text: str) -> datetime.date:
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DUTCH_DATE.match(text)
        if not match:
            raise ValueError(_("not a date: use YYYY-MM-DD or DD-MM-YYYY"))
        day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("this date does not exist")) from None


def normalise_bsn(text: str) -> str:
    digits = text.replace(" ", "").replace(".", "")
    # Spreadsheets drop the leading zero of 8-digit BSNs.
    return digits.zfill(9) if digits.isdigit() and len(digits) == 8 else digits


def validate_row(raw: dict, today: datetime.date) -> tuple[dict, list[tuple[str, str]]]:
    """Check and convert one row's raw text by field name (BSN elfproef, names, dates,
    postcode, house number, phone, e-mail); returns the values and the problems as
    ``(field, reason)``. Shared with the Werkprogramma's UWV import
    (``basisbaan.werkprogramma.uwv``), which checks its people the same way."""
    values: dict = {}
    problems: list[tuple[str, str]] = []
    for name in REQUIRED:
        if not raw.get(name):
            problems.append((name, _("required, but empty")))
    for name, limit in MAX_LENGTH.items():
        if len(raw.get(name, "")) > limit:
            problems.append((name, _("longer than %(n)s characters") % {"n": limit}))

    bsn = normalise_bsn(raw.get("bsn", ""))
    if bsn and not bsn_number.is_valid(bsn):
        problems.append(("bsn", _("not a valid BSN (9 digits, elfproef)")))
    values["bsn"] = bsn

    for name in ("birth_date", "benefit_since"):
        text = raw.get(name, "")
        values[name] = None
        if not text:
            continue
        try:
            values[name] = parse_date(text)
        except ValueError as exc:
            problems.append((name, str(exc)))
    birth = values["birth_date"]
    if birth and not (calendar.add_years(today, -110) <= birth <= today):
        problems.append(("birth_date", _("not a plausible date of birth")))
    since = values["benefit_since"]
    if since and since > today:
        problems.append(("benefit_since", _("lies in the future")))
    if since and birth and since < birth:
        problems.append(("benefit_since", _("lies before the date of birth")))

    postcode = raw.get("postcode", "").upper()
    if postcode:
        match = _POSTCODE.match(postcode)
        if not match or match.group(2) in ("SA", "SD", "SS"):
            problems.append(("postcode", _("not a Dutch postcode (e.g. 9711 AB)")))
        else:
            postcode = f"{match.group(1)} {match.group(2)}"
    values["postcode"] = postcode

    house = raw.get("house_number", "")
    if house and not _HOUSE_NUMBER.match(house):
        problems.append(("house_number", _("not a house number (e.g. 12 or 12a)")))
    values["house_number"] = house

    phone = raw.get("phone", "")
    if phone and not _PHONE.match(phone):
        problems.append(("phone", _("not a phone number")))
    values["phone"] = phone

    email = raw.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(("email", _("not an e-mail address")))
    values["email"] = email.lower()

    values["initials"] = raw.get("initials", "")
    values["prefix"] = raw.get("prefix", "")
    values["surname"] = raw.get("surname", "")
    # A field with a control character is reported for that alone.
    controlled = [name for name, text in raw.items() if _CONTROL.search(text)]
    if controlled:
        problems = [problem for problem in problems if problem[0] not in controlled]
        reason = _("contains a control character (such as a line break)")
        problems.extend((name, reason) for name in controlled)
    return values, problems


def _unreadable(line: int, exc: csv.Error) -> str:
    """The reason a line cannot be read as CSV, for the person who made the file."""
    if "field larger than field limit" in str(exc):
        return _(
            "Line %(line)s has a field longer than %(limit)s characters: "
            "check the quotes around that line."
        ) % {"line": line, "limit": csv.field_size_limit()}
    return _("Line %(line)s is not valid CSV: check the quotes around that line.") % {"line": line}


def parse(data: bytes, columns: dict[str, str] | None = None, today=None) -> Parsed:
    """Read and validate every row; nothing touches the database."""
    today = today or calendar.today()
    columns = columns or DEFAULT_COLUMNS
    parsed = Parsed()
    try:
        text = decode(data)
    except ValueError as exc:
        parsed.file_error = str(exc)
        return parsed
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=detect_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        parsed.file_error = _("The file is empty.")
        return parsed
    except csv.Error as exc:
        parsed.file_error = _unreadable(reader.line_num, exc)
        return parsed
    position = {name.strip().lower(): i for i, name in enumerate(header)}
    index: dict[str, int] = {}
    missing = []
    for name, heading in columns.items():
        if heading.lower() in position:
            index[name] = position[heading.lower()]
        elif name in REQUIRED:
            missing.append(heading)
    if missing:
        parsed.file_error = _("Required columns are missing: %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        return parsed

    seen: dict[str, int] = {}
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Nothing of the file counts: a file error changes nothing, also with
            # skip_invalid.
            parsed.file_error = _unreadable(reader.line_num, exc)
            return parsed
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            parsed.errors.append(
                RowError(
                    line,
                    "-",
                    _("%(found)s fields instead of %(expected)s")
                    % {"found": len(row), "expected": width},
                )
            )
            parsed.invalid_lines.add(line)
            continue
        raw = {name: row[i].strip() for name, i in index.items()}
        values, problems = validate_row(raw, today)
        bsn = values["bsn"]
        if bsn and bsn in seen and not any(c == "bsn" for c, _r in problems):
            problems.append(("bsn", _("also on line %(line)s") % {"line": seen[bsn]}))
        elif bsn:
            seen.setdefault(bsn, line)
        if problems:
            for column, reason in problems:
                parsed.errors.append(RowError(line, columns.get(column, column), reason))
            parsed.invalid_lines.add(line)
        else:
            parsed.rows.append((line, values))
    return parsed


def default_programme(municipality) -> Programme | None:
    return (
        Programme.objects.filter(municipality=municipality, kind=Programme.Kind.BASISBAAN)
        .order_by("start_date", "pk")
        .first()
    )


def apply(
    parsed: Parsed,
    municipality,
    user=None,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    filename: str = "",
    run: ImportRun | None = None,
    report: Callable[[float, str], None] | None = None,
) -> Outcome:
    """Upsert the valid rows by BSN; all-or-nothing unless ``skip_invalid``."""
    report = report or (lambda fraction, message="": None)
    outcome = Outcome(rejected=parsed.rejected, errors=parsed.errors, dry_run=dry_run)
    if parsed.file_error:
        outcome.file_error = parsed.file_error
        return outcome
    if parsed.errors and not skip_invalid:
        return outcome

    with transaction.atomic():
        if not dry_run:
            # One import per municipality at a time: a second one waits for the row
            # lock, then compares against what the first created.
            Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        existing = {
            row[0]: row
            for row in Participant.objects.filter(municipality=municipality).values_list(
                "bsn", "pk", *FIELDS[1:]
            )
        }
        new: list[dict] = []
        changed: list[tuple[int, dict]] = []
        for _line, values in parsed.rows:
            current = existing.get(values["bsn"])
            if current is None:
                new.append({"pseudonym": new_pseudonym(), **values})
            elif tuple(current[2:]) != tuple(values[name] for name in FIELDS[1:]):
                changed.append((current[1], values))
            else:
                outcome.unchanged += 1
        outcome.created, outcome.updated = len(new), len(changed)
        if dry_run:
            return outcome

        now = timezone.now()
        actor = user if getattr(user, "is_authenticated", False) else None
        person = Participant(
            municipality=municipality,
            programme=default_programme(municipality),
            status=Status.REFERRED,
            status_changed_at=now,
            registered_at=now,
            created_at=now,
            updated_at=now,
        )
        referral = StatusChange(to_status=Status.REFERRED, at=now, by=actor, note="import")
        steps = max(1, (len(new) + len(changed)) // BATCH + 1)
        done = 0
        for start in range(0, len(new), BATCH):
            _insert_rows(person, new[start : start + BATCH])
            done += 1
            report(0.1 + 0.8 * done / steps, _("Saving new people"))
        if new:
            created = dict(
                Participant.objects.filter(municipality=municipality).values_list("bsn", "pk")
            )
            outcome.created_ids = [created[row["bsn"]] for row in new]
            for start in range(0, len(new), BATCH):
                _insert_rows(
                    referral,
                    [{"participant_id": pk} for pk in outcome.created_ids[start : start + BATCH]],
                )
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            _update_rows(Participant, [(pk, {**values, "updated_at": now}) for pk, values in batch])
            outcome.updated_ids.extend(pk for pk, _values in batch)
            done += 1
            report(0.1 + 0.8 * done / steps, _("Updating known people"))
        run = run or ImportRun.objects.create(
            municipality=municipality,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            filename=filename[:200],
        )
        run.state = ImportRun.State.DONE
        run.content = b""
        run.skip_invalid = skip_invalid
        run.summary = {
            **outcome.as_dict(),
            "applied": True,
            "created_ids": outcome.created_ids,
            "updated_ids": outcome.updated_ids,
        }
        run.save(update_fields=["state", "content", "skip_invalid", "summary"])
        # One audit entry for the run; the run names every participant it created or changed.
        if outcome.created:
            audit.created(user, run, fields=FIELDS, purpose="target group import")
        if outcome.updated:
            audit.changed(user, run, fields=FIELDS, purpose="target group import")
    outcome.applied = True
    return outcome


def _insert_rows(template, rows: list[dict]) -> None:
    """INSERT many rows of one model with one prepared statement.

    ``template`` is an unsaved instance holding the values every row shares (the
    municipality, ``now``, defaults): those are prepared once. ``rows`` hold, per row,
    the values that differ, by attribute name. Model instances per row and the ORM's
    per-value SQL compilation would dominate a 100,000-row import.
    """
    if not rows:
        return
    model = type(template)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    varying = set(rows[0])
    constant = {
        f.attname: f.get_db_prep_save(getattr(template, f.attname), connection)
        for f in fields
        if f.attname not in varying
    }
    changing = [f for f in fields if f.attname in varying]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata (quoted); values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = []
    for row in rows:
        values = dict(constant)
        for model_field in changing:
            values[model_field.attname] = model_field.get_db_prep_save(
                row[model_field.attname], connection
            )
        prepared.append(tuple(values[f.attname] for f in fields))
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _update_rows(model, rows: list[tuple[int, dict]]) -> None:
    """UPDATE fields of many rows by primary key with one prepared statement."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0][1]]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    prepared = [
        (*(f.get_db_prep_save(values[f.name], connection) for f in fields), pk)
        for pk, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def import_file(
    data: bytes,
    municipality,
    user=None,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    filename: str = "",
    run: ImportRun | None = None,
    report: Callable[[float, str], None] | None = None,
    today: datetime.date | None = None,
) -> Outcome:
    report = report or (lambda fraction, message="": None)
    report(0.02, _("Reading the file"))
    parsed = parse(data, columns_for(municipality), today=today)
    report(0.1, _("Checked %(n)s rows") % {"n": parsed.total})
    return apply(
        parsed,
        municipality,
        user,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        filename=filename,
        run=run,
        report=report,
    )

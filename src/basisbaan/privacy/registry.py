"""What every app tells privacy about the personal data it keeps, registered in ``ready()``.

Privacy sits in the foundation layer (docs/developing.md, "Layers"), so it never
imports the apps above it. Each app registers:

- its **record types** (``register_record_type``): what it keeps, why, on which legal
  ground, for how long by default after which moment, and a function that anonymises or
  deletes what has expired (the retention job, :mod:`basisbaan.privacy.retention`);
- a **subject-data exporter** (``register_exporter``): everything it holds about one
  participant, for a data-subject access request (AVG art. 15,
  :mod:`basisbaan.privacy.subject`).

The register of processing activities is generated from the record types.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Expired:
    """What one record type's expiry did (or, in a dry run, would do)."""

    anonymised: int = 0
    deleted: int = 0
    kept: int = 0  # expired, but held back (an open case, a running correction, ...)
    reasons: dict[str, int] = field(default_factory=dict)  # why records were kept

    def keep(self, reason: str, n: int = 1) -> None:
        self.kept += n
        self.reasons[reason] = self.reasons.get(reason, 0) + n


# expire(municipality, cutoff, *, dry_run, batch_size) -> Expired: anonymise or delete the
# records whose retention moment lies before ``cutoff`` (today minus the period).
Expire = Callable[..., Expired]


@dataclass(frozen=True)
class RecordType:
    code: str  # stable key, e.g. "participant_file"
    label: str  # gettext_lazy
    holds: str  # what the records contain (gettext_lazy)
    categories: tuple[str, ...]  # kinds of personal data (gettext_lazy each)
    purpose: str  # why it is processed (gettext_lazy)
    legal_ground: str  # default legal ground (gettext_lazy)
    default_days: int  # default retention period in days after ``moment``
    moment: str  # from which moment the period runs (gettext_lazy)
    action: str  # "anonymise" or "delete"
    expire: Expire
    recipients: str = ""  # who receives the data (gettext_lazy)
    special: bool = False  # special-category data (health) or BSN


_record_types: dict[str, RecordType] = {}


def register_record_type(record_type: RecordType) -> None:
    known = _record_types.get(record_type.code)
    if known is not None and known != record_type:
        raise ValueError(f"record type {record_type.code!r} is registered twice")
    _record_types[record_type.code] = record_type


def record_types() -> list[RecordType]:
    return sorted(_record_types.values(), key=lambda r: r.code)


def record_type(code: str) -> RecordType:
    return _record_types[code]


# hold(municipality, participant_ids) -> {participant id: reason}: people whose records
# must not be anonymised yet, whatever their period says (an open sickness case, a
# payroll correction still to be exported, ...). Registered by the apps that know.
Hold = Callable[[object, list[int]], dict[int, str]]
_holds: list[Hold] = []


def register_hold(hold: Hold) -> None:
    if all(existing is not hold for existing in _holds):
        _holds.append(hold)


def held(municipality, participant_ids) -> dict[int, str]:
    """Why each of ``participant_ids`` must be kept for now (absent: nothing holds them)."""
    ids = list(participant_ids)
    result: dict[int, str] = {}
    if not ids:
        return result
    for hold in _holds:
        for pid, reason in hold(municipality, ids).items():
            result.setdefault(pid, reason)
    return result


# exporter(participant) -> list of sections: {"title": str, "rows": [{label: value}], ...}
Exporter = Callable[[object], list[dict]]
_exporters: list[tuple[str, Exporter]] = []


def register_exporter(app_label: str, exporter: Exporter) -> None:
    if all(existing is not exporter for _label, existing in _exporters):
        _exporters.append((app_label, exporter))


def exporters() -> list[tuple[str, Exporter]]:
    return list(_exporters)


def cutoff(today: datetime.date, days: int) -> datetime.date:
    """Records whose moment lies before this day have expired."""
    return today - datetime.timedelta(days=days)

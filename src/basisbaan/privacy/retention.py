"""The retention job: per municipality and record type, anonymise or delete what expired.

For every registered record type (:mod:`basisbaan.privacy.registry`) the period that
applies today (:func:`basisbaan.privacy.models.applicable`) gives a cutoff (today minus
the period); the record type's ``expire`` anonymises or deletes the records whose
moment lies before it, in batches (one transaction each), and writes an audit entry
per record (:func:`audit_expired`). What a running case still needs (someone in
service, an open sickness case, a payroll correction still to be exported) is kept and
counted with its reason (:func:`basisbaan.privacy.registry.held`).

A dry run does the same counting and changes nothing: the expiry functions skip their
writes, and the whole dry run runs in a transaction that is rolled back anyway.

Run it with ``basisbaan apply_retention`` (cron) or the Celery beat entry
``apply-retention`` (``basisbaan.privacy.tasks.apply_retention``); docs/privacy.md.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.logging import get_logger
from basisbaan.privacy import registry
from basisbaan.privacy.models import Period, periods

log = get_logger(__name__)

BATCH_SIZE = 200
ANONYMISE = "anonymise"
DELETE = "delete"


@dataclass
class Outcome:
    """What the job did (or would do) with one record type in one municipality."""

    municipality: object
    period: Period
    cutoff: datetime.date
    expired: registry.Expired

    @property
    def code(self) -> str:
        return self.period.record_type.code


def purpose(code: str) -> str:
    return f"retention: {code}"


def audit_expired(obj: models.Model, code: str, action: str, fields: Iterable[str] = ()) -> None:
    """The audit entry of one record the job anonymised or deleted (no actor: the job)."""
    if action == DELETE:
        audit.deleted(None, obj, fields=fields, purpose=purpose(code))
    else:
        audit.changed(None, obj, fields=fields, purpose=purpose(code))


def not_anonymised(queryset):
    """``queryset`` without the records the job anonymised before."""
    from basisbaan.privacy.models import Anonymisation

    done = Anonymisation.objects.filter(object_type=queryset.model._meta.label_lower)
    return queryset.exclude(pk__in=done.values("object_id"))


def is_anonymised(obj: models.Model) -> bool:
    from basisbaan.privacy.models import Anonymisation

    return Anonymisation.objects.filter(
        object_type=obj._meta.label_lower, object_id=obj.pk
    ).exists()


def anonymised(
    obj: models.Model, municipality, code: str, fields: Iterable[str], today=None
) -> None:
    """Mark ``obj`` anonymised by record type ``code`` and write its audit entry."""
    from basisbaan.privacy.models import Anonymisation

    Anonymisation.objects.get_or_create(
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        defaults={
            "municipality": municipality,
            "record_type": code,
            "on": today or calendar.today(),
        },
    )
    audit_expired(obj, code, ANONYMISE, fields)


def batches(queryset, batch_size: int = BATCH_SIZE) -> Iterator[list]:
    """The primary keys of ``queryset`` in lists of ``batch_size``, in key order (read
    once up front, so a batch that changes rows does not move the next one)."""
    batch_size = max(1, int(batch_size))
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield ids[start : start + batch_size]


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the municipality's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def run(
    municipality,
    today: datetime.date | None = None,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    codes: Iterable[str] | None = None,
) -> list[Outcome]:
    """Apply every record type's period in ``municipality`` on ``today``."""
    today = today or calendar.today()
    wanted = set(codes) if codes is not None else None
    outcomes = []
    for period in periods(municipality, today):
        record_type = period.record_type
        if wanted is not None and record_type.code not in wanted:
            continue
        cutoff = registry.cutoff(today, period.days)
        if dry_run:
            with transaction.atomic():
                expired = record_type.expire(
                    municipality, cutoff, dry_run=True, batch_size=batch_size
                )
                transaction.set_rollback(True)
        else:
            expired = record_type.expire(municipality, cutoff, dry_run=False, batch_size=batch_size)
        outcomes.append(Outcome(municipality, period, cutoff, expired))
        log.info(
            "privacy.retention",
            municipality=municipality.pk,
            record_type=record_type.code,
            dry_run=dry_run,
            anonymised=expired.anonymised,
            deleted=expired.deleted,
            kept=expired.kept,
        )
    return outcomes


def run_all(
    today: datetime.date | None = None,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    municipalities=None,
) -> list[Outcome]:
    """:func:`run` for every municipality (or the given ones)."""
    from basisbaan.tenants.models import Municipality

    if municipalities is None:
        municipalities = Municipality.objects.order_by("cbs_code")
    outcomes = []
    for municipality in municipalities:
        outcomes.extend(run(municipality, today, dry_run=dry_run, batch_size=batch_size))
    return outcomes


# --- the audit trail itself -------------------------------------------------------------


def delete_audit_entries(municipality, cutoff, *, dry_run: bool, batch_size: int, **only):
    """Delete the audit entries of ``municipality`` written before ``cutoff`` (narrowed
    by ``only``, e.g. ``action="export"``).

    The trail is append-only for everyone else (``AuditQuerySet``); only this job
    removes entries, through the plain base manager. Deleting one does not get an
    entry of its own (that would never end); the job logs the counts."""
    from basisbaan.audit.models import AuditEntry

    expired = registry.Expired()
    stale = AuditEntry._base_manager.filter(
        municipality=municipality, timestamp__lt=day_start(cutoff), **only
    )
    if dry_run:
        expired.deleted = stale.count()
        return expired
    for ids in batches(stale, batch_size):
        with transaction.atomic():
            expired.deleted += AuditEntry._base_manager.filter(pk__in=ids).delete()[0]
    return expired


def expire_audit_trail(municipality, cutoff, *, dry_run: bool, batch_size: int):
    """The whole audit trail, research downloads aside (their own record type)."""
    from basisbaan.audit.models import AuditEntry

    expired = registry.Expired()
    research = AuditEntry._base_manager.filter(
        municipality=municipality,
        timestamp__lt=day_start(cutoff),
        action=AuditEntry.Action.EXPORT,
        object_type="tenants.municipality",
    )
    stale = AuditEntry._base_manager.filter(
        municipality=municipality, timestamp__lt=day_start(cutoff)
    ).exclude(pk__in=research.values("pk"))
    if dry_run:
        expired.deleted = stale.count()
        return expired
    for ids in batches(stale, batch_size):
        with transaction.atomic():
            expired.deleted += AuditEntry._base_manager.filter(pk__in=ids).delete()[0]
    return expired

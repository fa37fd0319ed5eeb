"""The audit API: the one way to record who read or changed which personal record.

    from basisbaan.audit import api as audit
    audit.read(request.user, participant, fields=["bsn", "address"])
    audit.changed(request.user, participant, fields=form.changed_data)

Entries name the record by type and id, never by its content, so no personal
data lands in the audit trail itself or in technical logs.
"""

from collections.abc import Iterable

from django.db.models import Model

from basisbaan.audit.models import AuditEntry

Action = AuditEntry.Action


def _municipality_id(obj: Model) -> int | None:
    path = getattr(type(obj), "access_municipality_path", "municipality")
    if path == "pk":
        return obj.pk
    target = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, "pk", None)


def record(
    actor,
    action: str,
    obj: Model,
    fields: Iterable[str] = (),
    purpose: str = "",
) -> AuditEntry:
    """Append one audit entry for ``actor`` doing ``action`` on ``obj``."""
    authenticated = getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        municipality_id=_municipality_id(obj),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        fields=sorted(set(fields)),
        purpose=purpose[:200],
    )


def read(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.READ, obj, fields, purpose)


def created(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.CREATE, obj, fields, purpose)


def changed(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.UPDATE, obj, fields, purpose)


def deleted(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.DELETE, obj, fields, purpose)


def exported(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.EXPORT, obj, fields, purpose)


def overridden(actor, obj: Model, fields: Iterable[str] = (), purpose: str = "") -> AuditEntry:
    return record(actor, Action.OVERRIDE, obj, fields, purpose)

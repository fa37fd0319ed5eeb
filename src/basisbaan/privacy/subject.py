"""The data-subject export (AVG art. 15): everything the programme holds about one person.

Every app that keeps personal data registers an exporter in its ``AppConfig.ready()``
(:func:`basisbaan.privacy.registry.register_exporter`); this module asks them all, adds
the audit trail of the person (who read or changed which of their records, when and
why) and hands the result out as a dict (the JSON file) or a PDF (WeasyPrint, nothing
fetched). Privacy sits below the apps it exports, so it never imports them: it sees
only the sections they return.

Exporters build their sections with :func:`section`, which turns model instances into
rows of ``{field label: text}`` and remembers the records (type and id) for the audit
trail. Who may produce an export, and its audit entry, is the caller's (the view).
"""

import datetime
import json
from collections import defaultdict
from decimal import Decimal

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.privacy import registry

FORMAT = "basisbaan-subject-export/1"

# Record ids per audit query.
CHUNK = 500

# A section with more columns than this prints as one block per record, not a table.
TABLE_COLUMNS = 6


def text(value) -> str:
    """One value as plain text, the same in the JSON and the PDF."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if value.tzinfo:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    if hasattr(value, "get_full_name"):  # a user: their name, else the login name
        return value.get_full_name() or value.get_username()
    return str(value)


def _field_text(obj: models.Model, field) -> str:
    if field.choices:
        return text(getattr(obj, f"get_{field.name}_display")())
    return text(getattr(obj, field.name))


def row(obj: models.Model, fields=None, exclude=(), extra=None) -> dict:
    """``obj`` as ``{field label: text}``: the named ``fields`` in order, or every
    concrete field except the key, the version counter, links to the person themselves
    and ``exclude``; ``extra`` (label: value) is appended."""
    meta = obj._meta
    skip = {"id", "version", "participant", *exclude}
    if fields is None:
        chosen = [f for f in meta.concrete_fields if f.name not in skip]
    else:
        chosen = [meta.get_field(name) for name in fields]
    result = {str(f.verbose_name): _field_text(obj, f) for f in chosen}
    for label, value in (extra or {}).items():
        result[str(label)] = text(value)
    return result


def section(title, objects, fields=None, exclude=(), keep="", rows=None) -> dict:
    """A section of the export: ``objects`` (model instances) as rows, remembered for
    the audit trail. ``keep``: why the law requires keeping these records (the refusal
    reason of an erasure), empty when they may be erased on request. ``rows`` replaces
    the automatic rows (one per object, same order) where an exporter words them itself.
    """
    objects = list(objects)
    return {
        "title": str(title),
        "rows": rows if rows is not None else [row(o, fields, exclude) for o in objects],
        "refs": [[o._meta.label_lower, str(o.pk)] for o in objects],
        "keep": str(keep or ""),
    }


def _normalised(app_label: str, found: dict) -> dict:
    return {
        "app": app_label,
        "title": str(found.get("title", app_label)),
        "rows": [{str(k): text(v) for k, v in r.items()} for r in found.get("rows", [])],
        "refs": [[str(t), str(i)] for t, i in found.get("refs", [])],
        "keep": str(found.get("keep", "") or ""),
    }


def audit_trail(participant, refs) -> list[dict]:
    """Every audit entry about the person's file and the records listed in ``refs``."""
    by_type = defaultdict(set)
    by_type[participant._meta.label_lower].add(str(participant.pk))
    for object_type, object_id in refs:
        by_type[object_type].add(str(object_id))
    entries = []
    for object_type, ids in by_type.items():
        ids = sorted(ids)
        for start in range(0, len(ids), CHUNK):  # within every database's parameter limit
            entries.extend(
                AuditEntry.objects.filter(
                    object_type=object_type, object_id__in=ids[start : start + CHUNK]
                )
            )
    entries.sort(key=lambda entry: (entry.timestamp, entry.pk))
    return [
        {
            "time": text(entry.timestamp),
            "who": entry.actor_username or "",
            "action": entry.get_action_display(),
            "record": f"{entry.object_type} {entry.object_id}",
            "fields": ", ".join(entry.fields or []),
            "purpose": entry.purpose,
        }
        for entry in entries
    ]


def collect(participant, today: datetime.date | None = None) -> dict:
    """The whole export of ``participant``: every registered app's sections and the
    audit trail, as plain JSON-ready data."""
    today = today or calendar.today()
    sections = []
    for app_label, exporter in registry.exporters():
        for found in exporter(participant):
            sections.append(_normalised(app_label, found))
    refs = [ref for s in sections for ref in s["refs"]]
    return {
        "format": FORMAT,
        "made_on": today.isoformat(),
        "made_at": text(timezone.now()),
        "person": {
            "name": str(participant),
            "pseudonym": participant.pseudonym,
            "municipality": str(participant.municipality),
        },
        "sections": sections,
        "audit": audit_trail(participant, refs),
    }


def as_json(data: dict) -> str:
    """The export as a JSON file (UTF-8, readable by people and programs)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def kept(data: dict) -> list[dict]:
    """The sections the law requires keeping, each with its reason (the refusal of an
    erasure, or of part of it); an empty list: everything may be erased."""
    return [s for s in data["sections"] if s["keep"] and s["rows"]]


def _printable(found: dict) -> dict:
    columns = []
    for r in found["rows"]:
        columns.extend(k for k in r if k not in columns)
    return {
        **found,
        "columns": columns,
        "table": len(columns) <= TABLE_COLUMNS,
        "cells": [[r.get(c, "") for c in columns] for r in found["rows"]],
    }


def render_pdf(data: dict, request_label: str = "") -> bytes:
    """The export as a PDF: self-contained, nothing is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError("no external resources in a data-subject export")

    html = render_to_string(
        "privacy/subject_export.html",
        {
            "data": data,
            "sections": [_printable(s) for s in data["sections"]],
            "audit": data["audit"],
            "request_label": request_label,
        },
    )
    return HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()

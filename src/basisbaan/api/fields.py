"""Serializer fields whose OpenAPI description says what they really hold.

drf-spectacular describes a ``DateField`` as ``format: date`` and a ``TimeField`` as
``format: time`` (RFC 3339: a full date; a time *with* offset). A payroll month
(``"2026-10"``) and the local time of a task slot (``"09:00:00"``, Europe/Amsterdam) are
neither, so a client validating against the schema refused them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        "example": "2026-10",
        "description": "A calendar month, YYYY-MM.",
    }
)
class MonthField(serializers.DateField):
    """A month (the first day of it in the database) as ``YYYY-MM``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m")
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "09:00:00",
        "description": "A local time (Europe/Amsterdam), HH:MM:SS, without offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the municipality's time zone (no offset)."""

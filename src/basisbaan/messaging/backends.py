"""SMS gateways, chosen by ``BASISBAAN_SMS_BACKEND`` (a dotted path, like Django's mail
backends).

A gateway is a class with ``send(to, text)`` that raises :class:`SmsError` (or any
exception) when the message could not be handed over. The ones here do not leave the
machine: ``ConsoleSmsBackend`` (the demo: printed to the server's output),
``FileSmsBackend`` (one JSON file per message in ``BASISBAAN_SMS_FILE_PATH``, for the
demo and the tests to read) and ``LocmemSmsBackend`` (kept in ``outbox`` in memory).
A real gateway (a provider's HTTP API) subclasses :class:`BaseSmsBackend` the same way
and is named in the setting; see docs/messaging.md.
"""

import itertools
import json
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway did not accept the message."""


class BaseSmsBackend:
    """The interface of an SMS gateway."""

    def __init__(self, **options):
        self.options = options

    def send(self, to: str, text: str) -> None:  # pragma: no cover - the interface
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes every message to standard output (the demo)."""

    def __init__(self, stream=None, **options):
        super().__init__(**options)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send(self, to: str, text: str) -> None:
        with self._lock:
            self.stream.write(f"SMS to {to}\n{text}\n{'-' * 40}\n")
            self.stream.flush()


class FileSmsBackend(BaseSmsBackend):
    """One JSON file per message ({"to", "text", "at"}) in a folder."""

    _counter = itertools.count(1)

    def __init__(self, file_path=None, **options):
        super().__init__(**options)
        path = file_path or getattr(settings, "BASISBAAN_SMS_FILE_PATH", "")
        if not path:
            raise ImproperlyConfigured("FileSmsBackend needs BASISBAAN_SMS_FILE_PATH")
        self.path = Path(path)

    def send(self, to: str, text: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        now = timezone.now()
        name = f"{now:%Y%m%d-%H%M%S-%f}-{next(self._counter):06d}.json"
        payload = {"to": to, "text": text, "at": now.isoformat()}
        (self.path / name).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def read_folder(path) -> list[dict]:
    """The messages a ``FileSmsBackend`` wrote to ``path``, oldest first."""
    folder = Path(path)
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


# Messages the LocmemSmsBackend "sent": a list of {"to", "text"} (tests empty it).
outbox: list[dict] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in ``backends.outbox`` (tests)."""

    def send(self, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


def get_backend() -> BaseSmsBackend:
    """The configured SMS gateway."""
    path = getattr(settings, "BASISBAAN_SMS_BACKEND", "") or (
        "basisbaan.messaging.backends.ConsoleSmsBackend"
    )
    return import_string(path)()

"""Rate limits for the public forms, counted in Django's cache.

- per network address (the client's, also behind a trusted reverse proxy: see
  ``core/clientip.py``): ``PER_ADDRESS`` stored messages per hour, over all public forms
  of this app together;
- per e-mail address: ``PER_EMAIL`` task submissions per 24 hours.

Only stored messages count, so someone correcting typing errors is never blocked.
Override with the settings ``BASISBAAN_PUBLIC_FORM_LIMIT_PER_ADDRESS`` and
``BASISBAAN_TASK_SUBMISSION_LIMIT_PER_EMAIL``. In a deployment with several web
processes, use a shared cache (``CACHE_REDIS=1``) so the limits hold across them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from basisbaan.core import clientip

PER_ADDRESS = 5
ADDRESS_WINDOW = 60 * 60
PER_EMAIL = 3
EMAIL_WINDOW = 24 * 60 * 60


def _key(kind: str, value: str) -> str:
    # Hash the address so the cache holds no personal data in readable form.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"bb:throttle:{kind}:{digest}"


def _limit(setting: str, default: int) -> int:
    return int(getattr(settings, setting, default))


def _count(key: str) -> int:
    return int(cache.get(key, 0))


def _hit(key: str, window: int) -> None:
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)


def address_of(request) -> str:
    return clientip.client_ip(request) or "unknown"


def allowed(address: str, email: str | None = None) -> bool:
    """May one more message from this address (and e-mail) be stored?"""
    if _count(_key("addr", address)) >= _limit(
        "BASISBAAN_PUBLIC_FORM_LIMIT_PER_ADDRESS", PER_ADDRESS
    ):
        return False
    return not (
        email
        and _count(_key("email", email))
        >= _limit("BASISBAAN_TASK_SUBMISSION_LIMIT_PER_EMAIL", PER_EMAIL)
    )


def record(address: str, email: str | None = None) -> None:
    """Count one stored message."""
    _hit(_key("addr", address), ADDRESS_WINDOW)
    if email:
        _hit(_key("email", email), EMAIL_WINDOW)

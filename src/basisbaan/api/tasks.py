"""Celery entry point of the hourly clean-up of idempotency keys (beat:
``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task


@shared_task(name="basisbaan.api.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Remove the stored answers of writes older than 24 hours; returns how many."""
    from basisbaan.api import idempotency

    return idempotency.purge()

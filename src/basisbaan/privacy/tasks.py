"""Celery entry point of the retention job (beat: ``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task


@shared_task(name="basisbaan.privacy.apply_retention")
def apply_retention() -> int:
    """Run the retention job for every municipality today; returns the records changed."""
    from basisbaan.privacy import retention

    outcomes = retention.run_all()
    return sum(o.expired.anonymised + o.expired.deleted for o in outcomes)

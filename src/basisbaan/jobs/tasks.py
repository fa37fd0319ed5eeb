"""Celery entry point for Redis-backed workers."""

from celery import shared_task


@shared_task(name="basisbaan.jobs.run")
def run_job(job_id: str) -> None:
    from basisbaan.jobs.runner import run

    run(job_id)

"""Run registered job handlers in the background and report progress.

Handlers register with ``@handler("kind")`` and receive ``(job, report)`` where
``report(fraction, message)`` stores progress. ``enqueue`` creates the Job and
dispatches it by ``settings.BASISBAAN_JOBS_BACKEND``:

- ``thread``: a daemon thread in this process (the demo: no extra services);
- ``celery``: a Celery task on Redis-backed workers (deployment, many machines);
- ``sync``: inline, before ``enqueue`` returns (tests).
"""

import threading
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from basisbaan.core.logging import get_logger
from basisbaan.jobs.models import Job

log = get_logger(__name__)

Report = Callable[[float, str], None]
Handler = Callable[[Job, Report], dict]
_HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def enqueue(kind: str, municipality, user=None, **params) -> Job:
    if kind not in _HANDLERS:
        raise KeyError(f"No job handler registered for {kind!r}")
    job = Job.objects.create(kind=kind, municipality=municipality, created_by=user, params=params)
    backend = settings.BASISBAAN_JOBS_BACKEND
    if backend == "sync":
        run(job.pk)
    elif backend == "celery":
        from basisbaan.jobs.tasks import run_job

        transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    return job


def _run_in_thread(job_id) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()


def run(job_id) -> Job:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=0.0
    )

    def report(fraction: float, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=max(0.0, min(1.0, fraction)), message=message[:300]
        )

    log.info("job.start", job=str(job.pk), kind=job.kind)
    try:
        result = _HANDLERS[job.kind](job, report) or {}
    except Exception as exc:  # noqa: BLE001 - any failure is stored on the job
        log.error("job.failed", job=str(job.pk), kind=job.kind, error=type(exc).__name__)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error="".join(traceback.format_exception_only(exc)).strip()[:2000],
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, finished_at=timezone.now(), progress=1.0, result=result
        )
        log.info("job.done", job=str(job.pk), kind=job.kind)
    job.refresh_from_db()
    return job

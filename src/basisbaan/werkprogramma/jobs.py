"""Background job: import a checked UWV list (prevention route) with visible progress.

The upload (``views/uwv.py``) keeps the file and its dry run as a
``participants.ImportRun`` of kind ``uwv``; starting it enqueues this job. The job
checks the file again against today and the data as they are now, applies it all or
nothing, keeps the summary on the run and empties the uploaded content. When the file
no longer applies (a WW end date passed, the Werkprogramma is gone, ...) nothing
changes and the run fails with the reasons.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.jobs.runner import handler
from basisbaan.participants.models import ImportRun
from basisbaan.werkprogramma import uwv

KIND = "werkprogramma.uwv_import"


@handler(KIND)
def run_uwv_import(job, report) -> dict:
    run = ImportRun.objects.select_related("municipality", "uploaded_by").get(
        pk=job.params["run"], municipality=job.municipality, kind=ImportRun.Kind.UWV
    )
    url = reverse("werkprogramma:uwv_run", args=[run.pk])
    if run.state != ImportRun.State.QUEUED:
        return {"url": url}  # ran already: never twice
    user = job.created_by or run.uploaded_by
    today = calendar.today()
    try:
        report(0.02, _("Reading the file"))
        parsed = uwv.parse(bytes(run.content), today)
        report(0.1, _("Checked %(n)s lines") % {"n": len(parsed.rows) + len(parsed.errors)})
        with transaction.atomic():
            outcome = uwv.apply(parsed, run.municipality, user, today=today, report=report)
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportRun.State.DONE if outcome.applied else ImportRun.State.FAILED,
                summary=uwv.summary_of(outcome),
                content=b"",
            )
    except Exception:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.FAILED,
            summary={"file_error": _("The import stopped with an error; nothing changed.")},
            content=b"",
        )
        raise
    return {"url": url, "summary": outcome.summary_line()}

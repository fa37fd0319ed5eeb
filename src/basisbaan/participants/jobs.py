"""Background job: import an uploaded target-group file with visible progress."""

from django.urls import reverse

from basisbaan.jobs.runner import handler
from basisbaan.participants import importer
from basisbaan.participants.models import ImportRun


@handler("participants.import")
def run_import(job, report) -> dict:
    run = ImportRun.objects.select_related("municipality", "uploaded_by").get(
        pk=job.params["run"], municipality=job.municipality
    )
    try:
        outcome = importer.import_file(
            bytes(run.content),
            run.municipality,
            run.uploaded_by,
            skip_invalid=run.skip_invalid,
            filename=run.filename,
            run=run,
            report=report,
        )
    except Exception:
        ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.FAILED, content=b"")
        raise
    if not outcome.applied:
        # The file changed nothing (invalid rows without skipping): keep the reasons.
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.FAILED, summary=outcome.as_dict(), content=b""
        )
    url = reverse("participants:import_detail", args=[run.pk])
    return {"url": url, "summary": outcome.summary_line()}

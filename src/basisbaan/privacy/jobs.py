"""Background job: run the retention job now for one municipality (the "run now"
button on the dry-run page); the nightly run is the command or Celery beat."""

from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.jobs.runner import handler
from basisbaan.privacy import retention


@handler("privacy.retention")
def run_retention(job, report) -> dict:
    report(0.05, "retention")
    outcomes = retention.run(job.municipality, calendar.today())
    report(1.0, "retention")
    return {
        "url": reverse("privacy:retention"),
        "anonymised": sum(o.expired.anonymised for o in outcomes),
        "deleted": sum(o.expired.deleted for o in outcomes),
        "kept": sum(o.expired.kept for o in outcomes),
    }

"""Background job: a planning run (``planning.run``)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from basisbaan.jobs.runner import handler
from basisbaan.planning.models import PlanVersion


def progress_text(progress) -> str:
    """The job page's line for one of the engine's progress values (``fraction``,
    ``stage``, ``cost``: the plan's cost so far, or None)."""
    if progress.fraction < 0.05:
        return _("Reading the week")
    if progress.fraction < 0.95:
        if progress.cost is None:
            return _("Looking for a better plan")
        return _("Looking for a better plan (cost now %(cost)s)") % {"cost": f"{progress.cost:.1f}"}
    return _("Finishing the plan")


@handler("planning.run")
def run_planning(job, report) -> dict:
    """Run the engine on the version named in ``job.params["version"]``."""
    from basisbaan.planning import engine, services

    version = PlanVersion.objects.select_related("week__municipality").get(pk=job.params["version"])

    def on_progress(progress) -> None:
        with translation.override(translation.get_language() or "nl"):
            text = progress_text(progress)
        report(0.98 * progress.fraction, text)

    try:
        engine.run(version, on_progress=on_progress)
    except services.PlanningError:
        raise
    except Exception:
        PlanVersion.objects.filter(pk=version.pk).update(
            status=PlanVersion.Status.FAILED, error=_("The planning run failed.")
        )
        raise
    version.refresh_from_db()
    return {
        "url": reverse("planning:version", args=[version.pk]),
        "open": True,  # the job page opens the result when the run is done
        "version": version.pk,
        "cost": version.cost.get("total"),
    }

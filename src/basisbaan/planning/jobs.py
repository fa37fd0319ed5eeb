"""Background job: a planning run (``planning.run``)."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from basisbaan.jobs.runner import handler
from basisbaan.planning.models import PlanVersion


@handler("planning.run")
def run_planning(job, report) -> dict:
    """Run the engine on the version named in ``job.params["version"]``."""
    from basisbaan.planning import services

    version = PlanVersion.objects.select_related("week__municipality").get(pk=job.params["version"])

    def progress(fraction: float, message: str) -> None:
        with translation.override(translation.get_language() or "nl"):
            if fraction < 0.05:
                text = _("Reading the week")
            elif fraction < 0.95:
                cost = re.search(r"cost ([\d,.]+)", message or "")
                text = (
                    _("Looking for a better plan (cost now %(cost)s)")
                    % {"cost": cost.group(1).replace(",", "")}
                    if cost
                    else _("Looking for a better plan")
                )
            else:
                text = _("Finishing the plan")
        report(0.98 * fraction, text)

    try:
        services.run_version(version, report=progress)
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
        "version": version.pk,
        "cost": version.cost.get("total"),
    }

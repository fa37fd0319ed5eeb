from django.views.generic import TemplateView

from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.jobs.models import Job


class JobDetailView(ObjectPermissionMixin, TemplateView):
    """A job's progress; with htmx, only the progress block (polled until done).

    A finished job whose result asks for it (``{"url": ..., "open": True}``) sends the
    polling page on to its result with htmx's ``HX-Redirect`` header."""

    permission = "jobs.view"
    model = Job

    def get_template_names(self):
        if self.request.htmx:
            return ["jobs/_progress.html"]
        return ["jobs/detail.html"]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        job = self.object
        result = job.result if isinstance(job.result, dict) else {}
        if (
            self.request.htmx
            and job.status == Job.Status.DONE
            and result.get("open") is True
            and isinstance(result.get("url"), str)
            and result["url"].startswith("/")
            and not result["url"].startswith("//")
        ):
            response["HX-Redirect"] = result["url"]
        return response

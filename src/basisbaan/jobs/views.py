from django.views.generic import TemplateView

from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.jobs.models import Job


class JobDetailView(ObjectPermissionMixin, TemplateView):
    """A job's progress; with htmx, only the progress block (polled until done)."""

    permission = "jobs.view"
    model = Job

    def get_template_names(self):
        if self.request.htmx:
            return ["jobs/_progress.html"]
        return ["jobs/detail.html"]

"""The council report: a form (programme of the active municipality, period), a preview
of the key figures and the downloads (PDF, XLSX) with the same query.

Input is checked at the edge: a bad date, an end before the start or after today, or a
programme of another municipality gives the form with its errors and status 400, and
nothing is generated. Every download is written to the audit trail (what was exported,
of which programme), as the finance app's scenario files are.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views import View

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import monitor, report
from basisbaan.evaluation.forms import ReportForm

PERMISSION = "evaluation.view_monitor"
TEMPLATE = "evaluation/report.html"
FORMATS = ("pdf", "xlsx")


class ReportMixin(PermissionMixin):
    permission = PERMISSION

    def form(self, today):
        if {"programme", "start", "end"} & set(self.request.GET):
            return ReportForm(self.request.GET, municipality=self.municipality, today=today)
        programme = monitor.current_programme(self.municipality, today)
        initial = {"end": today}
        if programme is not None:
            initial.update(programme=programme, start=programme.start_date)
        else:
            initial["start"] = calendar.year_start(today)
        return ReportForm(initial=initial, municipality=self.municipality, today=today)

    def build(self, form, today) -> report.Report:
        data = form.cleaned_data
        return report.council_report(
            self.municipality,
            data["programme"],
            data["start"],
            data["end"],
            all_costs=access.has_perm(self.request.user, "finance.view", self.municipality),
            today=today,
        )

    def page(self, form, status=200, **extra):
        context = self.get_context_data(form=form, formats=FORMATS, **extra)
        return TemplateResponse(self.request, TEMPLATE, context, status=status)


class ReportView(ReportMixin, View):
    """GET: the form; with a query, the preview of the report and the download links."""

    def get(self, request, *args, **kwargs):
        today = calendar.today()
        form = self.form(today)
        if not form.is_bound:
            return self.page(form)
        if not form.is_valid():
            return self.page(form, status=400)
        return self.page(form, report=self.build(form, today), query=request.GET.urlencode())


class ReportDownloadView(ReportMixin, View):
    """GET with the page's query: the report as PDF or XLSX."""

    def get(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        if file_format not in FORMATS:
            raise Http404
        today = calendar.today()
        form = self.form(today)
        if not form.is_bound or not form.is_valid():
            if not form.is_bound:
                form = ReportForm(request.GET, municipality=self.municipality, today=today)
                form.is_valid()
            return self.page(form, status=400)
        result = self.build(form, today)
        make = report.report_pdf if file_format == "pdf" else report.report_xlsx
        content = make(result)
        response = exports.attachment(content, report.filename(result, file_format))
        audit.exported(
            request.user,
            result.programme,
            fields=[chapter.key for chapter in result.chapters],
            purpose=(
                f"council report {file_format} "
                f"{result.period.start.isoformat()}..{result.period.end.isoformat()}"
            ),
        )
        return response

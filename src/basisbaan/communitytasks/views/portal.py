"""The provider portal: the provider's tasks and monthly reports."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from basisbaan.communitytasks import registry, services
from basisbaan.communitytasks.forms import MonthlyReportForm
from basisbaan.communitytasks.models import MonthlyReport, Task
from basisbaan.communitytasks.views.common import _task_rows
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin

# --- provider portal -----------------------------------------------------------------


def _report_months(today: datetime.date, count: int = 3) -> list[datetime.date]:
    """The last ``count`` finished months, newest first: a provider reports on a month
    once it is over, never on the running one."""
    months, month = [], calendar.month_start(today)
    for _i in range(count):
        month = calendar.previous_month(month)
        months.append(month)
    return months


def _with_next_week(row: dict, task: Task, today: datetime.date) -> bool:
    """Add next week's first names to each slot of ``row``; True when anybody is
    planned there (planning shares names only from a published week)."""
    filled = registry.filled_places([task.pk], calendar.coming_monday(today))
    if filled is None:
        return False
    for item in row["slots"]:
        item["next"] = filled.get(item["slot"].pk, [])
    return any(item["next"] for item in row["slots"])


class PortalView(PermissionMixin, TemplateView):
    """Task-provider staff: their own organisation's tasks and submissions."""

    permission = "communitytasks.portal"
    template_name = "communitytasks/portal.html"

    def get_context_data(self, **kwargs):
        tasks = (
            self.scoped(Task.objects.all())
            .select_related("neighbourhood", "category")
            .prefetch_related(
                Prefetch("monthly_reports", queryset=MonthlyReport.objects.order_by("-month"))
            )
            .order_by("status", "title")
        )
        last_month = calendar.previous_month(calendar.today())
        rows = []
        for task in tasks:
            reports = list(task.monthly_reports.all())
            rows.append(
                {
                    "task": task,
                    "reported": any(r.month == last_month for r in reports),
                    "needs_report": task.status == Task.Status.APPROVED and not task.is_one_off,
                }
            )
        return super().get_context_data(rows=rows, last_month=last_month, **kwargs)


class PortalTaskView(ObjectPermissionMixin, TemplateView):
    """One task for its provider: slots, filled places, monthly confirmation and rating."""

    permission = "communitytasks.portal"
    model = Task
    template_name = "communitytasks/portal_task.html"

    def get_context_data(self, **kwargs):
        task = self.object
        today = calendar.today()
        rows, has_planning = _task_rows(Task.objects.filter(pk=task.pk), calendar.monday(today))
        has_next_week = has_planning and _with_next_week(rows[0], task, today)
        months = _report_months(today)
        kwargs.setdefault(
            "form",
            MonthlyReportForm(initial={"month": months[0].isoformat()})
            if task.status == Task.Status.APPROVED
            else None,
        )
        return super().get_context_data(
            task=task,
            row=rows[0],
            has_planning=has_planning,
            has_next_week=has_next_week,
            months=months,
            selected_month=self.request.POST.get("month", months[0].isoformat()),
            reports=task.monthly_reports.all(),
            rejection=task.events.filter(to_status=Task.Status.REJECTED).last(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        task = self.object
        if task.status != Task.Status.APPROVED:
            messages.error(request, _("You can only report on a running task."))
            return redirect("communitytasks:portal_task", pk=task.pk)
        months = {m.isoformat(): m for m in _report_months(calendar.today())}
        form = MonthlyReportForm(request.POST)
        month = months.get(request.POST.get("month", ""))
        if month is None:
            form.add_error(None, _("Choose one of the months in the list."))
        if not form.is_valid() or month is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.report_month(
            task,
            actor=request.user,
            month=month,
            work_done=form.cleaned_data["work_done"],
            liveability=form.cleaned_data["liveability"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you. Your monthly report is saved."))
        return redirect("communitytasks:portal_task", pk=task.pk)


class BringInView(PermissionMixin, View):
    """A referral partner's menu entry: the municipality's task submission form, which
    fills in the partner's organisation and contact and records that they brought the
    task in (``SubmitTaskView``)."""

    permission = "communitytasks.bring_in"

    def get(self, request, *args, **kwargs):
        return redirect("communitytasks:submit", slug=self.municipality.slug)

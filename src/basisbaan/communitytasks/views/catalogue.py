"""The task catalogue, the neighbourhood overview and a task's detail page."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.communitytasks import displacement, services, workflow
from basisbaan.communitytasks.forms import SuitabilityForm
from basisbaan.communitytasks.models import Submission, Task
from basisbaan.communitytasks.views.common import _task_rows
from basisbaan.core import calendar, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin

SEARCH_MAX_LENGTH = 100
SEARCH_MAX_TERMS = 6


def search_text(value) -> str:
    """The search box's text: control characters dropped (PostgreSQL refuses NUL),
    whitespace collapsed, at most ``SEARCH_MAX_LENGTH`` characters."""
    printable = "".join(c if c.isprintable() else " " for c in str(value))
    return " ".join(printable.split())[:SEARCH_MAX_LENGTH]


def search(tasks, query: str):
    """Tasks matching every word of ``query`` in the title, description, organisation or
    wijk, case-insensitive (``icontains``: ILIKE on PostgreSQL, LIKE on SQLite)."""
    for term in query.split()[:SEARCH_MAX_TERMS]:
        tasks = tasks.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(neighbourhood__name__icontains=term)
        )
    return tasks


class CatalogueView(PermissionMixin, TemplateView):
    """Approved (or paused/ended) tasks per neighbourhood and category, searchable by text
    (``q``); events separately."""

    permission = "communitytasks.view"
    template_name = "communitytasks/catalogue.html"
    STATUSES = (Task.Status.APPROVED, Task.Status.PAUSED, Task.Status.ENDED)
    PAGE_SIZE = 50

    def get_context_data(self, **kwargs):
        today = calendar.today()
        tasks = self.scoped(Task.objects.all()).select_related(
            "neighbourhood", "category", "organisation"
        )
        status = self.request.GET.get("status") or Task.Status.APPROVED
        if status not in self.STATUSES:
            status = Task.Status.APPROVED
        tasks = tasks.filter(status=status)
        neighbourhood = self.request.GET.get("neighbourhood", "")
        if (neighbourhood_id := parsing.optional_id(neighbourhood)) is not None:
            tasks = tasks.filter(neighbourhood_id=neighbourhood_id)
        category = self.request.GET.get("category", "")
        if (category_id := parsing.optional_id(category)) is not None:
            tasks = tasks.filter(category_id=category_id)
        query = search_text(self.request.GET.get("q", ""))
        tasks = search(tasks, query)
        week_start = calendar.monday(today)
        weekly = tasks.filter(is_one_off=False).order_by(
            "neighbourhood__name", "category__order", "title", "pk"
        )
        page_obj = Paginator(weekly, self.PAGE_SIZE).get_page(self.request.GET.get("page"))
        recurring, has_planning = _task_rows(
            weekly.filter(pk__in=[t.pk for t in page_obj]), week_start
        )
        events, _unused = _task_rows(
            tasks.filter(is_one_off=True).order_by("event_date", "title"), week_start
        )
        return super().get_context_data(
            recurring=recurring,
            page_obj=page_obj,
            task_count=page_obj.paginator.count,
            events=events,
            has_planning=has_planning,
            total_hours=sum(services.weekly_place_hours(weekly).values()),
            neighbourhoods=self.municipality.neighbourhoods.order_by("name"),
            categories=self.municipality.task_categories.all(),
            statuses=[(s, Task.Status(s).label) for s in self.STATUSES],
            selected={
                "status": status,
                "neighbourhood": neighbourhood,
                "category": category,
                "q": query,
            },
            can_assess=access.has_perm(
                self.request.user, "communitytasks.assess", self.municipality
            ),
            **kwargs,
        )


class NeighbourhoodOverviewView(PermissionMixin, TemplateView):
    """Task-hours a week per wijk or dorp (approved recurring tasks running today)."""

    permission = "communitytasks.view"
    template_name = "communitytasks/neighbourhoods.html"

    def get_context_data(self, **kwargs):
        rows = services.neighbourhood_overview(self.municipality, calendar.today())
        peak = max((r["hours"] for r in rows), default=0) or 1
        for row in rows:
            row["share"] = round(100 * row["hours"] / peak)
        return super().get_context_data(rows=rows, total=sum(r["hours"] for r in rows), **kwargs)


class _StaffNames:
    """Who did something to a task: the staff member's name for those who may see it
    (``communitytasks.view_staff_names``), else a pseudonym stable within the task
    ("Staff member 1", "Staff member 2", ...), so researchers see no staff names."""

    def __init__(self, task: Task, user) -> None:
        self.names = access.can(user, "communitytasks.view_staff_names", task)
        self.pseudonyms: dict[int, int] = {}

    def __call__(self, actor) -> str:
        if actor is None:
            return _("submitter")
        if self.names:
            return actor.get_full_name() or actor.username
        number = self.pseudonyms.setdefault(actor.pk, len(self.pseudonyms) + 1)
        return _("Staff member %(n)d") % {"n": number}


def _history(task: Task, who: _StaffNames) -> list:
    """The task's events, each with ``who`` (see :class:`_StaffNames`)."""
    events = list(task.events.select_related("actor"))
    for event in events:
        event.who = who(event.actor)
    return events


class TaskDetailView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.view"
    model = Task
    template_name = "communitytasks/detail.html"

    def get_queryset(self):
        return Task.objects.select_related(
            "neighbourhood", "category", "organisation", "municipality"
        )

    def get_context_data(self, **kwargs):
        task = self.object
        can_assess = access.can(self.request.user, "communitytasks.assess", task)
        submission = Submission.objects.filter(task=task).first()
        if submission is not None and can_assess:
            audit.read(self.request.user, submission, fields=Submission.PERSONAL_FIELDS)
        rows, has_planning = _task_rows(
            Task.objects.filter(pk=task.pk), calendar.monday(calendar.today())
        )
        who = _StaffNames(task, self.request.user)
        events = _history(task, who)
        return super().get_context_data(
            suitability_who=who(task.suitability_by) if task.suitability_by_id else "",
            task=task,
            row=rows[0],
            has_planning=has_planning,
            submission=submission if can_assess else None,
            advice=displacement.advise(task) if can_assess and submission is not None else None,
            matched_organisation=displacement.find_organisation(task)
            if can_assess and task.organisation_id is None
            else None,
            level_labels=displacement.LEVEL_LABELS,
            events=events,
            conversation=task.messages.all(),
            reports=task.monthly_reports.all()[:12],
            transitions=workflow.available(task.status) if can_assess else [],
            can_assess=can_assess,
            suitability_form=SuitabilityForm(
                initial={"suitability": task.suitability, "note": task.suitability_note},
                version_of=task,
            )
            if can_assess
            else None,
            verified=bool(submission and submission.email_verified_at),
            **kwargs,
        )

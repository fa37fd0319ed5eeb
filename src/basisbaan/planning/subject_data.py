"""What planning holds about one person, for a data-subject request (registered with
:mod:`basisbaan.privacy.registry` in ``PlanningConfig.ready()``).

The published weeks in full (task, day, times and the plain reason of each assignment),
the drafts counted per week, the planners' pins and forbids, replacements, the re-plan
requests about the person and whether a private calendar address exists (never the
address itself: it is a key). Nothing here is kept by law beyond the hours, which
guidance keeps on the timesheets.
"""

from collections import Counter

from django.db.models import F, Q
from django.utils.translation import gettext as _

from basisbaan.planning.models import (
    Assignment,
    CalendarToken,
    PlanRule,
    Replacement,
    ReplanRequest,
)
from basisbaan.privacy.subject import section, text


def export(participant) -> list[dict]:
    published = list(
        Assignment.objects.filter(participant=participant, version__week__published=F("version"))
        .select_related("task", "version__week")
        .order_by("date", "start", "pk")
    )
    drafts = Counter(
        Assignment.objects.filter(participant=participant)
        .exclude(version__week__published=F("version"))
        .values_list("version__week__week_start", flat=True)
    )
    rules = PlanRule.objects.filter(participant=participant).select_related("week", "created_by")
    replacements = list(
        Replacement.objects.filter(Q(absent=participant) | Q(suggested=participant))
        .select_related("task", "week")
        .order_by("date", "start", "pk")
    )
    requests = (
        ReplanRequest.objects.filter(participant=participant)
        .select_related("requested_by", "handled_by")
        .order_by("created_at", "pk")
    )
    tokens = list(CalendarToken.objects.filter(participant=participant))
    return [
        section(
            _("Published work weeks"),
            published,
            rows=[
                {
                    _("week"): a.version.week.label,
                    _("date"): text(a.date),
                    _("start"): text(a.start),
                    _("end"): text(a.end),
                    _("task"): text(a.task) if a.task_id else a.slot_key,
                    _("why this task"): " ".join(a.reason_lines),
                }
                for a in published
            ],
        ),
        {
            "title": _("Draft plans (not published)"),
            "rows": [
                {_("week"): text(week), _("planned places in drafts"): str(count)}
                for week, count in sorted(drafts.items())
            ],
        },
        section(_("Pins and forbids by the planner"), rules, exclude=("created_at",)),
        section(  # without the other person's name (a third party's data)
            _("Replacements after an absence"),
            replacements,
            rows=[
                {
                    _("date"): text(r.date),
                    _("start"): text(r.start),
                    _("end"): text(r.end),
                    _("task"): text(r.task) if r.task_id else r.slot_key,
                    _("you were"): (
                        _("absent") if r.absent_id == participant.pk else _("the replacement")
                    ),
                    _("status"): r.get_status_display(),
                }
                for r in replacements
            ],
        ),
        section(
            _("Requests to change your week"),
            requests,
            fields=["created_at", "requested_by", "reason", "handled_at", "handled_by"],
        ),
        section(
            _("Calendar address"),
            tokens,
            rows=[{_("private calendar address made on"): text(t.created_at)} for t in tokens],
        ),
    ]

"""The displacement advice: does this task risk pushing out regular or volunteer work?

The advice is computed, never stored as truth: it combines the submitter's answers on
additionality with the organisation's history in the programme. Every finding is a
``Reason`` with its own risk level and a plain-language explanation; the overall
level is the highest finding (``low`` when nothing points to displacement). The
assessor decides; the advice only makes the considerations explicit.

Rules (level — condition):

- high   — paid staff do this work now;
- high   — there is a budget for the work (it could pay a regular worker);
- high   — the work is Participatiebaan work;
- high   — an earlier task of the organisation was ended or rejected because of displacement
           (a rejection reason that mentions displacement, "verdringing");
- medium — paid staff did the work in the last two years;
- medium — volunteers do the work structurally;
- medium — the submitter says the work would also be done without a basisbaner;
- medium — the organisation is a housing corporation or a shop (employers with paid
           staff for maintenance and service work);
- medium — the organisation already runs ``MANY_RUNNING`` or more approved tasks
           (basisbaners must not become its structural workforce);
- medium — two or more earlier submissions of the organisation were rejected.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from basisbaan.organisations.models import Organisation

LOW, MEDIUM, HIGH = "low", "medium", "high"
LEVELS = {LOW: 0, MEDIUM: 1, HIGH: 2}
LEVEL_LABELS = {LOW: _("low risk"), MEDIUM: _("medium risk"), HIGH: _("high risk")}
MANY_RUNNING = 8
DISPLACEMENT_WORDS = ("verdring", "displac")


@dataclass(frozen=True)
class Reason:
    code: str
    level: str
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return reason_text(self.code, self.params)

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    def as_json(self) -> dict:
        return {"code": self.code, "level": self.level, "params": self.params}


@dataclass(frozen=True)
class Advice:
    level: str
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self.level])


def reason_text(code: str, params: dict | None = None) -> str:
    params = params or {}
    texts = {
        "paid_staff_now": _(
            "Paid staff do this work now. A basisbaner would take over their work."
        ),
        "budget": _("There is a budget for this work. That money could pay a regular worker."),
        "participatiebaan": _(
            "This is Participatiebaan work. It belongs in that scheme, not in a basisbaan."
        ),
        "paid_staff_recently": _(
            "Paid staff did this work in the last two years. Check why it stopped: "
            "if it was cut back to save money, a basisbaan would replace a job."
        ),
        "volunteers": _("Volunteers do this work structurally. A basisbaner could push them out."),
        "done_anyway": _(
            "The submitter says the work would also be done without a basisbaner, "
            "so it is not clearly extra work."
        ),
        "employer_kind": _(
            "Housing corporations and shops employ paid staff for maintenance and service "
            "work. Check that this task is not part of that work."
        ),
        "none": _("The answers and the organisation's history show no sign of displacement."),
    }
    if code == "many_running":
        return ngettext(
            "The organisation already has %(count)d approved task. Check that basisbaners do "
            "not become its structural workforce.",
            "The organisation already has %(count)d approved tasks. Check that basisbaners "
            "do not become its structural workforce.",
            params.get("count", 0),
        ) % {"count": params.get("count", 0)}
    if code == "earlier_rejections":
        return ngettext(
            "%(count)d earlier submission of this organisation was rejected.",
            "%(count)d earlier submissions of this organisation were rejected.",
            params.get("count", 0),
        ) % {"count": params.get("count", 0)}
    if code == "earlier_displacement":
        return str(
            _("An earlier task of this organisation was rejected or ended because of displacement.")
        )
    return str(texts.get(code, code))


def find_organisation(task) -> Organisation | None:
    """The task's organisation, or an existing one matching the submission (KvK, then name)."""
    if task.organisation_id:
        return task.organisation
    submission = getattr(task, "submission", None)
    if submission is None:
        return None
    candidates = Organisation.objects.filter(municipality_id=task.municipality_id)
    if submission.kvk_number:
        match = candidates.filter(kvk_number=submission.kvk_number).first()
        if match:
            return match
    return candidates.filter(name__iexact=submission.organisation_name.strip()).first()


def _history_reasons(task, organisation: Organisation | None) -> list[Reason]:
    from basisbaan.communitytasks.models import Task, TaskEvent

    if organisation is None:
        return []
    reasons = []
    others = Task.objects.filter(organisation=organisation).exclude(pk=task.pk)
    running = others.filter(status=Task.Status.APPROVED).count()
    if running >= MANY_RUNNING:
        reasons.append(Reason("many_running", MEDIUM, {"count": running}))
    rejected = others.filter(status=Task.Status.REJECTED).count()
    if rejected >= 2:
        reasons.append(Reason("earlier_rejections", MEDIUM, {"count": rejected}))
    word_filter = Q()
    for word in DISPLACEMENT_WORDS:
        word_filter |= Q(reason__icontains=word)
    if (
        TaskEvent.objects.filter(
            task__in=others, to_status__in=[Task.Status.REJECTED, Task.Status.ENDED]
        )
        .filter(word_filter)
        .exists()
    ):
        reasons.append(Reason("earlier_displacement", HIGH))
    if organisation.kind in (Organisation.Kind.HOUSING, Organisation.Kind.SHOP):
        reasons.append(Reason("employer_kind", MEDIUM))
    return reasons


def advise(task) -> Advice:
    """The displacement advice for ``task`` from its submission and organisation history."""
    from basisbaan.communitytasks.models import Submission

    reasons: list[Reason] = []
    submission = getattr(task, "submission", None)
    if submission is not None:
        if submission.paid_staff == Submission.PaidStaff.NOW:
            reasons.append(Reason("paid_staff_now", HIGH))
        elif submission.paid_staff == Submission.PaidStaff.RECENTLY:
            reasons.append(Reason("paid_staff_recently", MEDIUM))
        if submission.has_budget:
            reasons.append(Reason("budget", HIGH))
        if submission.participatiebaan_work:
            reasons.append(Reason("participatiebaan", HIGH))
        if submission.volunteers_structurally:
            reasons.append(Reason("volunteers", MEDIUM))
        if not submission.otherwise_not_done:
            reasons.append(Reason("done_anyway", MEDIUM))
    organisation = find_organisation(task)
    history = _history_reasons(task, organisation)
    if (
        organisation is None
        and submission is not None
        and submission.organisation_kind in (Organisation.Kind.HOUSING, Organisation.Kind.SHOP)
    ):
        history.append(Reason("employer_kind", MEDIUM))
    reasons.extend(history)
    if not reasons:
        return Advice(LOW, (Reason("none", LOW),))
    reasons.sort(key=lambda r: -LEVELS[r.level])
    return Advice(reasons[0].level, tuple(reasons))

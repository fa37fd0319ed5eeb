"""The assessment of a task, as one explicit transition table.

    submitted ──start──▶ under_assessment ──approve──▶ approved ──pause──▶ paused
                              │   ▲   │                    │  ▲            │
                     ask──────┘   │   └──reject──▶ rejected │  └──resume───┘
                              ▼   │                        end            end
                         more_info ─answer (submitter)     ▼               ▼
                   (no answer: reject)                    ended ◀─────────┘

Every transition names who may take it (programme staff or the submitter through
the private status link), whether a reason is required, and whether the submitter
is told. ``services.transition`` is the only code that applies it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from basisbaan.communitytasks.models import Task

S = Task.Status

STAFF = "staff"
SUBMITTER = "submitter"


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: str
    actor: str = STAFF
    reason_required: bool = False
    reason_label: str = _("Reason")
    notify_submitter: bool = False
    needs_verified_email: bool = False
    allows_consultation_note: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start",
        S.SUBMITTED,
        S.UNDER_ASSESSMENT,
        _("Start the assessment"),
        needs_verified_email=True,
    ),
    Transition(
        "approve",
        S.UNDER_ASSESSMENT,
        S.APPROVED,
        _("Approve"),
        reason_required=True,
        reason_label=_("Why is this task approved?"),
        notify_submitter=True,
        allows_consultation_note=True,
    ),
    Transition(
        "reject",
        S.UNDER_ASSESSMENT,
        S.REJECTED,
        _("Reject"),
        reason_required=True,
        reason_label=_("Reason for the rejection (sent to the submitter)"),
        notify_submitter=True,
        allows_consultation_note=True,
    ),
    Transition(
        "reject",
        S.MORE_INFO,
        S.REJECTED,
        _("Reject"),
        reason_required=True,
        reason_label=_("Reason for the rejection (sent to the submitter)"),
        notify_submitter=True,
        allows_consultation_note=True,
    ),
    Transition(
        "ask",
        S.UNDER_ASSESSMENT,
        S.MORE_INFO,
        _("Ask for more information"),
        reason_required=True,
        reason_label=_("Your question (sent to the submitter)"),
        notify_submitter=True,
    ),
    Transition(
        "answer",
        S.MORE_INFO,
        S.UNDER_ASSESSMENT,
        _("Send the answer"),
        actor=SUBMITTER,
        reason_required=True,
        reason_label=_("Your answer"),
    ),
    Transition(
        "pause",
        S.APPROVED,
        S.PAUSED,
        _("Pause"),
        reason_required=True,
        reason_label=_("Why is the task paused?"),
        notify_submitter=True,
    ),
    Transition("resume", S.PAUSED, S.APPROVED, _("Resume"), notify_submitter=True),
    Transition(
        "end",
        S.APPROVED,
        S.ENDED,
        _("End"),
        reason_required=True,
        reason_label=_("Why does the task end?"),
        notify_submitter=True,
    ),
    Transition(
        "end",
        S.PAUSED,
        S.ENDED,
        _("End"),
        reason_required=True,
        reason_label=_("Why does the task end?"),
        notify_submitter=True,
    ),
)

_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}
ACTIONS = sorted({t.action for t in TRANSITIONS})


class TransitionNotAllowed(Exception):
    """The action is not possible from the task's current status (or not for this actor)."""


def find(status: str, action: str, actor: str = STAFF) -> Transition:
    transition = _BY_KEY.get((status, action))
    if transition is None or transition.actor != actor:
        raise TransitionNotAllowed(action)
    return transition


def available(status: str, actor: str = STAFF) -> list[Transition]:
    """The transitions ``actor`` may take from ``status``, in table order."""
    return [t for t in TRANSITIONS if t.source == status and t.actor == actor]

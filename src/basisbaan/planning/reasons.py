"""Why an assignment is in the plan, in plain language.

``reason_for`` collects the facts from the planning problem (stored as JSON on the
assignment); ``describe`` turns them into short sentences for planners.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from basisbaan.core.vocabulary import SKILLS


def reason_for(instance, participant_id: str, slot_id: str, pinned: bool = False) -> dict:
    """The facts behind one assignment (``instance`` is the engine's parsed Instance)."""
    person = instance.participant_by_id[participant_id]
    slot = instance.slots[slot_id]
    task = instance.task_by_id[slot.task]
    return {
        "skills": sorted(task.requires),
        "wish": (task.category in person.wishes) if person.wishes else None,
        "km": round(instance.km(person.home, task.neighbourhood), 1),
        "max_km": person.max_travel_km,
        "continuity": slot_id in person.previous,
        "had_previous": bool(person.previous),
        "pinned": pinned,
    }


def describe(reason: dict) -> list[str]:
    """Plain-language sentences for a stored reason."""
    if not reason:
        return []
    lines = []
    if reason.get("replacement"):
        lines.append(_("Stands in for a colleague who is absent."))
    if reason.get("pinned"):
        lines.append(_("A planner pinned this."))
    if reason.get("continuity"):
        lines.append(_("Same as last week."))
    elif reason.get("had_previous"):
        lines.append(_("New compared with last week."))
    skills = reason.get("skills") or []
    if skills:
        names = ", ".join(str(SKILLS.get(code, code)) for code in skills)
        lines.append(_("Has the skills needed: %(skills)s.") % {"skills": names})
    else:
        lines.append(_("No special skills needed."))
    wish = reason.get("wish")
    if wish is True:
        lines.append(_("Matches a wish."))
    elif wish is False:
        lines.append(_("Not one of the wishes."))
    km = reason.get("km")
    if km is not None:
        if km < 0.5:
            lines.append(_("In the own neighbourhood."))
        else:
            lines.append(
                ngettext("%(km)s km from home.", "%(km)s km from home.", int(round(km)))
                % {"km": number_format(km, 1)}
            )
    return lines

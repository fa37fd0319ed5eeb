"""A plan version's note, stored language-neutral and translated when shown.

``PlanVersion.note`` is read in the reader's language (a planner may switch to English),
so it is stored as the English msgids with their values (JSON) and rendered with
``text(note)``; a note from before this format is shown as it was written."""

import json

from django.utils.translation import gettext


def encode(parts: list[tuple[str, dict]]) -> str:
    """``parts``: (msgid marked with ``gettext_noop``, its values). Empty when none."""
    if not parts:
        return ""
    return json.dumps({"notes": [[msgid, params] for msgid, params in parts]})


def text(note: str) -> str:
    """The note in the active language."""
    if not note or not note.startswith("{"):
        return note
    try:
        parts = json.loads(note)["notes"]
        return " ".join(gettext(msgid) % params for msgid, params in parts)
    except (ValueError, KeyError, TypeError):
        return note

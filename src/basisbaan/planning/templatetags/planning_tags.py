"""Template helpers for planning: category pictograms (inline SVG) and hour formatting."""

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

register = template.Library()

# Simple line drawings on a 24 x 24 grid, one per TaskCategory.pictogram code.
_SHAPES = {
    # a cup with steam: catering, community centre
    "cup": '<path d="M4 10h12v5a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5z"/><path d="M16 12h2a2 2 0 0 1 0 4h-2"/>'
    '<path d="M8 3c-1 1.5 1 2.5 0 4M12 3c-1 1.5 1 2.5 0 4"/>',
    # a heart: visiting and care
    "heart": '<path d="M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10z"/>',
    # a waste bin: litter picking
    "bin": '<path d="M5 7h14M9 7V4h6v3M7 7l1 13h8l1-13"/><path d="M10 11v6M14 11v6"/>',
    # a box: decluttering, moving things
    "box": '<path d="M3 8l9-4 9 4v9l-9 4-9-4z"/><path d="M3 8l9 4 9-4M12 12v9"/>',
    # a hammer: odd jobs
    "hammer": '<path d="M14 4l6 6-3 3-6-6z"/><path d="M12 9l-8 8 3 3 8-8"/>',
    # a sheet of paper: light admin
    "paper": '<path d="M6 3h9l4 4v14H6z"/><path d="M15 3v4h4M9 12h7M9 16h7"/>',
    # a door: host or hostess
    "door": '<path d="M6 21V3h12v18M3 21h18"/><circle cx="15" cy="12" r="1"/>',
    # a bicycle: bike stewards
    "bike": '<circle cx="6" cy="16" r="4"/><circle cx="18" cy="16" r="4"/>'
    '<path d="M6 16l4-8h5l3 8M10 8l2 8h-6M14 5h3"/>',
    # a ball: sports clubs
    "ball": '<circle cx="12" cy="12" r="9"/><path d="M12 7l4 3-1.5 5h-5L8 10z"/>'
    '<path d="M12 3v4M21 11l-5-1M17 20l-2.5-5M7 20l2.5-5M3 11l5-1"/>',
    # a hand holding a heart: standing by vulnerable residents
    "hands": '<path d="M12 11s-3.5-2-3.5-4.5a1.75 1.75 0 0 1 3.5-.5 1.75 1.75 0 0 1 3.5.5C15.5 9 12 11 12 11z"/>'
    '<path d="M2 14h4l3 2h4a1.5 1.5 0 0 1 0 3H9"/><path d="M2 21h11l7-5a1.5 1.5 0 0 0-2-2.3l-4 2.6"/>',
    # a shopping bag: shopping and delivery
    "bag": '<path d="M5 8h14l-1 13H6z"/><path d="M9 10V6a3 3 0 0 1 6 0v4"/>',
    # an eye: visibility in the neighbourhood
    "eye": '<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>',
}
_DEFAULT = '<circle cx="12" cy="12" r="8"/><path d="M12 8v4l3 2"/>'  # a clock: any work


def pictogram_svg(code: str) -> str:
    shape = _SHAPES.get(code or "", _DEFAULT)
    return (
        '<svg class="bb-pictogram" viewBox="0 0 24 24" width="48" height="48" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
        f'aria-hidden="true" focusable="false">{shape}</svg>'
    )


PICTOGRAMS = tuple(_SHAPES)


@register.simple_tag
def pictogram(code: str):
    """Inline SVG for a category pictogram code; decorative (the text says what it is)."""
    return mark_safe(pictogram_svg(code))  # noqa: S308 - fixed markup from this module only


@register.filter
def hours(value) -> str:
    """4.0 -> "4", 2.5 -> "2,5" (localised)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if abs(number - round(number)) < 1e-9:
        return str(int(round(number)))
    return number_format(number, 1)


@register.simple_tag
def clock(value):
    """A time as 9:00 (no leading zero, easier to read)."""
    if value is None:
        return ""
    return f"{value.hour}:{value.minute:02d}"


@register.filter
def plan_note(note: str) -> str:
    """A plan version's note in the reader's language (planning.notes)."""
    from basisbaan.planning.notes import text

    return text(note)

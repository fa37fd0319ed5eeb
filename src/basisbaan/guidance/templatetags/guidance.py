from django import template

register = template.Library()


@register.filter
def index(sequence, position):
    """``days|index:2``: the item at a position (for grids)."""
    try:
        return sequence[int(position)]
    except (IndexError, TypeError, ValueError):
        return ""

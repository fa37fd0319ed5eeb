"""Money and percentages as the Dutch read them: ``€ 1.234,56``."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value, decimals=2):
    """``{{ amount|money }}`` → ``€ 1.234,56``; ``{{ amount|money:0 }}`` → ``€ 1.235``;
    an empty value → ``–``. Separators follow the active language."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    places = int(decimals)
    rounded = amount.quantize(Decimal(1).scaleb(-places))
    text = formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
    if text.startswith("-"):
        return f"− € {text[1:]}"
    return f"€ {text}"


@register.filter
def number(value, decimals=0):
    """A figure with the active language's separators: ``1.234`` or ``12,5``."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    places = int(decimals)
    rounded = amount.quantize(Decimal(1).scaleb(-places))
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)

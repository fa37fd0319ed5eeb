"""Well-being and income measures used in the coach's check-in.

WHO-5 well-being index: five items scored 0-5; raw score 0-25; times 4 gives 0-100.
A raw score below 13 indicates poor well-being.
"""

from collections.abc import Sequence
from decimal import Decimal

WHO5_ITEMS = 5
WHO5_ITEM_MAX = 5
WHO5_POOR_BELOW_RAW = 13


def who5_raw(items: Sequence[int]) -> int:
    """The raw WHO-5 score (0-25) of five item answers (each 0-5)."""
    if len(items) != WHO5_ITEMS:
        raise ValueError(f"WHO-5 has {WHO5_ITEMS} items, got {len(items)}")
    for value in items:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("WHO-5 items are whole numbers")
        if not 0 <= value <= WHO5_ITEM_MAX:
            raise ValueError(f"WHO-5 items score 0-{WHO5_ITEM_MAX}, got {value}")
    return sum(items)


def who5_percentage(raw: int) -> int:
    """The WHO-5 index on the 0-100 scale."""
    if not 0 <= raw <= WHO5_ITEMS * WHO5_ITEM_MAX:
        raise ValueError(f"raw WHO-5 score out of range: {raw}")
    return raw * 4


def who5_poor(raw: int, below: int = WHO5_POOR_BELOW_RAW) -> bool:
    return raw < below


def income_compared_to_norm(net_income: Decimal, norm: Decimal) -> Decimal:
    """Net monthly income minus the bijstand norm (positive: better off than on bijstand)."""
    return (Decimal(net_income) - Decimal(norm)).quantize(Decimal("0.01"))

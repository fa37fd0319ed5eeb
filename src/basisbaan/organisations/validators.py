from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn


def validate_kvk(value: str) -> None:
    """A KvK number is eight digits."""
    if not (value.isdigit() and len(value) == 8):
        raise ValidationError(_("A KvK number has exactly eight digits."), code="kvk")


def validate_bsn(value: str) -> None:
    """A BSN has nine digits and passes the elfproef (python-stdnum)."""
    try:
        bsn.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid BSN (nine digits that pass the elfproef)."), code="bsn"
        ) from exc

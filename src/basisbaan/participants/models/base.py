"""Shared pieces of the participant models: validators, pseudonyms and choices."""

import base64
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_number

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$",
    _("A Dutch postcode is four digits and two capital letters, e.g. 9711 AB."),
)


def validate_bsn(value: str) -> None:
    if not bsn_number.is_valid(value or ""):
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the elfproef."),
            code="invalid_bsn",
        )


def new_pseudonym() -> str:
    """A short random code that identifies a participant to researchers (no personal data)."""
    return "P" + base64.b32encode(secrets.token_bytes(10)).decode()[:10]


class Status(models.TextChoices):
    REFERRED = "referred", _("referred")
    SCREENING = "screening", _("screening")
    INTAKE = "intake", _("intake")
    WAITING_LIST = "waiting_list", _("waiting list")
    MATCHING = "matching", _("matching")
    EMPLOYED = "employed", _("employed (temporary contract)")
    PERMANENT = "permanent", _("permanent contract")
    EXITED = "exited", _("exited")
    LONG_TERM_SICK = "long_term_sick", _("long-term sick (paused)")


IN_SERVICE = (Status.EMPLOYED, Status.PERMANENT)


class ExitReason(models.TextChoices):
    REGULAR_JOB = "regular_job", _("regular job")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    MOVED = "moved", _("moved away")
    OWN_CHOICE = "own_choice", _("own choice")
    END_OF_CONTRACT = "end_of_contract", _("end of contract")
    DECEASED = "deceased", _("deceased")
    OTHER = "other", _("other")


class TravelMode(models.TextChoices):
    WALK = "walk", _("on foot")
    BIKE = "bike", _("bicycle")
    PUBLIC_TRANSPORT = "public_transport", _("public transport")
    CAR = "car", _("car")

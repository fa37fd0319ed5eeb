"""Referrals by partners: submit, take into intake, decline, withdraw.

A referral partner (welfare work, a work service) refers a resident with their consent
and a short motivation. Programme staff take the referral into intake, which creates
the participant (status "referred", the workflow's entry: screening comes next) with the
partner as referral source, or decline it with a coded reason. What the partner learns
afterwards is ``partner_stage``: the stage and its date, nothing of the file.

Every function validates first, writes in one transaction and audits.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import Participant, Referral, Status, StatusChange
from basisbaan.participants.models.referral import MOTIVATION_MAX

# Words that point at health or income: the motivation goes to programme staff and is
# kept with the referral, so it must not carry such details (the intake asks them, with
# the resident, where they belong). Matched as word starts, case-insensitive.
SENSITIVE_WORDS = (
    "ziek",
    "ziekte",
    "diagnose",
    "depress",
    "burn-out",
    "burnout",
    "psych",
    "medicijn",
    "medicatie",
    "verslav",
    "gezondheid",
    "handicap",
    "beperking",
    "adhd",
    "autis",
    "inkomen",
    "uitkering",
    "bijstand",
    "schuld",
    "loon",
    "salaris",
    "toeslag",
    "health",
    "illness",
    "sick",
    "income",
    "benefit",
    "debt",
)
_SENSITIVE = re.compile(r"\b(" + "|".join(re.escape(w) for w in SENSITIVE_WORDS) + r")", re.I)


class ReferralError(Exception):
    """A step that is not possible now; ``message`` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ReferralData:
    first_name: str
    surname: str
    motivation: str
    consent: bool
    prefix: str = ""
    phone: str = ""
    email: str = ""
    birth_date: datetime.date | None = None
    postcode: str = ""
    neighbourhood: object = None


def sensitive_words(text: str) -> list[str]:
    """The words in ``text`` that point at health or income (empty: none)."""
    return sorted({match.group(0).lower() for match in _SENSITIVE.finditer(text or "")})


def partner_organisation(assignment):
    """The organisation a referral-partner assignment acts for, when it may refer."""
    organisation = assignment.organisation if assignment.organisation_id else None
    if organisation is None or not organisation.is_referral_partner or not organisation.active:
        return None
    return organisation


def _validate(data: ReferralData, municipality, today: datetime.date) -> dict:
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    first_name, surname = data.first_name.strip(), data.surname.strip()
    if not first_name:
        add("first_name", _("Fill in the resident's first name."))
    if not surname:
        add("surname", _("Fill in the resident's surname."))
    phone, email = data.phone.strip(), data.email.strip()
    if not phone and not email:
        add("phone", _("Give a phone number or an e-mail address so we can reach the resident."))
    motivation = data.motivation.strip()
    if not motivation:
        add("motivation", _("Write in a few sentences why a basisbaan could suit this resident."))
    elif len(motivation) > MOTIVATION_MAX:
        add(
            "motivation",
            _("Keep the motivation under %(max)s characters.") % {"max": MOTIVATION_MAX},
        )
    elif words := sensitive_words(motivation):
        add(
            "motivation",
            _(
                "Write nothing about health or income: the intake asks about that with the "
                "resident. Remove: %(words)s."
            )
            % {"words": ", ".join(words)},
        )
    if not data.consent:
        add("consent", _("Refer a resident only when they agree: ask them first."))
    if data.birth_date is not None and not (
        datetime.date(1900, 1, 1) <= data.birth_date <= calendar.add_years(today, -15)
    ):
        add("birth_date", _("This date of birth is not possible for a resident who can work."))
    if data.neighbourhood is not None and data.neighbourhood.municipality_id != municipality.pk:
        add("neighbourhood", _("Choose a neighbourhood of this municipality."))
    if errors:
        raise ValidationError(errors)
    return {
        "first_name": first_name,
        "prefix": data.prefix.strip(),
        "surname": surname,
        "phone": phone,
        "email": email,
        "birth_date": data.birth_date,
        "postcode": data.postcode.strip().upper(),
        "neighbourhood": data.neighbourhood,
        "motivation": motivation,
    }


def submit(
    user, organisation, municipality, data: ReferralData, today: datetime.date | None = None
) -> Referral:
    """Record a partner's referral of a resident (consent required).

    Refused when the organisation is no referral partner of ``municipality`` or when the
    same organisation already has an open referral of the same person (same name and
    phone, e-mail or date of birth): a second one would only confuse the intake."""
    today = today or calendar.today()
    if (
        organisation is None
        or not organisation.is_referral_partner
        or not organisation.active
        or organisation.municipality_id != municipality.pk
    ):
        raise ReferralError(_("Your organisation is not a referral partner of this municipality."))
    values = _validate(data, municipality, today)
    with transaction.atomic():
        open_same = Referral.objects.select_for_update().filter(
            organisation=organisation,
            status=Referral.Status.SUBMITTED,
            first_name__iexact=values["first_name"],
            surname__iexact=values["surname"],
        )
        for other in open_same:
            if (
                (values["phone"] and other.phone == values["phone"])
                or (values["email"] and other.email.lower() == values["email"].lower())
                or (values["birth_date"] and other.birth_date == values["birth_date"])
            ):
                raise ReferralError(
                    _(
                        "Your organisation already referred this resident; that referral is "
                        "still open."
                    )
                )
        now = timezone.now()
        referral = Referral.objects.create(
            municipality=municipality,
            organisation=organisation,
            referred_by=user,
            consent=True,
            consent_recorded_at=now,
            consent_recorded_by=user,
            submitted_at=now,
            **values,
        )
        audit.created(user, referral, fields=Referral.PERSONAL_FIELDS, purpose="referral")
    return referral


def _locked_open(referral_id: int) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral_id)
    if referral.status != Referral.Status.SUBMITTED:
        raise ReferralError(
            _("This referral was already handled (%(stage)s). Look again.")
            % {"stage": referral.get_status_display()}
        )
    return referral


@dataclass(frozen=True)
class Intake:
    referral: Referral
    participant: Participant
    created: bool


def take_into_intake(
    referral_id: int,
    user,
    *,
    bsn: str,
    birth_date: datetime.date,
    postcode: str,
    house_number: str,
) -> Intake:
    """Take a referral into intake: the participant is created from the referral (status
    "referred", the start of the workflow, with the partner as referral source) or, when
    the municipality already knows this BSN, the referral is linked to that person."""
    from basisbaan.participants.importer import default_programme

    with transaction.atomic():
        referral = _locked_open(referral_id)
        municipality = referral.municipality
        participant = (
            Participant.objects.select_for_update()
            .filter(municipality=municipality, bsn=bsn)
            .first()
        )
        created = participant is None
        now = timezone.now()
        if created:
            participant = Participant(
                municipality=municipality,
                programme=default_programme(municipality),
                bsn=bsn,
                first_name=referral.first_name,
                prefix=referral.prefix,
                surname=referral.surname,
                birth_date=birth_date,
                postcode=postcode,
                house_number=house_number,
                phone=referral.phone,
                email=referral.email,
                home_neighbourhood=referral.neighbourhood,
                referral_source=referral.organisation,
                status=Status.REFERRED,
                status_changed_at=now,
                registered_at=now,
            )
            # The intake form validated these; the model's validators guard the service.
            participant.full_clean(validate_unique=False, validate_constraints=False)
            try:
                with transaction.atomic():
                    participant.save()
            except IntegrityError:
                raise ReferralError(
                    _("Someone else just registered this BSN. Look again and retry.")
                ) from None
            StatusChange.objects.create(
                participant=participant,
                from_status="",
                to_status=Status.REFERRED,
                at=now,
                by=user,
                note=_("Referral by %(partner)s") % {"partner": referral.organisation.name},
            )
            audit.created(
                user,
                participant,
                fields=[
                    "bsn",
                    "first_name",
                    "prefix",
                    "surname",
                    "birth_date",
                    "postcode",
                    "house_number",
                    "phone",
                    "email",
                    "referral_source",
                ],
                purpose="referral intake",
            )
        elif participant.referral_source_id is None:
            participant.referral_source = referral.organisation
            participant.save(update_fields=["referral_source", "updated_at"])
            audit.changed(user, participant, fields=["referral_source"], purpose="referral intake")
        referral.status = Referral.Status.IN_INTAKE
        referral.decided_at = now
        referral.decided_by = user
        referral.participant = participant
        referral.save(update_fields=["status", "decided_at", "decided_by", "participant"])
        audit.changed(user, referral, fields=["status", "participant"], purpose="referral intake")
    return Intake(referral, participant, created)


def decline(referral_id: int, user, reason: str) -> Referral:
    """Do not take the referral in, for one of the coded reasons (the partner sees it)."""
    if reason not in Referral.DeclineReason.values:
        raise ValidationError({"reason": _("Choose one of the reasons.")})
    with transaction.atomic():
        referral = _locked_open(referral_id)
        referral.status = Referral.Status.DECLINED
        referral.decline_reason = reason
        referral.decided_at = timezone.now()
        referral.decided_by = user
        referral.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        audit.changed(user, referral, fields=["status", "decline_reason"], purpose="referral")
    return referral


def withdraw(referral_id: int, user) -> Referral:
    """The partner withdraws an open referral (e.g. the resident changed their mind)."""
    with transaction.atomic():
        referral = _locked_open(referral_id)
        referral.status = Referral.Status.WITHDRAWN
        referral.decided_at = timezone.now()
        referral.decided_by = user
        referral.save(update_fields=["status", "decided_at", "decided_by"])
        audit.changed(user, referral, fields=["status"], purpose="referral")
    return referral


@dataclass(frozen=True)
class PartnerStage:
    """What a partner sees of one referral: the resident as they referred them, the
    stage and its date, and a coded reason when not taken in. Nothing of the file."""

    pk: int
    name: str
    submitted_on: datetime.date
    stage: str
    stage_label: str
    stage_on: datetime.date
    reason: str
    may_withdraw: bool


def partner_stage(referral: Referral) -> PartnerStage:
    return PartnerStage(
        pk=referral.pk,
        name=referral.display_name,
        submitted_on=timezone.localtime(referral.submitted_at).date(),
        stage=referral.status,
        stage_label=str(referral.get_status_display()),
        stage_on=timezone.localtime(referral.stage_date).date(),
        reason=str(referral.get_decline_reason_display())
        if referral.status == Referral.Status.DECLINED
        else "",
        may_withdraw=referral.status == Referral.Status.SUBMITTED,
    )

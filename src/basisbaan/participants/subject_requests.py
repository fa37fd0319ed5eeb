"""Handling data-subject requests (AVG art. 15-21): the register, corrections and erasure.

- ``register``: a request comes in; its due date is one month after receipt.
- ``handle``: the outcome (granted, partly granted, refused) with who and when.
- ``rectify``: a field of the file is corrected; the rectification log describes the old
  and new value, but never repeats a BSN (``SENSITIVE``).
- ``record_correction``: a correction elsewhere (a sick report's date, a check-in),
  described by the handler without special-category values.
- ``erasure_assessment`` / ``erase``: what the law requires keeping (each app's exporter
  says so per section, with its legal ground); when nothing must be kept, the file is
  erased with everything that hangs on it and the login account is anonymised. The
  request itself stays in the register (the participant link empty, the pseudonym kept).

Every step is audited; the audit entries name records, never their content.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import DataSubjectRequest, Participant, Rectification
from basisbaan.privacy import subject

# The fields of the file a handler may correct here: name -> the value is not repeated in
# the log (an identifying number).
CORRECTABLE = {
    "initials": False,
    "first_name": False,
    "prefix": False,
    "surname": False,
    "birth_date": False,
    "postcode": False,
    "house_number": False,
    "phone": False,
    "email": False,
    "bsn": True,
}
NOT_REPEATED = gettext_lazy("(not repeated: identifying number)")


def register(participant, user, kind: str, received_on: datetime.date, description: str = ""):
    if received_on > calendar.today():
        raise ValidationError({"received_on": _("A request cannot be received in the future.")})
    request = DataSubjectRequest.objects.create(
        municipality=participant.municipality,
        participant=participant,
        subject_pseudonym=participant.pseudonym,
        kind=kind,
        received_on=received_on,
        description=(description or "").strip()[:500],
        registered_by=user,
    )
    audit.created(user, request, fields=["kind", "received_on", "description"])
    return request


def handle(request: DataSubjectRequest, user, status: str, outcome: str) -> list[str]:
    """Record the outcome (call inside ``editing(request, version)``); returns what changed."""
    outcome = (outcome or "").strip()
    if status != DataSubjectRequest.Status.OPEN and not outcome:
        raise ValidationError({"outcome": _("Say what was done, or why it was refused.")})
    changed = []
    if status != request.status:
        request.status = status
        changed.append("status")
    if outcome != request.outcome:
        request.outcome = outcome
        changed.append("outcome")
    if changed:
        if status == DataSubjectRequest.Status.OPEN:
            request.handled_by, request.handled_on = None, None
        else:
            request.handled_by, request.handled_on = user, calendar.today()
        request.save(update_fields=[*changed, "handled_by", "handled_on"])
        audit.changed(user, request, fields=changed)
    return changed


def _described(participant, name: str, value) -> str:
    if CORRECTABLE[name]:
        return str(NOT_REPEATED)
    return subject.text(value) or "—"


def rectify(participant, user, request, name: str, new_value) -> Rectification | None:
    """Correct one field of the file (call inside ``editing(participant, version)``)."""
    if name not in CORRECTABLE:
        raise ValidationError({"field": _("This field cannot be corrected here.")})
    field = Participant._meta.get_field(name)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    try:
        value = field.clean(new_value, locked)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    old = getattr(locked, name)
    if old == value:
        return None
    if name == "bsn" and (
        Participant.objects.filter(municipality=locked.municipality, bsn=value)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError({"value": _("Another participant has this BSN.")})
    setattr(locked, name, value)
    locked.save(update_fields=[name, "updated_at"])
    purpose = f"rectification, request {request.pk}" if request else "rectification"
    audit.changed(user, locked, fields=[name], purpose=purpose)
    entry = Rectification.objects.create(
        participant=locked,
        request=request,
        what=str(field.verbose_name),
        old_description=_described(locked, name, old)[:300],
        new_description=_described(locked, name, value)[:300],
        by=user,
    )
    audit.created(user, entry, fields=["what"])
    return entry


def record_correction(participant, user, request, what: str, old: str, new: str):
    """A correction made elsewhere (another record), described by the handler."""
    what, old, new = (what or "").strip(), (old or "").strip(), (new or "").strip()
    if not (what and old and new):
        raise ValidationError(_("Say what was corrected, and describe the old and new value."))
    entry = Rectification.objects.create(
        participant=participant,
        request=request,
        what=what[:200],
        old_description=old[:300],
        new_description=new[:300],
        by=user,
    )
    audit.created(user, entry, fields=["what"])
    return entry


def erasure_assessment(participant) -> list[dict]:
    """What the law requires keeping: ``[{"reason", "titles"}]``, one per legal ground;
    empty when the person's data may be erased."""
    grounds: dict[str, list[str]] = {}
    for found in subject.kept(subject.collect(participant)):
        grounds.setdefault(found["keep"], []).append(found["title"])
    return [{"reason": reason, "titles": titles} for reason, titles in grounds.items()]


def refusal_text(assessment: list[dict]) -> str:
    return "\n".join(f"{', '.join(g['titles'])}: {g['reason']}" for g in assessment)


def erase(request: DataSubjectRequest, user) -> bool:
    """Erase the person of an erasure request when the law allows; otherwise record the
    refusal with its legal grounds. Returns whether the data was erased."""
    participant = request.participant
    if participant is None or request.kind != DataSubjectRequest.Kind.ERASURE:
        raise ValidationError(_("This is not an open erasure request of a known person."))
    assessment = erasure_assessment(participant)
    with transaction.atomic():
        request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise ValidationError(_("This request is already handled."))
        if assessment:
            request.status = DataSubjectRequest.Status.REFUSED
            request.outcome = _("Not erased: the law requires keeping these records.") + (
                "\n" + refusal_text(assessment)
            )
        else:
            account = participant.user
            try:
                with transaction.atomic():
                    audit.deleted(user, participant, purpose=f"erasure, request {request.pk}")
                    participant.delete()
            except ProtectedError:  # a record the exporters did not report: refuse
                request.status = DataSubjectRequest.Status.REFUSED
                request.outcome = _("Not erased: records elsewhere still refer to the person.")
                assessment = [{"reason": request.outcome, "titles": []}]
            else:
                if account is not None:
                    _anonymise_account(account, request)
                request.status = DataSubjectRequest.Status.GRANTED
                request.outcome = _("Erased: the file and everything that hangs on it.")
        request.handled_by, request.handled_on = user, calendar.today()
        request.save(update_fields=["status", "outcome", "handled_by", "handled_on"])
        audit.changed(user, request, fields=["status", "outcome"])
    return not assessment


def _anonymise_account(account, request) -> None:
    """The person's login goes: it cannot be deleted (audit entries name it as actor)."""
    account.username = f"erased-{request.subject_pseudonym or request.pk}"[:150]
    account.first_name = account.last_name = ""
    account.email = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    account.role_assignments.all().delete()

"""What the retention job does with the participants app's records (privacy.retention).

Registered in ``ParticipantsConfig.ready()`` as four record types:

- ``participant_file``: the file of someone who left (status exited), anonymised when
  the period has passed since the exit plus the longest follow-up (12 months). The row
  keeps what the evaluation's aggregates need: the pseudonym, the status history's
  dates and reasons (headcounts, starts, exits, retention), the neighbourhood and the
  four-digit postcode area, the birth year (the birth date becomes 1 July of it), the
  month the benefit started, contract hours and preferences. Gone: BSN, names, the
  full postcode and house number, phone, e-mail, free-text notes (status changes,
  follow-ups, screening overrides, scans, AVG requests), limitations and availability,
  and the link to a login account (deactivated and anonymised when it is theirs only).
  Someone whom another app still needs (registry holds: an open sickness case, a
  payroll correction still to be exported) is kept, with the reason.
- ``contracts``: employment contracts hold dates, hours and wages only: they stay as
  the cost and headcount figures need them; their person is anonymised with the file.
  The record type is in the register for its fiscal ground; its expiry counts the
  contracts whose person is still identifiable after the fiscal period.
- ``import_sources``: the uploaded target-group files and their previews (every row of
  the benefits administration's export), deleted after the period; the summary
  (counts) of the import stays.
- ``referrals``: referrals by partners, deleted a period after the decision (open ones
  wait for it).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.participants.models import (
    FOLLOW_UP_MONTHS,
    DataSubjectRequest,
    EmploymentContract,
    FollowUp,
    ImportRun,
    Participant,
    Rectification,
    Referral,
    Scan,
    Screening,
    Status,
    StatusChange,
)
from basisbaan.privacy import registry, retention

PARTICIPANT_FILE = "participant_file"
CONTRACTS = "contracts"
IMPORT_SOURCES = "import_sources"

#: The fields of the participant row the anonymisation empties or coarsens.
PERSONAL_FIELDS = (
    "bsn",
    "initials",
    "first_name",
    "prefix",
    "surname",
    "birth_date",
    "postcode",
    "house_number",
    "phone",
    "email",
    "benefit_since",
    "hours_agreement",
    "priority_reason",
    "limitations",
    "availability",
    "user",
)


def exit_cutoff(cutoff: datetime.date) -> datetime.date:
    """Exits before this day have passed the longest follow-up plus the period."""
    return calendar.months_after(cutoff, -max(FOLLOW_UP_MONTHS))


def expired_participants(municipality, cutoff: datetime.date):
    """The exited, not yet anonymised people of ``municipality`` whose exit plus the
    longest follow-up lies before ``cutoff``."""
    return retention.not_anonymised(
        Participant.objects.filter(
            municipality=municipality,
            status=Status.EXITED,
            status_changed_at__lt=retention.day_start(exit_cutoff(cutoff)),
        )
    )


def anonymous_bsn(participant: Participant) -> str:
    """A placeholder in the BSN column: unique per person, never a valid BSN."""
    return f"X{participant.pk:08d}"[-9:]


def postcode_area(postcode: str) -> str:
    return (postcode or "")[:4]


def _anonymise_user(user, participant_pk: int) -> None:
    """Deactivate and anonymise ``user`` when the account is the participant's only."""
    from basisbaan.accounts.models import RoleAssignment
    from basisbaan.accounts.roles import Role

    if RoleAssignment.objects.filter(user=user).exclude(role=Role.PARTICIPANT).exists():
        return  # also staff somewhere: the account is not theirs only
    user.username = f"anonymised-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    retention.audit_expired(
        user, PARTICIPANT_FILE, retention.ANONYMISE, ["username", "name", "email", "password"]
    )


def anonymise(participant: Participant, today: datetime.date | None = None) -> None:
    """Anonymise one participant's file in place (see the module docstring)."""
    p = participant
    user = p.user
    p.bsn = anonymous_bsn(p)
    p.initials = p.first_name = p.prefix = ""
    p.surname = p.pseudonym
    p.birth_date = datetime.date(p.birth_date.year, 7, 1)
    p.postcode = postcode_area(p.postcode)
    p.house_number = p.phone = p.email = ""
    if p.benefit_since:
        p.benefit_since = calendar.month_start(p.benefit_since)
    p.hours_agreement = p.priority_reason = ""
    p.limitations = []
    p.availability = {}
    p.user = None
    # A plain update: no version bump or ``updated_at`` as if someone edited the file.
    Participant.objects.filter(pk=p.pk).update(
        **{f: getattr(p, f) for f in PERSONAL_FIELDS if f != "user"}, user=None
    )
    StatusChange.objects.filter(participant=p).update(note="")
    FollowUp.objects.filter(participant=p).update(note="")
    Screening.objects.filter(participant=p).update(override_reason="")
    Scan.objects.filter(participant=p).update(
        work_history="", interests="", personality="", reasoning="", limitations=[]
    )
    DataSubjectRequest.objects.filter(participant=p).update(description="", outcome="")
    Rectification.objects.filter(participant=p).update(old_description="", new_description="")
    if user is not None:
        _anonymise_user(get_user_model().objects.get(pk=user.pk), p.pk)
    retention.anonymised(p, p.municipality, PARTICIPANT_FILE, PERSONAL_FIELDS, today)


def expire_participant_files(municipality, cutoff, *, dry_run: bool, batch_size: int):
    expired = registry.Expired()
    today = calendar.today()
    for ids in retention.batches(expired_participants(municipality, cutoff), batch_size):
        held = registry.held(municipality, ids)
        for reason, in_batch in _count(held).items():
            expired.keep(reason, in_batch)
        todo = [pk for pk in ids if pk not in held]
        if dry_run:
            expired.anonymised += len(todo)
            continue
        with transaction.atomic():
            for participant in Participant.objects.filter(pk__in=todo).select_related(
                "user", "municipality"
            ):
                anonymise(participant, today)
                expired.anonymised += 1
    return expired


def _count(held: dict[int, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reason in held.values():
        counts[reason] = counts.get(reason, 0) + 1
    return counts


def expire_contracts(municipality, cutoff, *, dry_run: bool, batch_size: int):
    """Contracts ended before ``cutoff`` whose person is still identifiable: kept (the
    file's own period decides); nothing to do for contracts themselves."""
    expired = registry.Expired()
    people = retention.not_anonymised(Participant.objects.filter(municipality=municipality))
    waiting = EmploymentContract.objects.filter(participant__in=people, end_date__lt=cutoff).count()
    if waiting:
        expired.keep("person_identifiable", waiting)
    return expired


def expire_import_sources(municipality, cutoff, *, dry_run: bool, batch_size: int):
    """Delete uploads older than ``cutoff`` that are no longer importing; their
    summary goes with them (the participants they made stay)."""
    expired = registry.Expired()
    stale = ImportRun.objects.filter(
        municipality=municipality, created_at__lt=retention.day_start(cutoff)
    )
    running = stale.filter(state=ImportRun.State.QUEUED)
    if running.exists():
        expired.keep("import_running", running.count())
    stale = stale.exclude(state=ImportRun.State.QUEUED)
    if dry_run:
        expired.deleted = stale.count()
        return expired
    for ids in retention.batches(stale, batch_size):
        with transaction.atomic():
            for run in ImportRun.objects.filter(pk__in=ids):
                retention.audit_expired(
                    run, IMPORT_SOURCES, retention.DELETE, ["content", "preview", "filename"]
                )
                run.delete()
                expired.deleted += 1
    return expired


def register() -> None:
    """The record types of this app (called from ``ParticipantsConfig.ready()``)."""
    register_referrals()
    registry.register_record_type(
        registry.RecordType(
            code=PARTICIPANT_FILE,
            label=_("Participant file"),
            holds=_(
                "Identity (BSN, name, date of birth, address, phone, e-mail), status "
                "history, screenings, the arbeidsmarktwaardescan, profile, follow-ups "
                "and AVG requests."
            ),
            categories=(
                _("identification data and BSN"),
                _("contact details"),
                _("benefit and work history"),
                _("work-relevant limitations (health-related)"),
            ),
            purpose=_(
                "Running the basisbaan programme: intake, eligibility, matching, "
                "employment and the follow-up after the exit."
            ),
            legal_ground=_(
                "AVG art. 6(1)(c) and (e): Participatiewet art. 7 and 10 (re-integration), "
                "Wet SUWI art. 62-64 (BSN); Archiefwet 1995 with the Selectielijst "
                "gemeenten 2020: kept up to 2 years after the last follow-up, then "
                "anonymised."
            ),
            default_days=2 * 365,
            moment=_("the exit plus the last follow-up (12 months)"),
            action=retention.ANONYMISE,
            expire=expire_participant_files,
            recipients=_("coaches, guidance organisations (work-related data only), payroll"),
            special=True,
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=CONTRACTS,
            label=_("Employment contracts"),
            holds=_("Start and end dates, hours per week, employer and wage supplement."),
            categories=(_("employment and wage data"),),
            purpose=_("Employing participants and paying their wages; the programme's costs."),
            legal_ground=_(
                "AVG art. 6(1)(b) and (c): the employment contract; Algemene wet inzake "
                "rijksbelastingen art. 52 (fiscal records 7 years)."
            ),
            default_days=7 * 365,
            moment=_("the end of the contract"),
            action=retention.ANONYMISE,
            expire=expire_contracts,
            recipients=_("the employer's payroll administration, finance"),
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=IMPORT_SOURCES,
            label=_("Imports of lists of people (uploaded files)"),
            holds=_(
                "The uploaded export of the benefits administration or UWV's list of people "
                "whose WW ends, and its preview."
            ),
            categories=(_("identification data and BSN"), _("benefit data")),
            purpose=_(
                "Importing the target group from the benefits administration and UWV's list "
                "for the prevention route."
            ),
            legal_ground=_(
                "AVG art. 6(1)(e) and art. 5(1)(c) and (e): the file is only needed until "
                "the import ran and was checked."
            ),
            default_days=30,
            moment=_("the upload"),
            action=retention.DELETE,
            expire=expire_import_sources,
            recipients=_("programme staff"),
            special=True,
        )
    )


REFERRALS = "referrals"


def expire_referrals(municipality, cutoff, *, dry_run: bool, batch_size: int):
    """Delete referrals handled (taken in, not taken in, withdrawn) before ``cutoff``:
    what a taken-in referral said is in the participant file by then, and the file
    keeps the partner as referral source. Open referrals wait for a decision."""
    expired = registry.Expired()
    stale = Referral.objects.filter(
        municipality=municipality,
        decided_at__lt=retention.day_start(cutoff),
    ).exclude(status=Referral.Status.SUBMITTED)
    if dry_run:
        expired.deleted = stale.count()
        return expired
    for ids in retention.batches(stale, batch_size):
        with transaction.atomic():
            for referral in Referral.objects.filter(pk__in=ids):
                retention.audit_expired(
                    referral, REFERRALS, retention.DELETE, Referral.PERSONAL_FIELDS
                )
                referral.delete()
                expired.deleted += 1
    return expired


def register_referrals() -> None:
    """The referrals' record type (called from :func:`register`)."""
    registry.register_record_type(
        registry.RecordType(
            code=REFERRALS,
            label=_("Referrals by partners"),
            holds=_(
                "The resident's name, phone or e-mail, optional date of birth, postcode and "
                "neighbourhood, a short motivation, the recorded consent and the stage."
            ),
            categories=(_("identification data"), _("contact details")),
            purpose=_(
                "Referring residents to the programme by partners (welfare work, the work "
                "service), with their consent, and telling the partner the stage."
            ),
            legal_ground=_(
                "AVG art. 6(1)(a) and (e): the resident's consent to the referral and "
                "Participatiewet art. 7 (re-integration); deleted a year after the decision."
            ),
            default_days=365,
            moment=_("the decision on the referral"),
            action=retention.DELETE,
            expire=expire_referrals,
            recipients=_("programme staff; the referring partner sees the stage only"),
        )
    )

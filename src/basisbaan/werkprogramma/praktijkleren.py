"""Praktijkleren: the record per enrolment, the sign-offs and the Verklaring Praktijkleren.

The Verklaring is issued once the coach and the workplace supervisor both signed off and
the learning is completed. It carries a verification code (random, from characters
that cannot be mistaken for each other) that an employer checks on the public
verification page, which shows only: valid or not, the issue date, the work process,
the learning company and the holder's initials.
"""

import datetime
import hashlib
import re
import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.audit import api as audit
from basisbaan.core import calendar, clientip
from basisbaan.werkprogramma.models import Praktijkleren

# Common work-process competences at MBO level 2 (the coach may add their own).
COMPETENCES = [
    gettext_lazy("Works safely and hygienically"),
    gettext_lazy("Follows instructions and procedures"),
    gettext_lazy("Plans and organises own work"),
    gettext_lazy("Works together with colleagues"),
    gettext_lazy("Communicates with customers or residents"),
    gettext_lazy("Uses tools and machines correctly"),
    gettext_lazy("Checks the quality of own work"),
    gettext_lazy("Reports to the supervisor"),
    gettext_lazy("Keeps the workplace clean and tidy"),
    gettext_lazy("Handles goods and stock"),
]
# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: unambiguous when read aloud or typed over.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
REGISTRATION = re.compile(r"^[0-9]{6,9}$")
# The public verification page: lookups per network address per window.
VERIFY_LIMIT = 30
VERIFY_WINDOW = 10 * 60


def validate_registration(value: str) -> None:
    if not REGISTRATION.match(value or ""):
        raise ValidationError(
            _("A registration number has 6 to 9 digits (as the SBB number of a learning company).")
        )


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]", "", (text or "").upper())[:40]


def shown_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def missing_for_issue(record: Praktijkleren) -> list[str]:
    """What is still needed before the Verklaring can be issued."""
    missing = []
    if record.completed_on is None:
        missing.append(_("the completion date"))
    if record.coach_signed_on is None:
        missing.append(_("the coach's sign-off"))
    if record.supervisor_signed_on is None:
        missing.append(_("the workplace supervisor's sign-off"))
    if not record.competences:
        missing.append(_("at least one competence"))
    return missing


def sign_by_coach(record: Praktijkleren, coach, today: datetime.date | None = None) -> None:
    today = today or calendar.today()
    if record.issued:
        raise ValidationError(_("The Verklaring is issued: the record can no longer change."))
    with transaction.atomic():
        record.coach_signed_on = today
        record.coach_signed_by = coach
        record.save(update_fields=["coach_signed_on", "coach_signed_by"])
        audit.changed(coach, record, fields=["coach_signed_on", "coach_signed_by"])


def sign_by_supervisor(
    record: Praktijkleren, on: datetime.date, by, today: datetime.date | None = None
) -> None:
    """The coach confirms the date the workplace supervisor signed off."""
    today = today or calendar.today()
    if record.issued:
        raise ValidationError(_("The Verklaring is issued: the record can no longer change."))
    if on > today:
        raise ValidationError(_("The sign-off date cannot lie in the future."))
    if on < record.started_on:
        raise ValidationError(_("The sign-off date lies before the start."))
    with transaction.atomic():
        record.supervisor_signed_on = on
        record.save(update_fields=["supervisor_signed_on"])
        audit.changed(by, record, fields=["supervisor_signed_on"])


def issue(record: Praktijkleren, by, today: datetime.date | None = None) -> Praktijkleren:
    """Issue the Verklaring: both sign-offs and completion are needed."""
    today = today or calendar.today()
    if record.issued:
        raise ValidationError(_("The Verklaring is already issued."))
    missing = missing_for_issue(record)
    if missing:
        raise ValidationError(
            _("The Verklaring needs %(missing)s first.") % {"missing": ", ".join(missing)}
        )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                record.verification_code = new_code()
                record.issued_on = today
                record.save(update_fields=["verification_code", "issued_on"])
                audit.created(by, record, fields=["verification_code", "issued_on"])
            return record
        except IntegrityError:  # the code exists (1 in 25^10): draw another
            continue
    raise ValidationError(_("No verification code could be made; try again."))


def initials_of(participant) -> str:
    """The holder's initials only (no full name on the public page)."""
    if participant.initials:
        return participant.initials
    letters = [part[0].upper() + "." for part in participant.first_name.split() if part]
    return "".join(letters) + (f" {participant.surname[:1]}." if participant.surname else "")


def lookup(code: str) -> Praktijkleren | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return (
        Praktijkleren.objects.select_related("enrolment__participant")
        .filter(verification_code=code, issued_on__isnull=False)
        .first()
    )


def _throttle_key(request) -> str:
    address = clientip.client_ip(request) or "unknown"
    return "bb:verify:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def lookup_allowed(request) -> bool:
    """Count one lookup from this address; False above the limit (a code is not to be
    guessed by trying)."""
    key = _throttle_key(request)
    if not cache.add(key, 1, timeout=VERIFY_WINDOW):
        try:
            count = cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=VERIFY_WINDOW)
            count = 1
        return count <= VERIFY_LIMIT
    return True


def verklaring_pdf(context: dict) -> bytes:
    """The Verklaring as a self-contained PDF: nothing is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError("no external resources in the Verklaring Praktijkleren")

    html = render_to_string("werkprogramma/verklaring_print.html", context)
    return HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()

"""In-app notifications, with a short e-mail that carries no personal data.

The e-mail only says that something needs attention and links to Basisbaan; the
participant's name is shown in the application, behind the login.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from basisbaan.accounts.models import RoleAssignment
from basisbaan.accounts.roles import Role
from basisbaan.core.logging import get_logger
from basisbaan.guidance.models import Notification

log = get_logger(__name__)


def programme_staff(municipality):
    """Active planners (the employer's programme staff) of the municipality."""
    from basisbaan.accounts.models import User

    ids = (
        RoleAssignment.objects.active()
        .filter(municipality=municipality, role=Role.PLANNER)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True)


def guidance_staff(organisation_id):
    """Active staff of a guidance organisation."""
    from basisbaan.accounts.models import User

    if not organisation_id:
        return User.objects.none()
    ids = (
        RoleAssignment.objects.active()
        .filter(organisation_id=organisation_id, role=Role.GUIDANCE)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True)


def notify(recipients, municipality, kind: str, participant=None, url: str = "") -> list:
    """Create one notification per distinct recipient and send each a short e-mail."""
    unique = {user.pk: user for user in recipients if user is not None}
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user, municipality=municipality, kind=kind, participant=participant, url=url
        )
        for user in unique.values()
    )
    label = Notification.Kind(kind).label
    link = settings.BASISBAAN_BASE_URL.rstrip("/") + (url or "/")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Basisbaan: %(kind)s") % {"kind": label}
        body = _(
            "Something in Basisbaan may need your attention: %(kind)s.\n\n"
            "Log in to read it: %(link)s\n"
        ) % {"kind": label, "link": link}
    addresses = [user.email for user in unique.values() if user.email]

    def send():
        for address in addresses:
            try:
                send_mail(subject, body, None, [address])
            except Exception as exc:  # noqa: BLE001 - mail trouble never undoes the report
                log.warning("notifications.mail_failed", kind=kind, error=type(exc).__name__)

    transaction.on_commit(send)
    log.info("notifications.sent", kind=kind, count=len(created))
    return created


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

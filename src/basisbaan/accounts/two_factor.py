"""Two-factor login: enrolment, verification, recovery codes and resets.

A user is *enrolled* once they hold any confirmed django-otp device. From then on a
new device may only be added from a session verified with an existing one: a session
that only knows the password never reaches the setup page (the middleware sends it to
verification and ``OTPSetupView`` refuses it too).

Devices:
- authenticator apps: ``TOTPDevice``; a user may hold several.
- recovery codes: one ``StaticDevice`` (name ``"recovery"``) with single-use tokens,
  shown once after setup or regeneration.

Every change is audited (by record type and id) and mailed to the user, without
secrets.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.audit import api as audit

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
# The session key of the authenticator this session is setting up (never shared
# between sessions, so nobody else can learn the secret it shows).
PENDING_SESSION_KEY = "basisbaan_otp_pending"
# Fresh recovery codes waiting to be shown once.
NEW_CODES_SESSION_KEY = "basisbaan_otp_new_codes"


class Event:
    ADDED = "added"
    REMOVED = "removed"
    CODES = "codes"
    RESET = "reset"


def is_enrolled(user) -> bool:
    """Does the user hold any confirmed second factor?"""
    return any(True for _ in devices_for_user(user, confirmed=True))


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def may_enrol(user) -> bool:
    """A new device only for a user without one, or from a session verified with one."""
    return is_verified(user) or not is_enrolled(user)


def authenticators(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__confirmed=True, device__name=RECOVERY_DEVICE_NAME
    ).count()


def pending_device(request) -> TOTPDevice:
    """The unconfirmed authenticator of this session, created on first use."""
    pk = request.session.get(PENDING_SESSION_KEY)
    device = TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def verify(user, token: str) -> Device | None:
    """The confirmed device that accepts ``token`` (a recovery code is used up), or None.

    Six digits are tried on the authenticator apps, anything else on the recovery
    codes, so one kind of code never counts as a failed attempt on the other.
    """
    token = normalise(token)
    if not token:
        return None
    if token.isdigit() and len(token) == 6:
        queryset = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        queryset = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        devices = list(queryset.select_for_update().order_by("pk"))
        for device in devices:
            if device.verify_token(token):
                # The user proved a factor: earlier misses on their other apps don't count.
                for other in devices:
                    if other.pk != device.pk and other.throttling_failure_count:
                        other.throttle_reset()
                return device
    return None


@transaction.atomic
def confirm(user, device: TOTPDevice) -> None:
    """The authenticator's first code was right: it now counts as a second factor."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit.created(user, device, fields=["confirmed"])
    _notify(user, Event.ADDED)


@transaction.atomic
def new_recovery_codes(user, *, notify: bool = True) -> list[str]:
    """Replace the user's recovery codes; returns the new ones (to show once)."""
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit.changed(user, device, fields=["token_set"])
    if notify:
        _notify(user, Event.CODES)
    return codes


@transaction.atomic
def remove(user, device: TOTPDevice) -> None:
    """The user removes one of their own authenticator apps."""
    audit.deleted(user, device, fields=["confirmed"])
    device.delete()
    _notify(user, Event.REMOVED)


@transaction.atomic
def reset(actor, user) -> int:
    """An administrator removes all of ``user``'s second factors; the next login sets up anew."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        audit.deleted(actor, device, purpose="two-factor reset")
        device.delete()
        removed += 1
    audit.changed(actor, user, fields=["two_factor_devices"], purpose="two-factor reset")
    _notify(user, Event.RESET)
    return removed


def _notify(user, event: str) -> None:
    """Tell the user their second factors changed. No codes, keys or links to them."""
    if not user.email:
        return
    context = {
        "user": user,
        "event": event,
        "login": settings.BASISBAAN_BASE_URL.rstrip("/") + reverse("accounts:login"),
    }
    subject = render_to_string("accounts/two_factor_subject.txt", context)
    body = render_to_string("accounts/two_factor_email.txt", context)
    address = user.email
    transaction.on_commit(lambda: send_mail(" ".join(subject.split()), body, None, [address]))

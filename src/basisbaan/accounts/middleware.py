"""Request-level access: the active municipality and the two-factor requirement."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from basisbaan.accounts import access, oidc

SESSION_KEY = "basisbaan_municipality"


class ActiveMunicipalityMiddleware:
    """Sets ``request.municipality``: the chosen one of the user's municipalities."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.municipality = None
        if request.user.is_authenticated:
            mine = {a.municipality_id: a.municipality for a in access.assignments(request.user)}
            chosen = request.session.get(SESSION_KEY)
            if chosen in mine:
                request.municipality = mine[chosen]
            elif mine:
                request.municipality = sorted(mine.values(), key=lambda m: m.name)[0]
        return self.get_response(request)


def requires_two_factor(user) -> bool:
    """Staff need two factors; a participant-only account (their own week) does not."""
    if user.is_staff or user.is_superuser:
        return True
    return any(a.role != "participant" for a in access.assignments(user))


# Paths a logged-in but not yet verified user may reach.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon.ico")


class TwoFactorRequiredMiddleware:
    """Staff log in with two factors: redirect unverified sessions to setup/verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.BASISBAAN_REQUIRE_2FA
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not oidc.session_has_mfa(request)
            and requires_two_factor(request.user)
            and not request.path.startswith(_OPEN_PREFIXES)
            and request.path not in {reverse("accounts:otp_verify"), reverse("accounts:logout")}
        ):
            from basisbaan.accounts import two_factor

            setup = reverse("accounts:otp_setup")
            if two_factor.is_enrolled(request.user):
                # Enrolled: only the existing factor opens the session. Never the setup
                # page, or the password alone would enrol a second device.
                if request.path == setup:
                    return redirect(reverse("accounts:otp_verify"))
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:otp_verify')}?{query}")
            if request.path != setup:
                return redirect(setup)
        return self.get_response(request)

"""Single sign-on for staff through OpenID Connect (docs/sso.md).

Built on mozilla-django-oidc, configured only from ``BASISBAAN_OIDC_*`` settings (which
come from the environment). Without an issuer (or explicit endpoints) and a client id,
single sign-on is off: the login page shows no button and the backend answers nothing.

The rules:

- The provider's claims only *find* an existing account: by ``sub`` in
  ``User.oidc_subject`` or, once, by a verified e-mail address of exactly one active
  account (which then stores the ``sub``). Nobody gets an account, a role or
  ``is_staff`` from claims; roles come only from RoleAssignments.
- The ID token is verified here in full (mozilla-django-oidc checks the signature and the
  nonce, not ``aud``, ``iss``, ``azp`` nor, on our clock, ``exp`` and ``iat``).
- A session opened by single sign-on counts as two-factor only when the ID token says
  so (``amr`` with more than one factor, or an ``acr`` from ``BASISBAAN_OIDC_MFA_ACR``);
  otherwise the authenticator app is still asked (accounts/middleware.py).
"""

import threading
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import user_logged_in
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.audit import api as audit
from basisbaan.core.logging import get_logger

logger = get_logger(__name__)

# The session remembers that the provider vouched for two factors at this login.
MFA_SESSION_KEY = "basisbaan_sso_mfa"
# The ID token of this login, for logging out at the provider (when switched on).
ID_TOKEN_SESSION_KEY = "oidc_id_token"
# ``amr`` values (RFC 8176) that mean: more than a password.
MULTI_FACTOR_AMR = frozenset({"mfa", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "retina"})
# Seconds of clock difference with the provider we tolerate for ``iat`` and ``exp``.
CLOCK_SKEW = 60
DEFAULT_BUTTON_LABEL = gettext_lazy("Log in with your organisation account")


# What can go wrong between us and the provider: its answer, its token, or our settings.
PROVIDER_ERRORS = (
    SuspiciousOperation,
    ImproperlyConfigured,
    jwt.PyJWTError,
    requests.RequestException,
    ValueError,
)


class Refused(Exception):
    """Single sign-on worked at the provider, but this person may not log in here."""

    def __init__(self, reason: str, username: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.username = username


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    sign_algorithm: str
    token_auth_method: str
    mfa_acr: frozenset[str]
    link_by_email: bool
    logout_at_provider: bool
    timeout: float


def enabled() -> bool:
    """Is single sign-on configured (an issuer or explicit endpoints, and a client)?"""
    return bool(
        settings.BASISBAAN_OIDC_CLIENT_ID
        and (settings.BASISBAAN_OIDC_ISSUER or settings.BASISBAAN_OIDC_AUTHORIZATION_ENDPOINT)
    )


def button_label() -> str:
    return settings.BASISBAAN_OIDC_BUTTON_LABEL or str(DEFAULT_BUTTON_LABEL)


_discovered: dict[str, dict] = {}
_discovery_lock = threading.Lock()


def _discover(issuer: str, timeout: float) -> dict:
    """The provider's metadata (/.well-known/openid-configuration), fetched once."""
    with _discovery_lock:
        if issuer not in _discovered:
            url = issuer.rstrip("/") + "/.well-known/openid-configuration"
            response = requests.get(url, timeout=timeout)
            response.raise_for_status()
            metadata = response.json()
            if metadata.get("issuer") != issuer:
                raise ImproperlyConfigured(
                    "BASISBAAN_OIDC_ISSUER differs from the issuer the provider names in its "
                    f"discovery document ({metadata.get('issuer')!r})."
                )
            _discovered[issuer] = metadata
        return _discovered[issuer]


def forget_discovery() -> None:
    """Drop cached provider metadata (tests start a new provider each session)."""
    with _discovery_lock:
        _discovered.clear()


def config() -> Config:
    """The active configuration; explicit endpoint settings win over discovery."""
    if not enabled():
        raise ImproperlyConfigured("Single sign-on is not configured.")
    timeout = float(settings.BASISBAAN_OIDC_TIMEOUT)
    issuer = settings.BASISBAAN_OIDC_ISSUER
    explicit = {
        "authorization_endpoint": settings.BASISBAAN_OIDC_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.BASISBAAN_OIDC_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.BASISBAAN_OIDC_USERINFO_ENDPOINT,
        "jwks_uri": settings.BASISBAAN_OIDC_JWKS_URI,
        "end_session_endpoint": settings.BASISBAAN_OIDC_END_SESSION_ENDPOINT,
    }
    required = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    metadata = {}
    if issuer and not all(explicit[name] for name in required):
        metadata = _discover(issuer, timeout)
    endpoints = {name: value or metadata.get(name, "") for name, value in explicit.items()}
    missing = [name for name in required if not endpoints[name]]
    if missing or not issuer:
        raise ImproperlyConfigured(
            "Single sign-on needs BASISBAAN_OIDC_ISSUER and the provider's endpoints "
            f"(missing: {', '.join(missing) or 'issuer'})."
        )
    return Config(
        issuer=issuer,
        client_id=settings.BASISBAAN_OIDC_CLIENT_ID,
        client_secret=settings.BASISBAAN_OIDC_CLIENT_SECRET,
        scopes=settings.BASISBAAN_OIDC_SCOPES,
        sign_algorithm=settings.BASISBAAN_OIDC_SIGN_ALGORITHM,
        token_auth_method=settings.BASISBAAN_OIDC_TOKEN_AUTH_METHOD,
        mfa_acr=frozenset(settings.BASISBAAN_OIDC_MFA_ACR),
        link_by_email=settings.BASISBAAN_OIDC_LINK_BY_EMAIL,
        logout_at_provider=settings.BASISBAAN_OIDC_LOGOUT_AT_PROVIDER,
        timeout=timeout,
        **endpoints,
    )


def _library_settings(cfg: Config) -> dict:
    """mozilla-django-oidc's settings, derived from ours (it reads no others)."""
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": cfg.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": cfg.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": cfg.userinfo_endpoint,
        "OIDC_OP_JWKS_ENDPOINT": cfg.jwks_uri,
        "OIDC_RP_CLIENT_ID": cfg.client_id,
        "OIDC_RP_CLIENT_SECRET": cfg.client_secret,
        "OIDC_RP_SIGN_ALGO": cfg.sign_algorithm,
        "OIDC_RP_SCOPES": cfg.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:sso_callback",
        "OIDC_TOKEN_USE_BASIC_AUTH": cfg.token_auth_method == "client_secret_basic",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ID_TOKEN": cfg.logout_at_provider,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": cfg.timeout,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
        "LOGIN_REDIRECT_URL_FAILURE": settings.LOGIN_URL,
    }


class _OurSettings:
    def get_settings(self, attr, *args):
        values = _library_settings(config())
        if attr in values:
            return values[attr]
        if args:
            return getattr(settings, attr, args[0])
        raise ImproperlyConfigured(f"Single sign-on: no setting {attr}")


# --------------------------------------------------------------------------- the ID token


def verify_id_token(cfg: Config, claims: dict, nonce: str | None) -> None:
    """Check what the signature alone does not: issuer, audience, time and nonce.

    Raises SuspiciousOperation; times are compared with the project's clock.
    """
    if claims.get("iss") != cfg.issuer:
        raise SuspiciousOperation("ID token from another issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if cfg.client_id not in audiences:
        raise SuspiciousOperation("ID token for another audience")
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != cfg.client_id:
        raise SuspiciousOperation("ID token for another authorized party")
    if not claims.get("sub") or not isinstance(claims["sub"], str):
        raise SuspiciousOperation("ID token without subject")
    now = timezone.now().timestamp()
    try:
        expires, issued = float(claims["exp"]), float(claims["iat"])
    except (KeyError, TypeError, ValueError):
        raise SuspiciousOperation("ID token without exp or iat") from None
    if expires <= now - CLOCK_SKEW:
        raise SuspiciousOperation("ID token expired")
    if issued > now + CLOCK_SKEW or issued < now - CLOCK_SKEW - 24 * 3600:
        raise SuspiciousOperation("ID token issued at an odd time")
    if nonce is None or claims.get("nonce") != nonce:
        raise SuspiciousOperation("ID token nonce mismatch")


def shows_multiple_factors(cfg: Config, claims: dict) -> bool:
    """Does the ID token say the person logged in with more than one factor?"""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if MULTI_FACTOR_AMR.intersection(str(value).lower() for value in amr):
        return True
    return bool(cfg.mfa_acr) and claims.get("acr") in cfg.mfa_acr


# --------------------------------------------------------------------------- the backend


class OIDCBackend(_OurSettings, OIDCAuthenticationBackend):
    """Logs a staff member in with the provider's ID token; never creates an account."""

    def __init__(self, *args, **kwargs):
        # The library reads its settings here; ours come per request (see authenticate).
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None  # a password login, or single sign-on is off
        if not request.GET.get("code") or not request.GET.get("state"):
            return None
        try:
            self.cfg = config()
            self.OIDC_OP_TOKEN_ENDPOINT = self.cfg.token_endpoint
            self.OIDC_OP_USER_ENDPOINT = self.cfg.userinfo_endpoint
            self.OIDC_OP_JWKS_ENDPOINT = self.cfg.jwks_uri
            self.OIDC_RP_CLIENT_ID = self.cfg.client_id
            self.OIDC_RP_CLIENT_SECRET = self.cfg.client_secret
            self.OIDC_RP_SIGN_ALGO = self.cfg.sign_algorithm
            self.OIDC_RP_IDP_SIGN_KEY = None
            return super().authenticate(request, **kwargs)
        except Refused as refused:
            request.basisbaan_sso_refused = refused.reason
            logger.warning("sso_refused", reason=refused.reason, username=refused.username or None)
        except PROVIDER_ERRORS as error:
            request.basisbaan_sso_refused = "token"
            # The message names the failed check, never a claim's value.
            logger.warning("sso_failed", error=type(error).__name__, detail=str(error)[:120])
        return None

    def verify_token(self, token, **kwargs):
        nonce = kwargs.get("nonce")
        if not token:
            raise SuspiciousOperation("no ID token")
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.cfg.sign_algorithm:
            raise SuspiciousOperation("ID token signed with another algorithm")
        key = self.retrieve_matching_jwk(token)
        # The signature, by the provider's key; the other checks follow on our clock.
        claims = jwt.decode(
            token,
            key,
            algorithms=[self.cfg.sign_algorithm],
            options={
                "verify_aud": False,
                "verify_iss": False,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
        verify_id_token(self.cfg, claims, nonce)
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        if not self.cfg.userinfo_endpoint:
            return {}
        response = requests.get(
            self.cfg.userinfo_endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=self.cfg.timeout,
        )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            key = self.retrieve_matching_jwk(response.text)
            return jwt.decode(
                response.text,
                key,
                algorithms=[self.cfg.sign_algorithm],
                audience=self.cfg.client_id,
                issuer=self.cfg.issuer,
                options={"verify_exp": False, "verify_iat": False},
            )
        return response.json()

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub", payload["sub"]) != payload["sub"]:
            raise SuspiciousOperation("userinfo for another subject")
        # The ID token's own claims win over userinfo.
        claims = {**userinfo, **payload}
        user = find_user(self.cfg, claims)
        self.request.basisbaan_sso_mfa = shows_multiple_factors(self.cfg, payload)
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id).first()


def _may_log_in(user: User) -> bool:
    """Active, with an active staff role: single sign-on is for staff, not participants."""
    return (
        user.is_active
        and RoleAssignment.objects.active()
        .filter(user=user)
        .exclude(role=Role.PARTICIPANT)
        .exists()
    )


def find_user(cfg: Config, claims: dict) -> User:
    """The existing account these claims belong to, or Refused. Claims grant nothing."""
    user = User.objects.filter(oidc_subject=claims["sub"]).first()
    linking = False
    if user is None and cfg.link_by_email:
        user = _one_account_with_verified_email(claims)
        linking = user is not None
    if user is None:
        raise Refused("no-account")
    if not _may_log_in(user):
        audit.record(
            user, audit.Action.READ, user, fields=["oidc_subject"], purpose="sso login refused"
        )
        raise Refused("no-role", user.get_username())
    if linking:
        user.oidc_subject = claims["sub"]
        user.save(update_fields=["oidc_subject"])
        audit.changed(user, user, fields=["oidc_subject"], purpose="sso linked by verified e-mail")
        logger.info("sso_linked", username=user.get_username())
    return user


def _one_account_with_verified_email(claims: dict) -> User | None:
    """First login: the one active, not yet linked account with this verified address."""
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str) or not email:
        return None
    same_address = list(User.objects.filter(email__iexact=email)[:2])
    if len(same_address) != 1:
        return None  # none, or ambiguous: an administrator links by subject
    user = same_address[0]
    if not user.is_active or user.oidc_subject:
        return None
    return user


# --------------------------------------------------------------------------- views


def _require_enabled() -> None:
    if not enabled():
        raise Http404


REFUSALS = {
    "no-account": gettext_lazy(
        "You do not have an account in Basisbaan yet. Ask your administrator to add you "
        "and link your organisation account."
    ),
    "no-role": gettext_lazy(
        "Your account in Basisbaan is not active or has no role now. Ask your administrator."
    ),
}
FAILED = gettext_lazy(
    "Logging in with your organisation account did not work. Try again, or log in with "
    "your user name and password."
)


class SSOLoginView(_OurSettings, OIDCAuthenticationRequestView):
    """Start single sign-on: off to the provider with state, nonce and PKCE."""

    public = True

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        _require_enabled()
        try:
            cfg = config()
        except PROVIDER_ERRORS as error:
            logger.warning("sso_unavailable", error=type(error).__name__)
            messages.error(request, FAILED)
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        self.OIDC_OP_AUTH_ENDPOINT = cfg.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = cfg.client_id
        return super().get(request)


class SSOCallbackView(_OurSettings, OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code; the backend does the rest."""

    public = True

    def get(self, request):
        _require_enabled()
        # RFC 9207: a provider that names itself in the answer must be ours.
        if "iss" in request.GET and request.GET["iss"] != settings.BASISBAAN_OIDC_ISSUER:
            return self.login_failure()
        return super().get(request)

    def login_failure(self):
        reason = getattr(self.request, "basisbaan_sso_refused", None)
        messages.error(self.request, REFUSALS.get(reason, FAILED))
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))

    def login_success(self):
        response = super().login_success()
        if getattr(self.request, "basisbaan_sso_mfa", False):
            self.request.session[MFA_SESSION_KEY] = True
        logger.info("sso_login", username=self.user.get_username())
        return response


def exempt_from_login_throttling(request, credentials) -> bool:
    """django-axes (AXES_WHITELIST_CALLABLE): single sign-on is not a password guess.

    The provider throttles its own logins; counting refusals here would, after a few
    people without an account, lock single sign-on for everyone behind one address.
    """
    return bool(
        credentials
        and "nonce" in credentials
        and request is not None
        and request.path == reverse("accounts:sso_callback")
    )


def session_has_mfa(request) -> bool:
    """Did the provider vouch for two factors when this session logged in?"""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(MFA_SESSION_KEY) is True)


@receiver(user_logged_in)
def _forget_provider_evidence(sender, request, user, **kwargs):
    # Every login starts without the provider's word; SSOCallbackView sets it after login.
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_SESSION_KEY, None)
        if getattr(user, "backend", "") != f"{OIDCBackend.__module__}.{OIDCBackend.__name__}":
            request.session.pop(ID_TOKEN_SESSION_KEY, None)


def provider_logout_url(request) -> str:
    """Where to end the session at the provider too (RP-initiated logout), or ""."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token or not enabled():
        return ""
    cfg = config()
    if not cfg.logout_at_provider or not cfg.end_session_endpoint:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": cfg.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{cfg.end_session_endpoint}?{query}"


def login_context() -> dict:
    """For the login page: the single sign-on button, when configured."""
    if not enabled():
        return {"sso": None}
    return {"sso": {"url": reverse("accounts:sso_login"), "label": button_label()}}

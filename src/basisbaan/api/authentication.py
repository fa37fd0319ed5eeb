"""Token authentication for partner systems: ``Authorization: Bearer <token>`` (or
``Token <token>``). The request then acts for the token's guidance organisation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from basisbaan.api import tokens

KEYWORDS = ("bearer", "token")
CHALLENGE = 'Bearer realm="basisbaan"'


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = tokens.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        tokens.mark_used(token)
        return tokens.acting_user(token), token

    def authenticate_header(self, request):
        return CHALLENGE


class SessionAuthentication(authentication.SessionAuthentication):
    """The pages' session, but not when the request sends an Authorization header: then
    the token alone decides (a bad token is refused, whoever is logged in)."""

    def authenticate(self, request):
        if request.META.get("HTTP_AUTHORIZATION"):
            return None
        return super().authenticate(request)


class SessionCookieScheme(SessionScheme):
    target_class = SessionAuthentication


class AuthenticateHeaderMixin:
    """For API views: a request that sent a token which did not authenticate answers 401
    with a challenge (not 403), whatever authentication classes come first."""

    def get_authenticate_header(self, request):
        if request.META.get("HTTP_AUTHORIZATION"):
            return CHALLENGE
        return super().get_authenticate_header(request)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token of a guidance organisation (bb_...), made by the "
            "programme staff on the page 'API tokens'. `Authorization: Token <token>` works "
            "too.",
        }

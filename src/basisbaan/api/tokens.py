"""API tokens for partner systems: scopes, creation, rotation, revocation and use.

A token is ``bb_`` + 40 random characters. Only its SHA-256 hash is stored; the first
eleven characters (the prefix) are kept to recognise it in the list. A request with the
token acts as staff of the token's guidance organisation would (the same access rules:
its own participants only), limited to what the token's scopes allow. Every change of a
token and every write made with one is in the audit trail.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.api.models import ApiToken
from basisbaan.audit import api as audit

TOKEN_PREFIX = "bb_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
DEFAULT_VALIDITY = datetime.timedelta(days=365)
# A rotated token keeps working this long, so the partner can switch without a gap.
ROTATION_OVERLAP = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Scope:
    name: str
    label: str | Promise
    # The catalogue permissions (accounts/permissions.py) the scope unlocks; a token never
    # gets more than guidance-organisation staff hold, whatever its scopes.
    permissions: frozenset[str]


SCOPES: dict[str, Scope] = {
    scope.name: scope
    for scope in (
        Scope(
            "sickness:write",
            _("Report sick and recovered"),
            frozenset({"guidance.report_sickness"}),
        ),
        Scope(
            "timesheets:write",
            _("Read and submit weekly timesheets"),
            frozenset({"guidance.edit_timesheets"}),
        ),
        Scope(
            "participants:read",
            _("Read the organisation's participants (work-related fields)"),
            frozenset({"participants.view"}),
        ),
    )
}


def scope_for(permission: str) -> str | None:
    """The scope that unlocks ``permission`` for a token, if any does."""
    for scope in SCOPES.values():
        if permission in scope.permissions:
            return scope.name
    return None


def allows(token: ApiToken, permission: str) -> bool:
    return any(permission in SCOPES[name].permissions for name in token.scopes if name in SCOPES)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(30)[:40]


def service_account(organisation) -> User:
    """The account an organisation's API writes are recorded under ("reported by", audit
    trail). It has no password and no role: it cannot log in, and acts only through a
    token, with the token's organisation and scopes."""
    account, created = User.objects.get_or_create(
        username=f"api-org-{organisation.pk}",
        defaults={"first_name": "API", "last_name": organisation.name[:150]},
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def _clean_scopes(scopes) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [name for name in chosen if name not in SCOPES]
    if unknown or not chosen:
        raise ValidationError({"scopes": _("Choose at least one of the listed scopes.")})
    return chosen


@transaction.atomic
def create(
    organisation,
    name: str,
    scopes,
    created_by,
    expires_at: datetime.datetime | None = None,
    *,
    default_expiry: bool = True,
) -> tuple[ApiToken, str]:
    """A new token for a guidance organisation; returns it with its secret (shown once)."""
    if not organisation.is_guidance:
        raise ValidationError(_("Only a guidance organisation can have API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name (e.g. the partner's system).")})
    if expires_at is None and default_expiry:
        expires_at = timezone.now() + DEFAULT_VALIDITY
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must lie in the future.")})
    secret = _new_secret()
    token = ApiToken.objects.create(
        organisation=organisation,
        municipality_id=organisation.municipality_id,
        name=name[:100],
        scopes=_clean_scopes(scopes),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        account=service_account(organisation),
        created_by=created_by,
        expires_at=expires_at,
    )
    audit.created(created_by, token, fields=["name", "scopes", "expires_at"])
    return token, secret


@transaction.atomic
def rotate(token: ApiToken, user) -> tuple[ApiToken, str]:
    """A new token with the same name, scopes and validity period; the old one keeps
    working for ``ROTATION_OVERLAP`` (or until it expires or is revoked, if sooner)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not token.is_usable() or token.replaced_by_id:
        raise ValidationError(_("Only an active token can be rotated."))
    now = timezone.now()
    validity = (token.expires_at - token.created_at) if token.expires_at else None
    new, secret = create(
        token.organisation,
        token.name,
        token.scopes,
        user,
        now + validity if validity else None,
        default_expiry=False,
    )
    stop = now + ROTATION_OVERLAP
    token.revoked_at = min(stop, token.revoked_at) if token.revoked_at else stop
    token.replaced_by = new
    token.save(update_fields=["revoked_at", "replaced_by"])
    audit.changed(user, token, fields=["revoked_at", "replaced_by"], purpose="rotated")
    return new, secret


@transaction.atomic
def revoke(token: ApiToken, user) -> ApiToken:
    """The token stops at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    now = timezone.now()
    if token.revoked_at is not None and token.revoked_at <= now:
        raise ValidationError(_("This token is already revoked."))
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    audit.changed(user, token, fields=["revoked_at"], purpose="revoked")
    return token


def find(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("organisation", "municipality", "account")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
    if token is None or not token.organisation.is_guidance or not token.account.is_active:
        return None
    if token.organisation.municipality_id != token.municipality_id:
        return None
    return token


def acting_user(token: ApiToken) -> User:
    """The token's account, acting as staff of the token's organisation: access.* sees one
    guidance-organisation role assignment (never stored), so every scoped query and every
    access check treats the request as that organisation's staff would be treated."""
    user = token.account
    user._basisbaan_assignments = [
        RoleAssignment(
            user=user,
            role=Role.GUIDANCE,
            municipality=token.municipality,
            organisation=token.organisation,
        )
    ]
    user.api_token = token
    return user


def mark_used(token: ApiToken) -> None:
    """Remember when the token was last used (at most once a minute per token)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def record_write(token: ApiToken, method: str, path: str, status: int) -> None:
    """One audit entry per write made with a token: which token, what and the answer."""
    audit.changed(token.account, token, fields=["use"], purpose=f"{method} {path} {status}"[:200])

"""API tokens of partner systems and the stored answers of idempotent writes.

A token belongs to one guidance organisation and acts as that organisation's staff would:
only its own participants, only what its scopes allow. The secret is shown once, at
creation; only its SHA-256 hash is stored (and a short prefix to recognise it by).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, at: datetime.datetime | None = None):
        """Tokens that authenticate now: not revoked, not expired."""
        at = at or timezone.now()
        return self.filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=at),
            Q(expires_at__isnull=True) | Q(expires_at__gt=at),
        )


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    # The start of the token (``bb_`` and eight characters), shown to recognise it.
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The account the organisation's writes are recorded under ("reported by", audit).
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # A revoked token stops at this moment; a rotated one a few days after the rotation.
    revoked_at = models.DateTimeField(_("stops at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        """Programme staff see every token of their municipality; nobody else any."""
        if assignment.role in (Role.PLANNER, Role.ADMIN):
            return Q()
        return None

    def is_usable(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= at:
            return False
        return self.expires_at is None or self.expires_at > at

    @property
    def state(self) -> str:
        """``active``, ``overlap`` (rotated, still working), ``revoked`` or ``expired``."""
        now = timezone.now()
        if self.revoked_at is not None and self.revoked_at <= now:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.revoked_at is not None:
            return "overlap"
        return "active"


class IdempotencyRecord(models.Model):
    """The answer to one write made with an ``Idempotency-Key``: a retry with the same key
    and the same request gets this answer again, and nothing is written twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField(default=dict)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="idempotency_unique_key_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.status_code})"

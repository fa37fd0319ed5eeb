"""Users and role assignments: user x role x municipality x optional organisation x end date."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import ORGANISATION_ROLES, Role
from basisbaan.core import calendar
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality


class User(AbstractUser):
    """A person who logs in. What they may see comes only from their RoleAssignments."""

    # A staff member's work phone, shown to the participants they coach ("Mijn coach").
    phone = models.CharField(_("work phone"), max_length=20, blank=True)
    # The subject ("sub") of the staff member at the municipality's identity provider,
    # linked by an administrator. Single sign-on finds the account by it; the claims
    # never grant a role (roles come only from RoleAssignments).
    oidc_subject = models.CharField(
        _("identity provider subject"), max_length=255, blank=True, null=True, unique=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or calendar.today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    start_date = models.DateField(_("start date"), default=calendar.today)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "municipality__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "municipality", "organisation"],
                condition=Q(organisation__isnull=False),
                name="role_assignment_unique_with_org",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(organisation__isnull=True),
                name="role_assignment_unique_without_org",
            ),
        ]

    def __str__(self) -> str:
        org = f" / {self.organisation}" if self.organisation_id else ""
        return f"{self.user} — {self.get_role_display()} — {self.municipality}{org}"

    def clean(self) -> None:
        if self.role in ORGANISATION_ROLES and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("This role acts for an organisation: choose one.")}
            )
        if (
            self.organisation_id
            and self.municipality_id
            and self.organisation.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"organisation": _("The organisation belongs to another municipality.")}
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date lies before the start date.")})

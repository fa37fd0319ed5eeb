"""Weekly timesheets and their lines (hours by kind)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from basisbaan.core.concurrency import Versioned
from basisbaan.guidance.models.base import ParticipantScoped


class Timesheet(Versioned, ParticipantScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        # Its own context: "submitted" elsewhere (a task) reads "aangemeld"; a timesheet
        # is "ingediend", as its button ("Save and submit") and message say.
        SUBMITTED = "submitted", pgettext_lazy("timesheet status", "submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for correction")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="timesheets",
        verbose_name=_("participant"),
    )
    week_start = models.DateField(_("week (Monday)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    contract_hours = models.DecimalField(
        _("contracted hours"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-week_start", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "week_start"], name="timesheet_unique_week"
            ),
        ]
        indexes = [models.Index(fields=["status", "week_start"], name="timesheet_status_week")]

    def __str__(self) -> str:
        return f"{self.week_start:%G-W%V}"

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class HourKind(models.TextChoices):
    WORKED = "worked", _("worked")
    SICK = "sick", _("sick")
    LEAVE = "leave", _("leave")
    HOLIDAY = "holiday", _("public holiday")
    OTHER = "other", _("other absence")


ABSENCE_KINDS = (HourKind.SICK, HourKind.LEAVE, HourKind.HOLIDAY, HourKind.OTHER)


class TimesheetLine(models.Model):
    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("timesheet")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=HourKind.choices)
    task_label = models.CharField(_("task"), max_length=120, blank=True)
    task = models.ForeignKey(
        "communitytasks.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timesheet_lines",
        verbose_name=_("task in the catalogue"),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )

    access_municipality_path = "timesheet__participant__municipality"

    class Meta:
        verbose_name = _("timesheet line")
        verbose_name_plural = _("timesheet lines")
        ordering = ["date", "kind", "task_label"]
        indexes = [models.Index(fields=["date", "kind"], name="tsline_date_kind")]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.hours}"

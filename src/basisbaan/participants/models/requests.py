"""Data-subject requests (AVG art. 15-21) and the rectification log.

``DataSubjectRequest`` is the register: when a request came in, what kind it is, the
statutory due date (received + one month, AVG art. 12(3)), who handles it and the
outcome. It belongs to the municipality and survives the erasure of the person (the
participant link is then empty and ``subject_pseudonym`` still ties it to the person's
pseudonym): the municipality must be able to show it handled the request.

``Rectification`` is one correction: which field or record, the old and new value
*described* (a special-category value, the BSN or a health detail, is never repeated
here), by whom and when.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.core.concurrency import Versioned
from basisbaan.participants.models.participant import Participant


def one_month_after(date: datetime.date) -> datetime.date:
    """The same day a month later (the 31st becomes the month's last day)."""
    return calendar.months_after(date, 1)


class DataSubjectRequest(Versioned):
    class Kind(models.TextChoices):
        ACCESS = "access", _("access (art. 15)")
        RECTIFICATION = "rectification", _("rectification (art. 16)")
        ERASURE = "erasure", _("erasure (art. 17)")
        OBJECTION = "objection", _("objection (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        GRANTED = "granted", _("granted")
        PARTLY = "partly", _("partly granted")
        REFUSED = "refused", _("refused")

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="subject_requests",
        verbose_name=_("municipality"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subject_requests",
        verbose_name=_("participant"),
    )
    subject_pseudonym = models.CharField(_("pseudonym of the person"), max_length=12)
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due date"))
    description = models.CharField(
        _("what the person asks"),
        max_length=500,
        blank=True,
        help_text=_("In a few words, without health details."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    outcome = models.TextField(
        _("outcome"),
        max_length=2000,
        blank=True,
        help_text=_("What was done, or why (part of) the request was refused."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "status", "due_on"], name="dsr_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self.due_on and self.received_on:
            self.due_on = one_month_after(self.received_on)
        if self.participant_id and not self.subject_pseudonym:
            self.subject_pseudonym = self.participant.pseudonym
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and (today or calendar.today()) > self.due_on

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")


class Rectification(models.Model):
    """One correction of a person's data, described without special-category values."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="rectifications",
        verbose_name=_("participant"),
    )
    request = models.ForeignKey(
        DataSubjectRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("request"),
    )
    what = models.CharField(_("what was corrected"), max_length=200)
    old_description = models.CharField(_("old (described)"), max_length=300)
    new_description = models.CharField(_("new (described)"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["participant", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what} ({self.at:%Y-%m-%d})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")

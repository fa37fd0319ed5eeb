"""Imports of participants from the benefits administration and their column mapping."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import Versioned


class ImportMapping(Versioned):
    """Which header in the benefits administration's export holds which field."""

    municipality = models.OneToOneField(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="import_mapping",
        verbose_name=_("municipality"),
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")

    def __str__(self) -> str:
        return f"mapping {self.municipality}"


class ImportRun(models.Model):
    """One upload of a list of people: its preview, and after import the outcome.

    ``kind`` says which list: the target group from the benefits administration
    (``participants.import``) or the UWV list of the Werkprogramma's prevention route
    (``werkprogramma.uwv_import``); each import's pages show only runs of its own kind.
    The uploaded text is kept only until the import ran (then emptied).
    """

    class Kind(models.TextChoices):
        TARGET_GROUP = "target_group", _("target group list")
        UWV = "uwv", _("UWV list")

    class State(models.TextChoices):
        PREVIEW = "preview", _("preview")
        QUEUED = "queued", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="participant_imports",
        verbose_name=_("municipality"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.TARGET_GROUP, db_index=True
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    skip_invalid = models.BooleanField(_("import the valid rows, skip the invalid"), default=False)
    preview = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("target group import")
        verbose_name_plural = _("target group imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk} {self.filename}"

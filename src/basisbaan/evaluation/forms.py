"""The research dataset's download form: every download states its purpose."""

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.audit.models import AuditEntry

# The purpose is kept whole in the audit entry, so it is no longer than that field.
PURPOSE_MAX = min(300, AuditEntry._meta.get_field("purpose").max_length)
PURPOSE_MIN = 10


class DownloadForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of this download"),
        help_text=_(
            "What you will use the file for, e.g. “evaluation Hanze 2027”. "
            "It is kept in the audit trail with your name."
        ),
        min_length=PURPOSE_MIN,
        max_length=PURPOSE_MAX,
        strip=True,
    )

"""The form that sets a new retention period of a record type from a date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.privacy.models import MAX_DAYS, RetentionRule


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["days", "valid_from", "legal_ground"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_ground": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "days": _("Days after the record type's moment; 365 is a year, 2555 seven years."),
            "valid_from": _(
                "From this day on the new period applies; the old one stays in the history."
            ),
            "legal_ground": _("The law or decision that sets this period."),
        }

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or calendar.today()
        super().__init__(*args, **kwargs)
        self.fields["days"].widget.attrs.update(min=1, max=MAX_DAYS)

    def clean_valid_from(self):
        valid_from = self.cleaned_data["valid_from"]
        if not calendar.in_range(valid_from):
            raise forms.ValidationError(_("Choose a date between 2000 and 2099."))
        if valid_from < self.today:
            raise forms.ValidationError(
                _("A new period starts today or later: the history is not rewritten.")
            )
        return valid_from

    def clean_legal_ground(self):
        text = " ".join((self.cleaned_data.get("legal_ground") or "").split())
        if not text:
            raise forms.ValidationError(_("Give the legal ground of the period."))
        return text

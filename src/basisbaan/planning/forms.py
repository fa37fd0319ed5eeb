from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import VersionedFormMixin
from basisbaan.planning.models import PlanningWeights


class WeightsForm(VersionedFormMixin, forms.ModelForm):
    """The municipality's weights for the engine's cost terms."""

    class Meta:
        model = PlanningWeights
        fields = list(PlanningWeights.KEYS)
        help_texts = {
            "shortfall_hour": _("Keep this the largest: every contract hour counts most."),
            "change_hour": _("Higher keeps weeks more the same from week to week."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shortfall_hour") is not None and cleaned["shortfall_hour"] <= 0:
            self.add_error("shortfall_hour", _("Hours short of a contract must cost something."))
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import VersionedFormMixin
from basisbaan.tenants.models import ProgrammeParameters


class ProgrammeParametersForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeParameters
        fields = [
            "valid_from",
            "min_hours",
            "max_hours",
            "allow_fewer_hours_by_agreement",
            "growth_target_per_year",
            "target_jobs",
        ]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, programme=None, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_hours"), data.get("max_hours")
        if low is not None and high is not None and low > high:
            self.add_error("max_hours", _("The maximum lies below the minimum."))
        if high is not None and high > 40:
            self.add_error("max_hours", _("A working week in this programme is at most 40 hours."))
        valid_from = data.get("valid_from")
        if (
            valid_from
            and self.programme
            and self.programme.parameters.filter(valid_from=valid_from).exists()
        ):
            self.add_error("valid_from", _("There are already parameters from this date."))
        return data

"""The evaluation forms: the research dataset's download form (every download states its
purpose) and the period of the monitor and the council report."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.evaluation import periods
from basisbaan.tenants.models import Programme

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


# --- the period filter of the monitor and the council report -----------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """A period from ``start`` to ``end`` (both included, ``YYYY-MM-DD``): within the
    calendar's sane range, the end not before the start and not after today."""

    start = forms.DateField(label=_("From"), widget=DateInput(), input_formats=["%Y-%m-%d"])
    end = forms.DateField(label=_("To"), widget=DateInput(), input_formats=["%Y-%m-%d"])

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def _in_range(self, name: str):
        value = self.cleaned_data[name]
        if not calendar.in_range(value):
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {
                    "first": calendar.EARLIEST.strftime("%d-%m-%Y"),
                    "last": calendar.LATEST.strftime("%d-%m-%Y"),
                }
            )
        return value

    def clean_start(self):
        return self._in_range("start")

    def clean_end(self):
        value = self._in_range("end")
        if value > self.today:
            raise forms.ValidationError(_("The period cannot end after today."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date lies before the start date."))
        return cleaned

    def period(self) -> periods.Period:
        """The chosen period (only after ``is_valid()``)."""
        return periods.Period(self.cleaned_data["start"], self.cleaned_data["end"], True)


class ReportForm(PeriodForm):
    """The council report: a programme of the active municipality and a period."""

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose one of the programmes of this municipality."),
        },
    )
    field_order = ["programme", "start", "end"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            municipality=municipality
        ).order_by("start_date", "name", "pk")
        self.fields["programme"].label_from_instance = lambda programme: programme.name

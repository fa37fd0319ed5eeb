"""Shared pieces of the planning views: the run form and week lookups."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy

from basisbaan.core import calendar
from basisbaan.planning import services
from basisbaan.planning.models import PlanningWeek

# How long the engine looks for a better plan, in words the planner understands.
THOROUGHNESS = {"quick": 3, "normal": services.DEFAULT_TIME_LIMIT, "thorough": 60}


class RunForm(forms.Form):
    thoroughness = forms.ChoiceField(
        label=gettext_lazy("How thorough?"),
        choices=[
            ("quick", gettext_lazy("Quick (a few seconds)")),
            ("normal", gettext_lazy("Normal (about 20 seconds)")),
            ("thorough", gettext_lazy("Thorough (about a minute, often a little better)")),
        ],
        initial="normal",
        help_text=gettext_lazy("Normal is usually enough."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    @property
    def time_limit(self) -> int:
        """The engine's time budget in seconds for the chosen thoroughness."""
        return THOROUGHNESS[self.cleaned_data["thoroughness"]]


def _week_or_404(municipality, label: str) -> PlanningWeek:
    try:
        start = calendar.parse_week(label)
    except ValueError:
        raise Http404 from None
    return PlanningWeek(municipality=municipality, week_start=start)


def _existing_week(municipality, label: str) -> PlanningWeek:
    """The stored week, or an unsaved one for a week nobody planned yet."""
    week = _week_or_404(municipality, label)
    return (
        PlanningWeek.objects.filter(municipality=municipality, week_start=week.week_start).first()
        or week
    )

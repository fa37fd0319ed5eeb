"""Shared pieces of the planning views: the run form and week lookups."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy

from basisbaan.core import calendar
from basisbaan.planning import services
from basisbaan.planning.models import PlanningWeek


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=gettext_lazy("Time budget (seconds)"),
        min_value=services.MIN_TIME_LIMIT,
        max_value=services.MAX_TIME_LIMIT,
        initial=services.DEFAULT_TIME_LIMIT,
        help_text=gettext_lazy("More time can give a better plan. 20 seconds is usually enough."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


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

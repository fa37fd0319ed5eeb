import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.api import tokens
from basisbaan.core import calendar


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the token, e.g. the organisation's registration system."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may the token do?"),
        choices=[(scope.name, scope.label) for scope in tokens.SCOPES.values()],
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most two years. The token stops working at the start of this day."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {"expires_on": calendar.today() + tokens.DEFAULT_VALIDITY},
        )
        super().__init__(*args, **kwargs)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = calendar.today()
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if day > today + datetime.timedelta(days=2 * 366):
            raise forms.ValidationError(_("A token is valid for at most two years."))
        return day

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.messaging.models import Channel


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How do you want to hear that your week has changed?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the options."),
                        "invalid_choice": _("Choose one of the options.")},
    )  # fmt: skip


class StaffPreferenceForm(PreferenceForm):
    channel = forms.ChoiceField(
        label=_("Message when the published week changes"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the options."),
                        "invalid_choice": _("Choose one of the options.")},
    )  # fmt: skip

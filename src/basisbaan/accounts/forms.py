from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import oidc, two_factor
from basisbaan.accounts.models import User
from basisbaan.accounts.roles import ORGANISATION_ROLES, Role
from basisbaan.core import calendar
from basisbaan.organisations.models import Organisation


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(_("This code is not right. Try the newest code."))
        return token


class OTPVerifyForm(forms.Form):
    """A code from any of the user's authenticator apps, or one of their recovery codes."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("No phone at hand? Type one of your recovery codes instead."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"]
        self.device = two_factor.verify(self.user, token)
        if self.device is None:
            raise forms.ValidationError(_("This code is not right. Try the newest code."))
        return token


class NewAccountForm(forms.Form):
    """An administrator adds a person with one role in the active municipality."""

    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[a-z0-9.@+_-]{3,150}$",
        error_messages={"invalid": _("Use 3 to 150 small letters, digits or . @ + - _")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Required for guidance organisation staff and task providers."),
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    oidc_subject = forms.CharField(
        label=_("Identity provider subject"),
        max_length=255,
        required=False,
        help_text=_(
            "For single sign-on: the person's subject (sub) at your organisation's identity "
            "provider. Leave empty to link by verified e-mail address at the first login."
        ),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality=municipality
        )
        if not oidc.enabled():
            del self.fields["oidc_subject"]

    def clean_oidc_subject(self):
        subject = self.cleaned_data["oidc_subject"].strip()
        if subject and User.objects.filter(oidc_subject=subject).exists():
            raise forms.ValidationError(_("Another account is linked to this subject."))
        return subject or None

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("role") in ORGANISATION_ROLES and not data.get("organisation"):
            self.add_error("organisation", _("This role acts for an organisation: choose one."))
        if data.get("end_date") and data["end_date"] < calendar.today():
            self.add_error("end_date", _("The end date lies in the past."))
        return data


class SSOSubjectForm(forms.Form):
    """An administrator links (or unlinks) a person's organisation account."""

    oidc_subject = forms.CharField(
        label=_("Identity provider subject"),
        max_length=255,
        required=False,
        help_text=_(
            "The person's subject (sub) at your organisation's identity provider. Leave "
            "empty to remove the link."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_oidc_subject(self):
        subject = self.cleaned_data["oidc_subject"].strip()
        taken = User.objects.filter(oidc_subject=subject).exclude(pk=self.user.pk)
        if subject and taken.exists():
            raise forms.ValidationError(_("Another account is linked to this subject."))
        return subject or None

"""Forms: validate at the edge with plain-language messages; services do the writing."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.core.concurrency import VersionedFormMixin
from basisbaan.core.vocabulary import LIMITATION_CHOICES, SKILL_CHOICES, WEEKDAY_CHOICES
from basisbaan.participants import importer
from basisbaan.participants.instruments import ZRM_SCORES, zrm_domains
from basisbaan.participants.models import (
    EligibilityRule,
    EmploymentContract,
    ExitReason,
    FollowUp,
    Participant,
    Scan,
    Status,
)
from basisbaan.participants.workflow import allowed_targets
from basisbaan.tenants.models import Neighbourhood, TaskCategory

MAX_UPLOAD_BYTES = 30 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _checkboxes(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class ProfileForm(VersionedFormMixin, forms.ModelForm):
    """Work profile: wishes, skills, limitations (flags only), availability, hours, travel."""

    wishes = _checkboxes([], _("Wishes (kinds of work)"))
    skills = _checkboxes(SKILL_CHOICES, _("Skills"))
    limitations = _checkboxes(
        LIMITATION_CHOICES,
        _("Limitations relevant to work"),
        _("Flags only. Never write medical details here."),
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "phone",
            "email",
            "home_neighbourhood",
            "contract_hours",
            "hours_agreement",
            "max_hours_per_day",
            "max_travel_km",
            "travel_mode",
            "reintegration_route",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        participant = self.instance
        self.fields["home_neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality=participant.municipality
        )
        self.fields["wishes"].choices = [
            (c.code, c.label)
            for c in TaskCategory.objects.filter(municipality=participant.municipality, active=True)
        ]
        for name in ("wishes", "skills", "limitations"):
            self.initial.setdefault(name, getattr(participant, name) or [])
        availability = participant.availability or {}
        for day, label in WEEKDAY_CHOICES:
            window = (availability.get(day) or [[None, None]])[0]
            self.fields[f"{day}_from"] = forms.TimeField(
                label=_("%(day)s from") % {"day": label},
                required=False,
                widget=TimeInput(),
                initial=window[0],
            )
            self.fields[f"{day}_to"] = forms.TimeField(
                label=_("%(day)s until") % {"day": label},
                required=False,
                widget=TimeInput(),
                initial=window[1],
            )

    def day_fields(self):
        return [(label, self[f"{day}_from"], self[f"{day}_to"]) for day, label in WEEKDAY_CHOICES]

    def clean(self):
        data = super().clean()
        availability = {}
        for day, _day_label in WEEKDAY_CHOICES:
            start, end = data.get(f"{day}_from"), data.get(f"{day}_to")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(f"{day}_to", _("Give both a start and an end time, or neither."))
                continue
            if end <= start:
                self.add_error(f"{day}_to", _("The end time must be after the start time."))
                continue
            availability[day] = [[start.strftime("%H:%M"), end.strftime("%H:%M")]]
        data["availability"] = availability

        hours = data.get("contract_hours")
        programme = self.instance.programme
        parameters = programme.parameters_on(calendar.today()) if programme else None
        if hours and parameters:
            if hours > parameters.max_hours:
                self.add_error(
                    "contract_hours",
                    _("At most %(n)s hours a week in this programme.")
                    % {"n": parameters.max_hours},
                )
            elif hours < parameters.min_hours and not data.get("hours_agreement"):
                self.add_error(
                    "hours_agreement",
                    _("Fewer than %(n)s hours a week is possible by agreement: write down why.")
                    % {"n": parameters.min_hours},
                )
        if hours and availability:
            total = sum(
                (
                    datetime.datetime.strptime(w[0][1], "%H:%M")
                    - datetime.datetime.strptime(w[0][0], "%H:%M")
                ).seconds
                / 3600
                for w in availability.values()
            )
            if total < hours:
                self.add_error(
                    None,
                    _(
                        "The availability covers %(available)s hours a week, fewer than the "
                        "%(hours)s contracted hours."
                    )
                    % {"available": f"{total:g}", "hours": hours},
                )
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["wishes"] = list(data["wishes"])
        values["skills"] = list(data["skills"])
        values["limitations"] = list(data["limitations"])
        values["availability"] = data["availability"]
        return values


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=[])
    exit_reason = forms.ChoiceField(
        label=_("Reason for the exit"),
        choices=[("", "—"), *ExitReason.choices],
        required=False,
        help_text=_("Only when the new status is 'exited'."),
    )
    follow_up_date = forms.DateField(
        label=_("Follow-up date"),
        required=False,
        widget=DateInput(),
        help_text=_("When to contact this person again after an exit."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    expected = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (s, Status(s).label) for s in allowed_targets(participant.status)
        ]
        self.fields["expected"].initial = participant.status


class OverrideForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("eligible")), ("no", _("not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The reason is kept in the audit trail."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise ValidationError(_("Explain the reason in at least a short sentence."))
        return reason


class ScanForm(forms.Form):
    work_history = forms.CharField(
        label=_("Work history"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    skills = _checkboxes(SKILL_CHOICES, _("Skills"))
    interests = forms.CharField(
        label=_("Interests"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    personality = forms.CharField(
        label=_("Personality"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    limitations = _checkboxes(LIMITATION_CHOICES, _("Limitations relevant to work"))
    advice = forms.ChoiceField(label=_("Route advice"), choices=Scan.Advice.choices)
    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this route: it is kept with the advice."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in zrm_domains():
            self.fields[f"zrm_{code}"] = forms.TypedChoiceField(
                label=_("ZRM: %(domain)s") % {"domain": label},
                choices=[("", _("not scored")), *ZRM_SCORES],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean_reasoning(self):
        text = self.cleaned_data["reasoning"].strip()
        if not text:
            raise ValidationError(_("Write down the reasoning for the advice."))
        return text

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "work_history": data["work_history"],
            "skills": list(data["skills"]),
            "interests": data["interests"],
            "personality": data["personality"],
            "limitations": list(data["limitations"]),
            "zrm_scores": {
                code: data[f"zrm_{code}"]
                for code, _label in zrm_domains()
                if data.get(f"zrm_{code}") is not None
            },
            "advice": data["advice"],
            "reasoning": data["reasoning"],
        }


class ContractForm(VersionedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EmploymentContract.Kind.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        required=False,
        help_text=_("Required for a temporary contract; empty for a permanent one."),
    )
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=40)
    wage_supplement_eur = forms.DecimalField(
        label=_("Supplement on the minimum wage (EUR per hour)"),
        min_value=0,
        max_value=50,
        decimal_places=2,
        required=False,
        help_text=_("Usually empty: the wage is the minimum wage on each day."),
    )

    def clean_wage_supplement_eur(self):
        return self.cleaned_data.get("wage_supplement_eur") or Decimal(0)


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What became of the person?"),
        choices=FollowUp.Outcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Short, without health details."),
    )


class AssignForm(VersionedFormMixin, forms.Form):
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=None, required=False)
    guidance_organisation = forms.ModelChoiceField(
        label=_("Guidance organisation"), queryset=None, required=False
    )

    def __init__(self, *args, coaches, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        from basisbaan.accounts.models import User
        from basisbaan.organisations.models import Organisation

        coach_counts = dict(coaches)
        org_counts = dict(organisations)
        self.fields["coach"].queryset = User.objects.filter(pk__in=[c.pk for c, _n in coaches])
        self.fields["coach"].label_from_instance = lambda u: (
            _("%(name)s (%(n)s in caseload)")
            % {"name": u.get_full_name() or u.username, "n": coach_counts.get(u, 0)}
        )
        self.fields["guidance_organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o, _n in organisations]
        )
        self.fields["guidance_organisation"].label_from_instance = lambda o: (
            _("%(name)s (%(n)s participants)") % {"name": o.name, "n": org_counts.get(o, 0)}
        )


class PriorityForm(VersionedFormMixin, forms.Form):
    priority_reason = forms.CharField(
        label=_("Priority reason"),
        max_length=200,
        required=False,
        help_text=_("Filled in: this person goes before others on the waiting list."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the benefits administration"),
        help_text=_(
            "A header row; columns separated by ; or , ; UTF-8; dates as YYYY-MM-DD or DD-MM-YYYY."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 30 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Choose a .csv file."))
        return upload


class MappingForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, columns: dict, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {f.name: f.verbose_name for f in Participant._meta.fields}
        for name, heading in columns.items():
            self.fields[name] = forms.CharField(
                label=labels.get(name, name),
                initial=heading,
                max_length=60,
                required=name in importer.REQUIRED,
                help_text=_("Default: %(heading)s") % {"heading": importer.DEFAULT_COLUMNS[name]},
            )

    def clean(self):
        data = super().clean()
        headings = [v.strip().lower() for v in data.values() if v]
        if len(headings) != len(set(headings)):
            raise ValidationError(_("Two fields use the same column."))
        return data


class RulesForm(VersionedFormMixin, forms.Form):
    """One row per rule kind: in use or not, and its value."""

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in EligibilityRule.Kind.choices:
            rule = rules.get(kind)
            self.fields[f"{kind}_active"] = forms.BooleanField(
                label=_("Use: %(rule)s") % {"rule": label},
                required=False,
                initial=bool(rule and rule.active),
            )
            if kind == EligibilityRule.Kind.SCAN_ADVICE:
                self.fields[f"{kind}_value"] = forms.ChoiceField(
                    label=_("Advised route"),
                    choices=Scan.Advice.choices,
                    initial=rule.value if rule else Scan.Advice.BASISBAAN,
                )
            elif kind in (
                EligibilityRule.Kind.MIN_AGE,
                EligibilityRule.Kind.MIN_BENEFIT_YEARS,
                EligibilityRule.Kind.MIN_AVAILABLE_HOURS,
            ):
                self.fields[f"{kind}_value"] = forms.DecimalField(
                    label=_("Value for: %(rule)s") % {"rule": label},
                    min_value=0,
                    max_value=100,
                    decimal_places=1,
                    required=False,
                    initial=rule.value if rule else None,
                )

    def clean(self):
        data = super().clean()
        for kind, _label in EligibilityRule.Kind.choices:
            if (
                data.get(f"{kind}_active")
                and f"{kind}_value" in self.fields
                and data.get(f"{kind}_value") in (None, "")
            ):
                self.add_error(f"{kind}_value", _("A rule in use needs a value."))
        return data


# --- referrals by partners ------------------------------------------------------------


class ReferralForm(forms.Form):
    """A partner refers a resident: name, a way to reach them, a short motivation and
    the resident's consent (required). The service checks the rest (health or income
    words in the motivation, a duplicate open referral)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    prefix = forms.CharField(label=_("Prefix (tussenvoegsel)"), max_length=20, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    birth_date = forms.DateField(
        label=_("Date of birth (if known)"), required=False, widget=DateInput()
    )
    postcode = forms.CharField(
        label=_("Postcode (if known)"), max_length=7, required=False, help_text=_("e.g. 9401 AB")
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood (if known)"), queryset=Neighbourhood.objects.none(), required=False
    )
    motivation = forms.CharField(
        label=_("Why could a basisbaan suit this resident?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text=_(
            "At most 500 characters. Write nothing about health or income: the intake asks "
            "about that with the resident."
        ),
    )
    consent = forms.BooleanField(
        label=_("The resident agrees to this referral and to being contacted about it."),
        required=True,
        error_messages={"required": _("Refer a resident only when they agree: ask them first.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality=municipality
        ).order_by("name")

    def clean_postcode(self):
        raw = "".join(self.cleaned_data["postcode"].split()).upper()
        if not raw:
            return ""
        value = f"{raw[:4]} {raw[4:]}"
        from basisbaan.participants.models import postcode_validator

        postcode_validator(value)
        return value


class IntakeForm(forms.Form):
    """What the intake checks and the participant needs: the BSN and the address."""

    bsn = forms.CharField(label=_("BSN"), max_length=9, help_text=_("9 digits"))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 9401 AB"))
    house_number = forms.CharField(label=_("House number"), max_length=12)

    def clean_bsn(self):
        from basisbaan.participants.models import validate_bsn

        value = "".join(self.cleaned_data["bsn"].split())
        validate_bsn(value)
        return value

    def clean_postcode(self):
        from basisbaan.participants.models import postcode_validator

        raw = "".join(self.cleaned_data["postcode"].split()).upper()
        value = f"{raw[:4]} {raw[4:]}"
        postcode_validator(value)
        return value

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > calendar.add_years(calendar.today(), -15) or value.year < 1900:
            raise ValidationError(_("This date of birth is not possible for a participant."))
        return value


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why not"),
        widget=forms.RadioSelect,
        help_text=_("The partner sees this reason; it names no income or health detail."),
    )

    def __init__(self, *args, **kwargs):
        from basisbaan.participants.models import Referral

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Referral.DeclineReason.choices

"""The form of one measurement round (the coach fills it in with the participant)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.guidance import wellbeing
from basisbaan.guidance.forms import DATE_WIDGET, CheckInForm
from basisbaan.guidance.models import MeasurementRound
from basisbaan.participants.instruments import ZRM_SCORES, zrm_domains

SCALE5 = [("", "—"), *((i, str(i)) for i in range(1, 6))]


class RoundForm(forms.Form):
    round = forms.ChoiceField(label=_("Which round?"))
    held_on = forms.DateField(label=_("Date of the conversation"), widget=DATE_WIDGET)
    net_income_eur = forms.DecimalField(
        label=_("Net income per month (EUR)"),
        min_value=0,
        max_value=20000,
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty when the participant does not want to say."),
    )
    income_source = forms.ChoiceField(
        label=_("Where does most of the income come from?"),
        choices=[("", "—"), *MeasurementRound.IncomeSource.choices],
        required=False,
    )
    self_rated_health = forms.TypedChoiceField(
        label=_("How is your health? (1 = poor, 5 = excellent)"), choices=SCALE5, coerce=int
    )
    self_confidence = forms.TypedChoiceField(
        label=_("How much do you trust in yourself? (1 = very little, 5 = very much)"),
        choices=SCALE5,
        coerce=int,
    )
    social_contacts = forms.TypedChoiceField(
        label=_("Are you happy with your contacts with other people? (1 = not at all, 5 = very)"),
        choices=SCALE5,
        coerce=int,
    )
    ladder_rung = forms.TypedChoiceField(
        label=_("Step on the participation ladder"),
        choices=[("", "—"), *MeasurementRound.LADDER_RUNGS],
        coerce=int,
        help_text=_("Where does the participant stand now? Choose one step."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {due.key: due for due in rounds}
        self.fields["round"].choices = [
            (due.key, f"{due.label} ({due.due_date:%d-%m-%Y})") for due in rounds
        ]
        for index, question in enumerate(CheckInForm.WHO5_QUESTIONS, start=1):
            self.fields[f"who5_{index}"] = forms.TypedChoiceField(
                label=_("Over the last two weeks: %(q)s") % {"q": question},
                choices=CheckInForm.WHO5_SCALE,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.zrm = zrm_domains()
        for code, label in self.zrm:
            self.fields[f"zrm_{code}"] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), *ZRM_SCORES],
                coerce=int,
                required=False,
                empty_value=None,
            )

    def groups(self):
        groups = [
            (_("Round"), ["round", "held_on"]),
            (_("Income"), ["net_income_eur", "income_source"]),
            (_("Well-being (WHO-5)"), [f"who5_{i}" for i in range(1, 6)]),
            (
                _("Health and social life"),
                ["self_rated_health", "self_confidence", "social_contacts"],
            ),
            (_("Participation"), ["ladder_rung"]),
            (_("Self-reliance (ZRM, optional)"), [f"zrm_{code}" for code, _label in self.zrm]),
            (_("Notes"), ["notes"]),
        ]
        return [(title, [self[name] for name in names]) for title, names in groups]

    def clean(self):
        data = super().clean()
        key = data.get("round")
        if key is not None:
            data["due"] = self.rounds[key]
        items = [data.get(f"who5_{i}") for i in range(1, 6)]
        if None not in items:
            data["who5_items"] = items
            data["who5_raw"] = wellbeing.who5_raw(items)
        income, source = data.get("net_income_eur"), data.get("income_source")
        if income is not None and not source:
            self.add_error("income_source", _("Choose where the income comes from."))
        if source and income is None and "net_income_eur" not in self.errors:
            self.add_error("net_income_eur", _("Fill in the income, or leave both empty."))
        data["zrm_scores"] = {
            code: data[f"zrm_{code}"]
            for code, _label in self.zrm
            if data.get(f"zrm_{code}") is not None
        }
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.core.concurrency import VersionedFormMixin
from basisbaan.core.vocabulary import LIMITATION_CHOICES
from basisbaan.guidance import wellbeing
from basisbaan.guidance.earlywarning import carries_health_detail
from basisbaan.guidance.models import CheckIn, RoundSchedule, SicknessCase, WorkNote

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", _("not asked")), ("yes", _("yes")), ("no", _("no"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class SickReportForm(forms.Form):
    first_sick_day = forms.DateField(label=_("First sick day"), widget=DATE_WIDGET)
    extent = forms.ChoiceField(
        label=_("Fully or partly sick?"),
        choices=SicknessCase.Extent.choices,
        widget=forms.RadioSelect,
    )
    partial_percentage = forms.IntegerField(
        label=_("Percentage unable to work (only when partly sick)"),
        min_value=1,
        max_value=99,
        required=False,
    )
    expected_days = forms.IntegerField(
        label=_("Expected duration in days (if known)"),
        min_value=1,
        max_value=730,
        required=False,
        help_text=_("Never ask or write down what the illness is."),
    )


class RecoveryForm(forms.Form):
    recovered_on = forms.DateField(label=_("Back at work on"), widget=DATE_WIDGET)


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE_WIDGET)


class WorkNoteForm(forms.ModelForm):
    class Meta:
        model = WorkNote
        fields = ["kind", "date", "text"]
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self):
        # Work-floor notes are read by the coach and the planners: no well-being scores.
        text = self.cleaned_data["text"]
        if carries_health_detail(text):
            raise forms.ValidationError(
                _("Work-related only: leave out health details and scores (such as WHO-5).")
            )
        return text


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What needs correcting?"), max_length=300)


class CheckInForm(forms.Form):
    SCALE5 = [("", "—"), *((i, str(i)) for i in range(1, 6))]
    WHO5_SCALE = [
        (5, _("all of the time (5)")),
        (4, _("most of the time (4)")),
        (3, _("more than half of the time (3)")),
        (2, _("less than half of the time (2)")),
        (1, _("some of the time (1)")),
        (0, _("at no time (0)")),
    ]
    WHO5_QUESTIONS = [
        _("I have felt cheerful and in good spirits"),
        _("I have felt calm and relaxed"),
        _("I have felt active and vigorous"),
        _("I woke up feeling fresh and rested"),
        _("My daily life has been filled with things that interest me"),
    ]

    date = forms.DateField(label=_("Date of the conversation"), widget=DATE_WIDGET)
    work_fit = forms.TypedChoiceField(
        label=_("The work suits me (1 = not at all, 5 = very well)"), choices=SCALE5, coerce=int
    )
    work_satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction with the work (1-5)"), choices=SCALE5, coerce=int
    )
    work_relations = forms.TypedChoiceField(
        label=_("Relations with colleagues and on the work floor (1-5)"), choices=SCALE5, coerce=int
    )
    household = forms.ChoiceField(
        label=_("Household"), choices=[("", "—"), *CheckIn.Household.choices]
    )
    net_income_eur = forms.DecimalField(
        label=_("Net income per month (EUR)"),
        min_value=0,
        max_value=20000,
        decimal_places=2,
        required=False,
        help_text=_("Compared with the bijstand norm on the date."),
    )
    has_debts = forms.ChoiceField(label=_("Debts?"), choices=YES_NO, required=False)
    debt_help = forms.ChoiceField(label=_("Is debt help involved?"), choices=YES_NO, required=False)
    self_rated_health = forms.TypedChoiceField(
        label=_("How is your health? (1 = poor, 5 = excellent)"), choices=SCALE5, coerce=int
    )
    social_contacts = forms.ChoiceField(
        label=_("Contact with friends, family or neighbours"),
        choices=[("", "—"), *CheckIn.SocialContacts.choices],
    )
    self_confidence = forms.TypedChoiceField(
        label=_("Self-confidence (0-10)"),
        choices=[("", "—"), *((i, str(i)) for i in range(11))],
        coerce=int,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, question in enumerate(self.WHO5_QUESTIONS, start=1):
            self.fields[f"who5_{index}"] = forms.TypedChoiceField(
                label=_("Over the last two weeks: %(q)s") % {"q": question},
                choices=self.WHO5_SCALE,
                coerce=int,
                widget=forms.RadioSelect,
            )

    GROUPS = [
        (_("Work"), ["date", "work_fit", "work_satisfaction", "work_relations"]),
        (_("Income"), ["household", "net_income_eur", "has_debts", "debt_help"]),
        (_("Well-being (WHO-5)"), [f"who5_{i}" for i in range(1, 6)]),
        (
            _("Health and social life"),
            ["self_rated_health", "social_contacts", "self_confidence", "notes"],
        ),
    ]

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def clean(self):
        data = super().clean()
        items = [data.get(f"who5_{i}") for i in range(1, 6)]
        if None not in items:
            data["who5_items"] = items
            data["who5_raw"] = wellbeing.who5_raw(items)
        data["has_debts"] = _yes_no(data.get("has_debts"))
        data["debt_help"] = _yes_no(data.get("debt_help"))
        if data["debt_help"] and data["has_debts"] is False:
            self.add_error("debt_help", _("Debt help without debts: check the answers."))
        return data


class MissedForm(forms.Form):
    date = forms.DateField(label=_("Date of the missed appointment"), widget=DATE_WIDGET)


class CadenceForm(forms.Form):
    cadence_weeks = forms.IntegerField(label=_("Contact every (weeks)"), min_value=1, max_value=26)


class AdjustForm(VersionedFormMixin, forms.Form):
    wishes = forms.MultipleChoiceField(
        label=_("Wishes (kinds of work)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    limitations = forms.MultipleChoiceField(
        label=_("Limitations relevant to work"),
        choices=LIMITATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contract_hours = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=40, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Planners see it as the reason for fewer hours: no health details."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wishes"].choices = [(c.code, c.label) for c in categories]

    def clean_reason(self):
        # Kept as the file's "reason for fewer hours", which planners and finance read.
        reason = self.cleaned_data["reason"]
        if carries_health_detail(reason):
            raise forms.ValidationError(
                _("Planners read this reason: leave out health details and scores.")
            )
        return reason


class ReplanForm(forms.Form):
    """The re-plan request is a fresh text for the planner: nothing of a check-in or a
    signal is prefilled, and health detail (a WHO-5 score, a signal's own text) is refused.

    ``signal_reason`` / ``signal_reasons``: the texts of the participant's signals that
    must not be copied in. On a page with other forms, pass ``auto_id`` so that the
    field's id stays unique (the signal page has a "reason" field of its own).
    """

    reason = forms.CharField(
        label=_("Why is a new plan needed?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Write what should change in the week (days, hours, tasks). The planner reads "
            "this: leave out health details, scores, diagnoses, income and debts."
        ),
    )

    def __init__(self, *args, signal_reason: str = "", signal_reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signal_reasons = [r for r in (signal_reason, *signal_reasons) if r]

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if carries_health_detail(reason) or any(
            carries_health_detail(reason, signal) for signal in self.signal_reasons
        ):
            raise forms.ValidationError(
                _(
                    "The planner sees this text: leave out health details and scores and "
                    "say only what should change in the week."
                )
            )
        return reason


class CloseSignalForm(forms.Form):
    note = forms.CharField(label=_("What did you do?"), max_length=500)


class RoundScheduleForm(forms.ModelForm):
    """A programme's measurement schedule from a date on (the latest date that has passed
    applies): within the programme's run, one per date, a round every 1-24 months."""

    interval_months = forms.IntegerField(
        label=RoundSchedule._meta.get_field("interval_months").verbose_name,
        min_value=1,
        max_value=24,
        help_text=_("Months between two measurement rounds after the employment start (1-24)."),
    )

    class Meta:
        model = RoundSchedule
        fields = ["valid_from", "interval_months"]
        widgets = {"valid_from": DATE_WIDGET}

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.instance.programme = programme

    def clean_valid_from(self):
        valid_from = self.cleaned_data["valid_from"]
        if not calendar.in_range(valid_from):
            raise forms.ValidationError(
                _("Enter a date between %(first)s and %(last)s.")
                % {
                    "first": calendar.EARLIEST.strftime("%d-%m-%Y"),
                    "last": calendar.LATEST.strftime("%d-%m-%Y"),
                }
            )
        if valid_from < self.programme.start_date:
            raise forms.ValidationError(
                _("The programme starts on %(date)s: a schedule cannot start before it.")
                % {"date": self.programme.start_date.strftime("%d-%m-%Y")}
            )
        end = self.programme.end_date
        if end and valid_from > end:
            raise forms.ValidationError(
                _("The programme ends on %(date)s: a schedule cannot start after it.")
                % {"date": end.strftime("%d-%m-%Y")}
            )
        if RoundSchedule.objects.filter(programme=self.programme, valid_from=valid_from).exists():
            raise forms.ValidationError(_("There is already a schedule from this date."))
        return valid_from

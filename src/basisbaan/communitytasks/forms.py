"""Forms of the community-task app. The public forms speak B1 Dutch (through the
translations): short sentences, one question at a time, errors that say what to do."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from basisbaan.communitytasks.models import InboxMessage, MonthlyReport, Submission, Task
from basisbaan.core import calendar
from basisbaan.core.concurrency import VersionedFormMixin
from basisbaan.core.vocabulary import DEMAND_CHOICES, SKILL_CHOICES, WEEKDAY_CHOICES
from basisbaan.organisations.models import Organisation
from basisbaan.organisations.validators import validate_kvk

# Slot times: whole and half hours from 07:00 to 22:00 (the planning format needs them).
TIME_CHOICES = [("", "—")] + [
    (f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}")
    for h in range(7, 23)
    for m in (0, 30)
    if h < 22 or m == 0
]
MAX_PEOPLE = 10
# Translated when shown (lazy), with the maximum filled in.
PEOPLE_MESSAGE = lazy(
    lambda: (
        gettext(
            "You need at least 1 person and at most %(max)s. Fill in a number from 1 to %(max)s."
        )
        % {"max": MAX_PEOPLE}
    ),
    str,
)()
MAX_SLOTS = 10


def _time(value: str) -> datetime.time | None:
    if not value:
        return None
    hours, minutes = value.split(":")
    return datetime.time(int(hours), int(minutes))


class AriaRequiredMixin:
    """Required fields say so with ``aria-required`` instead of the HTML ``required``
    attribute: the forms validate on the server (``novalidate``), and the theme paints
    every empty ``required`` field red before anything was typed."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            mark_required(field)


def mark_required(field) -> None:
    # Not on radio buttons and checkboxes: ARIA does not allow it there (the legend says it).
    if field.required and not isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
        field.widget.attrs["aria-required"] = "true"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS); bots fill it in."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class TaskSubmissionForm(AriaRequiredMixin, HoneypotMixin, forms.Form):
    SCHEDULE_WEEKLY = "weekly"
    SCHEDULE_ONE_OFF = "one_off"

    organisation_name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    organisation_kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=[("", "—")]
        + [(k, Organisation.Kind(k).label) for k in Organisation.TASK_PROVIDER_KINDS],
    )
    kvk_number = forms.CharField(
        label=_("KvK number (if you have one)"),
        max_length=8,
        required=False,
        validators=[validate_kvk],
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link. Click on it to confirm your e-mail address."),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number (optional)"), max_length=20, required=False
    )

    neighbourhood = forms.ModelChoiceField(
        label=_("In which neighbourhood or village is the work?"),
        queryset=None,
        empty_label=_("Choose…"),
    )
    address = forms.CharField(
        label=_("Where does the worker go? (street and number)"),
        max_length=200,
        required=False,
        help_text=_("For example: Wijkstraat 12. Leave empty if the work is in several places."),
    )
    category = forms.ModelChoiceField(
        label=_("What kind of work is it?"), queryset=None, empty_label=_("Choose…")
    )
    title = forms.CharField(
        label=_("Give the task a short name"),
        max_length=150,
        help_text=_("For example: Coffee and tea in the community centre."),
    )
    description = forms.CharField(
        label=_("What is the work?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("Tell what has to be done, where, and who helps the worker."),
    )
    requires = forms.MultipleChoiceField(
        label=_("Which skills are needed?"),
        choices=SKILL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    demands = forms.MultipleChoiceField(
        label=_("What does the work ask of someone?"),
        choices=DEMAND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    schedule = forms.ChoiceField(
        label=_("When is the work?"),
        choices=[
            (SCHEDULE_WEEKLY, _("Every week, on fixed days")),
            (SCHEDULE_ONE_OFF, _("Once, for an event")),
        ],
        initial=SCHEDULE_WEEKLY,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label=_("From which date?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For work every week."),
    )
    end_date = forms.DateField(
        label=_("Until which date? (leave empty if there is no end date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_date = forms.DateField(
        label=_("Date of the event"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for an event. Fill in the times below in the first row."),
    )

    paid_staff = forms.ChoiceField(
        label=_("Do paid workers do this work?"),
        choices=Submission.PaidStaff.choices,
        widget=forms.RadioSelect,
    )
    has_budget = forms.TypedChoiceField(
        label=_("Is there money (a budget) for this work?"),
        choices=[("no", _("no")), ("yes", _("yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    volunteers_structurally = forms.TypedChoiceField(
        label=_("Do volunteers do this work every week now?"),
        choices=[("no", _("no")), ("yes", _("yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    participatiebaan_work = forms.TypedChoiceField(
        label=_("Is this work for a Participatiebaan?"),
        choices=[("no", _("no")), ("yes", _("yes")), ("unknown", _("I do not know"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    otherwise_not_done = forms.TypedChoiceField(
        label=_("Does the work stay undone without a basisbaner?"),
        choices=[("yes", _("yes, nobody does it then")), ("no", _("no, someone else does it"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    additionality_note = forms.CharField(
        label=_("Do you want to explain something? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["neighbourhood"].queryset = municipality.neighbourhoods.exclude(
            kind="buurt"
        ).order_by("name")
        self.fields["category"].queryset = municipality.task_categories.filter(active=True)
        self.fields["neighbourhood"].label_from_instance = lambda n: n.name
        self.fields["category"].label_from_instance = lambda c: c.label

    def clean(self):
        data = super().clean()
        today = calendar.today()
        if data.get("schedule") == self.SCHEDULE_ONE_OFF:
            event_date = data.get("event_date")
            if not event_date:
                self.add_error("event_date", _("Fill in the date of the event."))
            elif event_date < today:
                self.add_error(
                    "event_date", _("This date is in the past. Choose a date from today.")
                )
        else:
            start, end = data.get("start_date"), data.get("end_date")
            if not start:
                self.add_error("start_date", _("Fill in from which date the work starts."))
            elif start < today:
                self.add_error(
                    "start_date", _("This date is in the past. Choose a date from today.")
                )
            if start and end and end < start:
                self.add_error(
                    "end_date", _("The end date is before the start date. Choose a later date.")
                )
        return data


class SlotForm(AriaRequiredMixin, forms.Form):
    weekday = forms.ChoiceField(
        label=_("Day"), choices=[("", "—"), *WEEKDAY_CHOICES], required=False
    )
    start = forms.ChoiceField(label=_("From"), choices=TIME_CHOICES, required=False)
    end = forms.ChoiceField(label=_("Until"), choices=TIME_CHOICES, required=False)
    # One message for every wrong number (-3, 0, 11, "abc"), never two that disagree.
    people = forms.IntegerField(
        label=_("Number of people"),
        required=False,
        min_value=1,
        max_value=MAX_PEOPLE,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), PEOPLE_MESSAGE),
    )

    def __init__(self, *args, one_off=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.one_off = one_off

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(k) for k in ("weekday", "start", "end")) and data.get("people") in (
            None,
            "",
        )

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not self.one_off and not data.get("weekday"):
            self.add_error("weekday", _("Choose a day."))
        start, end = _time(data.get("start")), _time(data.get("end"))
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Choose a start time."))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Choose an end time."))
        if start and end and end <= start:
            self.add_error(
                "end",
                _(
                    "The end time must be later than the start time. A slot of zero hours is not possible."
                ),
            )
        if data.get("people") is None and "people" not in self.errors:
            self.add_error("people", _("Fill in how many people you need."))
        data["start_time"], data["end_time"] = start, end
        return data


class BaseSlotFormSet(forms.BaseFormSet):
    def __init__(self, *args, one_off=False, **kwargs):
        self.one_off = one_off
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "one_off": self.one_off}

    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if not f.is_blank()]
        if not filled:
            raise ValidationError(
                _("Fill in at least one time slot: day, start, end and number of people.")
            )
        if self.one_off and len(filled) > 1:
            raise ValidationError(_("An event has one time slot. Fill in only the first row."))
        seen = set()
        for form in filled:
            key = (form.cleaned_data.get("weekday"), form.cleaned_data["start_time"])
            if key in seen:
                raise ValidationError(
                    _("Two time slots start on the same day and time. Combine them into one row.")
                )
            seen.add(key)

    def filled(self):
        return [f.cleaned_data for f in self.forms if not f.is_blank()]


SlotFormSet = formset_factory(
    SlotForm,
    formset=BaseSlotFormSet,
    extra=4,
    max_num=MAX_SLOTS,
    absolute_max=MAX_SLOTS,
    validate_max=True,
)


class TransitionForm(AriaRequiredMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )
    consultation_note = forms.CharField(
        label=_("Consultation note (optional)"),
        help_text=_("For example the advice of the union or the client council."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["reason"].label = transition.reason_label
        self.fields["reason"].required = transition.reason_required
        if transition.reason_required:
            self.fields["reason"].error_messages["required"] = _("Fill in the reason.")
            mark_required(self.fields["reason"])
        if not transition.allows_consultation_note:
            del self.fields["consultation_note"]


class AnswerForm(AriaRequiredMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        error_messages={"required": _("Write your answer.")},
    )


class SuitabilityForm(VersionedFormMixin, AriaRequiredMixin, forms.Form):
    suitability = forms.ChoiceField(
        label=_("Is the task suitable for the target group?"),
        choices=[c for c in Task.Suitability.choices if c[0]],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class MonthlyReportForm(AriaRequiredMixin, forms.Form):
    work_done = forms.ChoiceField(
        label=_("Was the work done this month?"),
        choices=MonthlyReport.WorkDone.choices,
        widget=forms.RadioSelect,
    )
    liveability = forms.TypedChoiceField(
        label=_(
            "How much does the work help the liveability of the neighbourhood? (1 = not at all, 5 = very much)"
        ),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class InfoDayForm(AriaRequiredMixin, HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Your role"), max_length=100, required=False)
    email = forms.EmailField(label=_("Your e-mail address"))
    interests = forms.MultipleChoiceField(
        label=_("What are you interested in?"),
        choices=InboxMessage.Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one subject.")},
    )
    message = forms.CharField(
        label=_("Question or remark (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class CofinancingForm(AriaRequiredMixin, HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Your role"), max_length=100, required=False)
    email = forms.EmailField(label=_("Your e-mail address"))
    phone = forms.CharField(label=_("Your phone number (optional)"), max_length=20, required=False)
    amount_indication = forms.CharField(
        label=_("Which contribution do you have in mind? (optional)"),
        max_length=100,
        required=False,
    )
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": _("Write a short message.")},
    )


class TaskEditForm(VersionedFormMixin, AriaRequiredMixin, forms.ModelForm):
    """What programme staff may change on a task after submission (not its slots)."""

    requires = forms.MultipleChoiceField(
        label=_("Skills needed"),
        choices=SKILL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    demands = forms.MultipleChoiceField(
        label=_("Demands"),
        choices=DEMAND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Task
        fields = ["title", "description", "address", "priority", "requires", "demands", "end_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_end_date(self):
        end = self.cleaned_data.get("end_date")
        if end and self.instance.start_date and end < self.instance.start_date:
            raise ValidationError(_("The end date is before the start date. Choose a later date."))
        if end and self.instance.is_one_off and end != self.instance.event_date:
            raise ValidationError(_("An event ends on its own date."))
        return end

"""Forms of the Werkprogramma pages. The services (``enrolments``) make the decisions;
the forms parse and bound the input."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.core import calendar, parsing
from basisbaan.participants.models import Scan
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import Enrolment, Outcome, OutcomeFollowUp, Route


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PastDateField(forms.DateField):
    """A date within the calendar's sane range and not after today."""

    widget = DateInput

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            return day
        if not calendar.in_range(day):
            raise ValidationError(_("Enter a date between 2000 and 2099."))
        if day > calendar.today():
            raise ValidationError(_("The date cannot lie in the future."))
        return day


def coach_choices(municipality):
    """Users who may coach in the municipality: coaches and planners with an active role."""
    ids = (
        RoleAssignment.objects.active()
        .filter(municipality=municipality, role__in=[Role.COACH, Role.PLANNER])
        .values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


class EnrolForm(forms.Form):
    route = forms.ModelChoiceField(
        label=_("Route"), queryset=Route.objects.none(), widget=forms.RadioSelect
    )
    choice_reason = forms.CharField(
        label=_("Reason for another route than the advice"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you choose another route than the advice."),
    )
    confirmed = forms.MultipleChoiceField(
        label=_("Criteria you confirm"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what you checked with the person or in their papers."),
    )
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=User.objects.none())

    def __init__(self, *args, routes, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.fields["route"].label_from_instance = lambda r: r.name
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = lambda u: u.get_full_name() or u.username
        choices = {}
        for route in routes:
            for criterion in route.entry_criteria or []:
                if criterion.get("confirm"):
                    choices.setdefault(criterion["key"], criterion.get("label", criterion["key"]))
        self.fields["confirmed"].choices = sorted(choices.items(), key=lambda kv: kv[1])


class StepForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    done_on = PastDateField(label=_("Done on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    on = PastDateField(label=_("Outcome date"))
    hours = forms.DecimalField(
        label=_("Hours per week (work)"),
        required=False,
        min_value=0,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )
    contract_kind = forms.ChoiceField(
        label=_("Contract kind (work)"),
        required=False,
        choices=[("", "—"), *Enrolment.ContractKind.choices],
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.WORK:
            if not data.get("hours"):
                self.add_error("hours", _("Work needs the hours per week."))
            if not data.get("contract_kind"):
                self.add_error("contract_kind", _("Work needs the kind of contract."))
        return data


class FollowUpForm(forms.Form):
    follow_up = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    lasted = forms.ChoiceField(
        label=_("Did the outcome last?"),
        choices=OutcomeFollowUp.Lasted.choices,
        widget=forms.RadioSelect,
    )


class StopForm(forms.Form):
    reason = forms.CharField(label=_("Reason for stopping"), max_length=300)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or pseudonym"), required=False, max_length=100)


class RouteEditForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = ["capacity", "target", "cost_per_person_eur", "cost_per_month_eur", "active"]

    COSTS = ("cost_per_person_eur", "cost_per_month_eur")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.COSTS:
            self.fields[name].required = False  # empty: no cost

    def clean(self):
        cleaned = super().clean()
        for name in self.COSTS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        return cleaned


STEP_LINE = re.compile(r"^\s*(?P<name>[^;]{2,120}?)\s*;\s*(?P<days>\d{1,4})\s*$")


class RouteCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    capacity = forms.IntegerField(
        label=_("Capacity (people at once)"), required=False, min_value=1, max_value=10000
    )
    target = forms.IntegerField(label=_("Target (people activated)"), min_value=0, max_value=10000)
    cost_per_person_eur = Route._meta.get_field("cost_per_person_eur").formfield(required=False)
    cost_per_month_eur = Route._meta.get_field("cost_per_month_eur").formfield(required=False)
    needs_bijstand = forms.BooleanField(label=_("Entry: on bijstand"), required=False, initial=True)
    confirm = forms.CharField(
        label=_("Criteria the coach confirms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. 'Lives in the neighbourhood'."),
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One step per line: name; due days after enrolment, e.g. 'Intake; 14'."),
    )

    def clean_confirm(self):
        lines = [line.strip() for line in self.cleaned_data["confirm"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 120 for line in lines):
            raise ValidationError(_("Keep each criterion under 120 characters."))
        if len(lines) > 10:
            raise ValidationError(_("At most 10 criteria."))
        return lines

    def clean_steps(self):
        steps = []
        for line in self.cleaned_data["steps"].splitlines():
            if not line.strip():
                continue
            match = STEP_LINE.match(line)
            if match is None:
                raise ValidationError(
                    _("Write each step as: name; days (a whole number), e.g. 'Intake; 14'.")
                )
            try:
                days = parsing.parse_int(match["days"], minimum=0, maximum=3 * 366)
            except parsing.ParseError:
                raise ValidationError(_("A step falls due within three years.")) from None
            steps.append((match["name"].strip(), days))
        if not steps:
            raise ValidationError(_("Give at least one step."))
        if len(steps) > 20:
            raise ValidationError(_("At most 20 steps."))
        return steps


YES_NO = [("", "–"), ("yes", _("yes")), ("no", _("no"))]


class AdviceRuleForm(forms.Form):
    """A new advice rule: when one fact of the person or their scan holds, advise a route.
    ``clean`` turns the fields into the rule's condition (``cleaned_data["condition"]``)."""

    route = forms.ModelChoiceField(label=_("Advise the route"), queryset=Route.objects.none())
    field = forms.ChoiceField(label=_("When"), choices=list(route_rules.FIELDS.items()))
    op = forms.ChoiceField(label=_("Comparison"), choices=list(route_rules.OP_LABELS.items()))
    number = forms.DecimalField(
        label=_("Number"),
        required=False,
        min_value=0,
        max_value=150,
        decimal_places=1,
        help_text=_("For age or years on bijstand."),
    )
    advice = forms.MultipleChoiceField(
        label=_("The scan's advice"),
        required=False,
        choices=Scan.Advice.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    yes_no = forms.ChoiceField(label=_("Yes or no"), required=False, choices=YES_NO)
    reason = forms.CharField(
        label=_("Reason shown to the coach"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    position = forms.IntegerField(
        label=_("Place in the order"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("1 is checked first; empty: last."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = Route.objects.filter(programme=programme, active=True)

    def clean(self):
        cleaned = super().clean()
        name, op = cleaned.get("field"), cleaned.get("op")
        if not name or not op:
            return cleaned
        kind = route_rules.FIELD_KINDS[name]
        if op not in route_rules.KIND_OPS[kind]:
            allowed = ", ".join(str(route_rules.OP_LABELS[o]) for o in route_rules.KIND_OPS[kind])
            self.add_error("op", _("For this fact choose: %(ops)s.") % {"ops": allowed})
            return cleaned
        condition = {"field": name, "op": op}
        if kind == "number":
            number = cleaned.get("number")
            if number is None:
                self.add_error("number", _("Give the number to compare with."))
                return cleaned
            condition["value"] = int(number) if number == int(number) else float(number)
        elif kind == "advice":
            if not cleaned.get("advice"):
                self.add_error("advice", _("Tick at least one advice of the scan."))
                return cleaned
            condition["value"] = list(cleaned["advice"])
        elif kind == "yes_no":
            if not cleaned.get("yes_no"):
                self.add_error("yes_no", _("Choose yes or no."))
                return cleaned
            condition["value"] = cleaned["yes_no"] == "yes"
        cleaned["condition"] = condition
        return cleaned

"""The one optimistic-locking mechanism (``core.concurrency``) and the edit forms that use
it outside the three reproduced findings: programme parameters, planning weights, the
import column mapping, eligibility rules and early-warning rules."""

import pytest
from django import forms
from django.db import transaction
from django.urls import reverse

from basisbaan.core import concurrency
from basisbaan.guidance.models import EarlyWarningRule
from basisbaan.participants.models import ImportMapping, Participant
from basisbaan.planning.models import PlanningWeights
from basisbaan.tenants.models import Municipality, Programme
from tests.concurrent import form_data, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


@pytest.fixture
def participant():
    return Participant.objects.filter(municipality__cbs_code="GM0014").order_by("pk").first()


# --- the mechanism ---------------------------------------------------------------------------


def test_claim_moves_the_version_once_and_refuses_a_stale_one(participant):
    start = participant.version
    with transaction.atomic():
        assert concurrency.claim(participant, str(start)) == start + 1
    assert participant.version == start + 1
    assert Participant.objects.get(pk=participant.pk).version == start + 1
    for stale in (start, None, "", "x", "-1", str(start + 5), "9" * 30, "1.5"):
        with pytest.raises(concurrency.StaleEdit) as refused, transaction.atomic():
            concurrency.claim(participant, stale)
        assert refused.value.current == start + 1
    assert Participant.objects.get(pk=participant.pk).version == start + 1


def test_claim_belongs_inside_the_write_transaction(participant):
    # pytest-django wraps the test in a transaction: step outside it to see the guard.
    connection = transaction.get_connection()
    atomic, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        with pytest.raises(RuntimeError):
            concurrency.claim(participant, participant.version)
    finally:
        connection.in_atomic_block = atomic


def test_an_error_in_the_body_rolls_the_version_back(participant):
    start = participant.version
    with pytest.raises(ValueError), concurrency.editing(participant, start):
        raise ValueError("refused further on")
    assert Participant.objects.get(pk=participant.pk).version == start


def test_a_plain_save_never_writes_an_older_version_back(participant):
    old = Participant.objects.get(pk=participant.pk)  # read before someone else's save
    with concurrency.editing(participant, participant.version):
        participant.save()
    old.phone = "0600000000"
    old.save()  # a full save of the old object
    assert Participant.objects.get(pk=participant.pk).version == participant.version


class NoteForm(concurrency.VersionedFormMixin, forms.Form):
    note = forms.CharField()
    day = forms.ChoiceField(choices=[("mon", "Monday"), ("tue", "Tuesday")])

    def clean(self):
        data = super().clean()
        assert concurrency.VERSION_FIELD not in data  # clean() never sees the token
        return data


def test_the_form_carries_the_version_and_shows_both_versions(participant):
    form = NoteForm(version_of=participant)
    assert form.fields["version"].initial == participant.version
    assert 'type="hidden" name="version"' in form.as_div()
    mine = NoteForm({"note": "mine", "day": "tue", "version": "3"}, version_of=participant)
    assert mine.is_valid() and mine.posted_version == "3"
    assert "version" not in mine.cleaned_data
    theirs = NoteForm(initial={"note": "theirs", "day": "tue"}, version_of=participant)
    rows = concurrency.differences(mine, theirs)
    assert [(r.name, r.theirs, r.yours) for r in rows] == [("note", "theirs", "mine")]
    concurrency.mark_stale(mine, rows, 7)
    html = mine.as_div()
    assert 'name="version" value="7"' in html and "mine" in html


def test_show_uses_labels_and_a_dash_for_nothing():
    field = forms.ChoiceField(choices=[("mon", "Monday"), ("tue", "Tuesday")])
    assert concurrency.show(field, "tue") == "Tuesday"
    assert concurrency.show(field, ["tue", "mon"]) == "Monday, Tuesday"
    assert concurrency.show(field, None) == "—" and concurrency.show(None, []) == "—"


# --- edit forms beyond the three findings ----------------------------------------------------


def _admin(groningen, username="admin"):
    client = session(username)
    client.post(reverse("accounts:switch_municipality"), {"municipality": groningen.pk})
    return client


def test_stale_programme_parameters_are_a_conflict(groningen):
    programme = Programme.objects.get(name="Basisbaan Groningen")
    url = reverse("tenants:parameters_create", args=[programme.pk])
    first, second = _admin(groningen), _admin(groningen)
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    current = programme.parameters.order_by("-valid_from").first()
    later = current.valid_from.replace(year=current.valid_from.year + 1)
    before = programme.parameters.count()
    first_post = {**first_read, "valid_from": later.isoformat(), "target_jobs": "301"}
    assert first.post(url, first_post).status_code == 302
    even_later = later.replace(year=later.year + 1)
    response = second.post(url, {**second_read, "valid_from": even_later.isoformat()})
    assert response.status_code == 409
    assert programme.parameters.count() == before + 1
    conflict = {row.name: row for row in response.context["form"].conflict}
    assert conflict["target_jobs"].theirs == "301"


def test_stale_planning_weights_are_a_conflict(groningen):
    PlanningWeights.objects.filter(municipality=groningen).delete()  # not set yet: version 0
    url = reverse("planning:weights")
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**first_read, "travel_km": "2"}).status_code == 302
    response = second.post(url, {**second_read, "change_hour": "7"})
    assert response.status_code == 409
    weights = PlanningWeights.objects.get(municipality=groningen)
    assert weights.travel_km == 2 and weights.change_hour != 7
    assert [row.name for row in response.context["form"].conflict] == ["travel_km", "change_hour"]


def test_a_stale_import_mapping_is_a_conflict(groningen):
    ImportMapping.objects.filter(municipality=groningen).delete()
    url = reverse("participants:mapping")
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**first_read, "phone": "tel"}).status_code == 302
    response = second.post(url, {**second_read, "email": "mail"})
    assert response.status_code == 409
    mapping = ImportMapping.objects.get(municipality=groningen)
    assert mapping.columns["phone"] == "tel" and mapping.columns.get("email") != "mail"


def test_stale_eligibility_rules_are_a_conflict(groningen):
    url = reverse("participants:rules")
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    programme = first.get(url).context["programme"]
    assert first.post(url, {**first_read, "min_age_value": "26"}).status_code == 302
    response = second.post(url, {**second_read, "min_age_value": "30"})
    assert response.status_code == 409
    assert programme.eligibility_rules.get(kind="min_age").value == "26"


def test_a_stale_early_warning_rule_is_refused_with_both_versions(groningen):
    url = reverse("guidance:rules")
    first, second = session("planner-groningen"), session("planner-groningen")
    first.get(url)
    rule = EarlyWarningRule.objects.filter(municipality=groningen).order_by("pk").first()
    seen = rule.version
    data = {"rule": rule.pk, "version": seen, **{k: str(v) for k, v in rule.parameters.items()}}
    name = next(iter(rule.parameters))
    first.post(url, {**data, name: "1", "active": "on"})
    response = second.post(url, {**data, name: "2", "active": "on"}, follow=True)
    rule.refresh_from_db()
    assert rule.version == seen + 1 and str(rule.parameters[name]) in ("1", "1.0")
    shown = " ".join(str(m) for m in response.context["messages"])
    assert f"{name} 2" in shown

"""Finding 7 of issue 19: people with the same name must be told apart in lists and selects."""

import re

import pytest
from django import forms
from django.urls import reverse

from basisbaan.participants.models import Participant


@pytest.fixture
def three_daans(make_participant):
    return [
        make_participant(first_name="Daan", initials="D.", surname="Akkerman") for _i in range(3)
    ]


def _texts(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", t)).strip() for t in html]


@pytest.mark.django_db
def test_same_names_are_distinguishable_in_the_participant_list(three_daans, login):
    client = login("planner-groningen")
    body = client.get(reverse("participants:list"), {"q": "Daan Akkerman"}).content.decode()
    links = re.findall(r'<a class="utrecht-link" href="/[^"]*/(\d+)/">(.*?)</a>', body, re.S)
    shown = {pk: text for pk, text in links if int(pk) in {p.pk for p in three_daans}}
    assert len(shown) == 3
    assert len(set(shown.values())) == 3, shown
    for person in three_daans:
        assert "Daan Akkerman" in shown[str(person.pk)]
        assert f"nr. {person.pk}" in shown[str(person.pk)]  # Dutch page
    # Never the BSN.
    for person in three_daans:
        assert person.bsn not in body


@pytest.mark.django_db
def test_same_names_are_distinguishable_in_a_form_select(three_daans):
    field = forms.ModelChoiceField(
        queryset=Participant.objects.filter(pk__in=[p.pk for p in three_daans])
    )
    labels = [str(label) for value, label in field.choices if value]
    assert len(labels) == 3 and len(set(labels)) == 3, labels
    select = field.widget.render("participant", None, attrs={"id": "id_participant"})
    options = _texts(re.findall(r"<option[^>]*>(.*?)</option>", select, re.S))
    assert len({o for o in options if "Akkerman" in o}) == 3


@pytest.mark.django_db
def test_the_label_has_the_number_and_no_bsn(three_daans):
    person = three_daans[0]
    assert person.label == f"Daan Akkerman (no. {person.pk})"
    assert str(person) == person.label
    assert person.bsn not in person.label
    # The plain name stays available for letters and the participant's own pages.
    assert person.display_name == "Daan Akkerman"

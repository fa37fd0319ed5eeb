"""A referral partner brings in a task for a neighbourhood: the menu entry opens the
municipality's submission form prefilled with the partner's organisation and contact,
and the stored submission records the partner. The public and providers do not."""

import pytest
from django.urls import reverse

from basisbaan.communitytasks.models import Submission
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality
from tests.communitytasks.conftest import valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def assen():
    return Municipality.objects.get(cbs_code="GM0106")


def test_menu_entry_opens_the_prefilled_form(login, assen):
    client = login("partner-assen")
    response = client.get(reverse("communitytasks:bring_in"))
    assert response.status_code == 302
    assert response.url == reverse("communitytasks:submit", kwargs={"slug": assen.slug})
    form = client.get(response.url).context["form"]
    assert form.initial["organisation_name"] == "Vaart Welzijn"
    assert form.initial["organisation_kind"] == Organisation.Kind.WELFARE
    assert form.initial["contact_email"] == "partner-assen@example.org"


def test_the_submission_records_the_partner(login, assen):
    client = login("partner-assen")
    data = valid_post(
        assen,
        organisation_name="Vaart Welzijn",
        organisation_kind="welfare",
        contact_name="Vera Verwijzer",
        contact_email="partner-assen@example.org",
        title="Tuintjes opknappen in Pittelo",
    )
    response = client.post(reverse("communitytasks:submit", kwargs={"slug": assen.slug}), data)
    assert response.status_code == 302
    submission = Submission.objects.get(task__title="Tuintjes opknappen in Pittelo")
    assert submission.brought_in_by == Organisation.objects.get(
        municipality=assen, name="Vaart Welzijn"
    )
    # The provider is settled on approval, as for any public submission.
    assert submission.task.organisation is None


def test_an_anonymous_submission_records_no_partner(client, assen):
    data = valid_post(assen, title="Bankjes schilderen")
    client.post(reverse("communitytasks:submit", kwargs={"slug": assen.slug}), data)
    assert Submission.objects.get(task__title="Bankjes schilderen").brought_in_by is None

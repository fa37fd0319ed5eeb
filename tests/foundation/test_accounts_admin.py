import pytest
from django.core import mail
from django.urls import reverse

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.audit.models import AuditEntry
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality


@pytest.fixture
def admin_in_groningen(login):
    client = login("admin")
    groningen = Municipality.objects.get(cbs_code="GM0014")
    client.post(reverse("accounts:switch_municipality"), {"municipality": groningen.pk})
    return client, groningen


def _data(**extra):
    return {
        "username": "nieuwe-coach",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "email": "nina@example.org",
        "role": "coach",
        **extra,
    }


@pytest.mark.django_db(transaction=False)
def test_admin_adds_a_person_who_gets_a_password_link(
    admin_in_groningen, django_capture_on_commit_callbacks
):
    client, groningen = admin_in_groningen
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:create"), _data())
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__username="nieuwe-coach")
    assert assignment.municipality == groningen and assignment.role == "coach"
    assert not assignment.user.has_usable_password()
    assert len(mail.outbox) == 1 and "/account/wachtwoord/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        object_type="accounts.user", object_id=str(assignment.user_id), action="create"
    ).exists()


@pytest.mark.django_db
def test_guidance_role_without_organisation_changes_nothing(admin_in_groningen):
    client, _ = admin_in_groningen
    response = client.post(reverse("accounts:create"), _data(role="guidance"))
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="nieuwe-coach").exists()


@pytest.mark.django_db
def test_organisation_of_another_municipality_is_refused(admin_in_groningen):
    client, _ = admin_in_groningen
    other = Organisation.objects.filter(municipality__cbs_code="GM0106").first()
    response = client.post(
        reverse("accounts:create"), _data(role="provider", organisation=other.pk)
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="nieuwe-coach").exists()


@pytest.mark.django_db
def test_ending_a_role_takes_access_away(admin_in_groningen, login):
    client, _ = admin_in_groningen
    assignment = RoleAssignment.objects.get(user__username="coach-groningen")
    client.post(reverse("accounts:end_assignment", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.end_date is not None
    coach = login("coach-groningen")
    assert coach.get(reverse("core:dashboard")).status_code == 403

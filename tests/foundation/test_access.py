import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from basisbaan.accounts import access
from basisbaan.accounts.models import RoleAssignment
from basisbaan.accounts.permissions import CATALOGUE, roles_with
from basisbaan.accounts.roles import Role
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality


@pytest.fixture
def groningen(db):
    return Municipality.objects.get(cbs_code="GM0014")


@pytest.fixture
def assen(db):
    return Municipality.objects.get(cbs_code="GM0106")


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(KeyError):
        roles_with("participants.read_minds")


def test_catalogue_names_only_known_roles():
    for permission, roles in CATALOGUE.items():
        assert roles <= set(Role), permission
        assert "." in permission


def test_scope_keeps_municipalities_apart(user, groningen, assen):
    planner = user("planner-assen")
    visible = access.scope(planner, "organisations.view", Organisation.objects.all())
    assert visible.exists()
    assert set(visible.values_list("municipality", flat=True)) == {assen.pk}
    with pytest.raises(Http404):
        access.get_object_or_404(
            planner,
            "organisations.view",
            Organisation,
            pk=Organisation.objects.filter(municipality=groningen).first().pk,
        )


def test_roles_without_the_permission_see_nothing(user):
    assert not access.scope(
        user("begeleider-groningen"), "organisations.view", Organisation.objects.all()
    ).exists()
    assert not access.has_perm(user("onderzoeker-groningen"), "audit.view")


def test_an_ended_role_grants_nothing(user, groningen):
    coach = user("coach-groningen")
    RoleAssignment.objects.filter(user=coach).update(end_date=datetime.date(2020, 12, 31))
    assert not access.has_perm(coach, "core.dashboard", groningen)


def test_admin_of_both_sees_both(user, groningen, assen):
    assert set(access.municipalities(user("admin"))) == {groningen, assen}


def test_organisation_roles_need_an_organisation_of_the_same_municipality(user, groningen, assen):
    assignment = RoleAssignment(user=user("coach-assen"), role=Role.GUIDANCE, municipality=assen)
    with pytest.raises(ValidationError):
        assignment.full_clean()
    assignment.organisation = Organisation.objects.filter(
        municipality=groningen, is_guidance=True
    ).first()
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    assert "organisation" in excinfo.value.message_dict

"""Referrals by partners: submit (validation, consent, duplicates), take into intake,
decline, withdraw; what the partner sees; and that a referral partner reaches nothing
else (the access matrix covers every URL; these check the pages' content)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.organisations.models import Organisation
from basisbaan.participants import referrals
from basisbaan.participants.models import Participant, Referral, Status, StatusChange
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

INTAKE = {
    "bsn": "111222333",
    "birth_date": datetime.date(1980, 5, 4),
    "postcode": "9401 AB",
    "house_number": "12",
}


@pytest.fixture
def assen():
    return Municipality.objects.get(cbs_code="GM0106")


@pytest.fixture
def vaart(assen):
    return Organisation.objects.get(municipality=assen, name="Vaart Welzijn")


def data(**changes) -> referrals.ReferralData:
    values = {
        "first_name": "Roos",
        "surname": "Verwijsma",
        "phone": "0612345678",
        "motivation": "Helpt al mee in het buurthuis en zoekt een vaste plek in de wijk.",
        "consent": True,
    }
    values.update(changes)
    return referrals.ReferralData(**values)


def submit(user, vaart, assen, **changes) -> Referral:
    return referrals.submit(user("partner-assen"), vaart, assen, data(**changes))


def test_demo_partners_are_referral_partners(assen):
    names = set(
        Organisation.objects.filter(municipality=assen, is_referral_partner=True).values_list(
            "name", flat=True
        )
    )
    assert names == {"Werkplein Drentsche Aa", "Vaart Welzijn", "Werkpunt"}


def test_submit_records_consent_and_audits(user, vaart, assen):
    referral = submit(user, vaart, assen)
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.consent and referral.consent_recorded_by == user("partner-assen")
    assert referral.consent_recorded_at is not None
    assert referral.organisation == vaart and referral.municipality == assen
    assert AuditEntry.objects.filter(
        object_type="participants.referral", object_id=str(referral.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"first_name": " "}, "first_name"),
        ({"phone": "", "email": ""}, "phone"),
        ({"motivation": ""}, "motivation"),
        ({"motivation": "x" * 501}, "motivation"),
        ({"motivation": "Is al jaren ziek en heeft schulden."}, "motivation"),
        ({"motivation": "Zit lang in de bijstand."}, "motivation"),
        ({"birth_date": WORLD_TODAY}, "birth_date"),
    ],
)
def test_submit_refuses_bad_input_and_stores_nothing(user, vaart, assen, changes, field):
    before = Referral.objects.count()
    with pytest.raises(ValidationError) as caught:
        submit(user, vaart, assen, **changes)
    assert field in caught.value.message_dict
    assert Referral.objects.count() == before


def test_health_and_income_words_are_named(user, vaart, assen):
    with pytest.raises(ValidationError) as caught:
        submit(user, vaart, assen, motivation="Heeft een burn-out gehad, weinig inkomen.")
    message = " ".join(caught.value.message_dict["motivation"])
    assert "burn-out" in message and "inkomen" in message


def test_neighbourhood_of_another_municipality_is_refused(user, vaart, assen):
    other = Municipality.objects.get(cbs_code="GM0014").neighbourhoods.first()
    with pytest.raises(ValidationError):
        submit(user, vaart, assen, neighbourhood=other)


def test_only_a_referral_partner_of_the_municipality_may_refer(user, vaart, assen):
    groningen = Municipality.objects.get(cbs_code="GM0014")
    with pytest.raises(referrals.ReferralError):
        submit(user, vaart, groningen)
    vaart.is_referral_partner = False
    vaart.save()
    with pytest.raises(referrals.ReferralError):
        submit(user, vaart, assen)


def test_an_open_duplicate_is_refused_but_a_new_referral_after_decline_is_fine(user, vaart, assen):
    first = submit(user, vaart, assen)
    with pytest.raises(referrals.ReferralError):
        submit(user, vaart, assen, first_name="roos")
    referrals.decline(first.pk, user("planner-assen"), Referral.DeclineReason.NOT_REACHED)
    again = submit(user, vaart, assen)
    assert again.pk != first.pk and again.status == Referral.Status.SUBMITTED


def test_take_into_intake_creates_the_participant_with_the_source(user, vaart, assen):
    referral = submit(user, vaart, assen, email="roos@example.org")
    planner = user("planner-assen")
    intake = referrals.take_into_intake(referral.pk, planner, **INTAKE)
    assert intake.created
    person = intake.participant
    assert person.municipality == assen and person.status == Status.REFERRED
    assert person.referral_source == vaart
    assert (person.first_name, person.surname, person.phone, person.email) == (
        "Roos",
        "Verwijsma",
        "0612345678",
        "roos@example.org",
    )
    assert StatusChange.objects.filter(participant=person, to_status=Status.REFERRED).exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_INTAKE
    assert referral.participant == person and referral.decided_by == planner
    # Handled once: a second decision is refused.
    with pytest.raises(referrals.ReferralError):
        referrals.take_into_intake(referral.pk, planner, **INTAKE)
    with pytest.raises(referrals.ReferralError):
        referrals.decline(referral.pk, planner, Referral.DeclineReason.OTHER_SUPPORT)


def test_a_known_bsn_links_the_referral_to_that_file(user, vaart, assen):
    known = Participant.objects.filter(municipality=assen, referral_source=None).first()
    referral = submit(user, vaart, assen)
    before = Participant.objects.count()
    intake = referrals.take_into_intake(
        referral.pk, user("planner-assen"), **{**INTAKE, "bsn": known.bsn}
    )
    assert not intake.created and intake.participant == known
    assert Participant.objects.count() == before
    known.refresh_from_db()
    assert known.referral_source == vaart


def test_intake_is_atomic(user, vaart, assen):
    referral = submit(user, vaart, assen)
    before = Participant.objects.count()
    with pytest.raises(ValidationError):
        referrals.take_into_intake(
            referral.pk, user("planner-assen"), **{**INTAKE, "postcode": "nonsense"}
        )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED and referral.participant is None
    assert Participant.objects.count() == before


def test_decline_needs_a_coded_reason(user, vaart, assen):
    referral = submit(user, vaart, assen)
    with pytest.raises(ValidationError):
        referrals.decline(referral.pk, user("planner-assen"), "because I say so")
    declined = referrals.decline(
        referral.pk, user("planner-assen"), Referral.DeclineReason.RESIDENT_DECLINED
    )
    stage = referrals.partner_stage(declined)
    assert stage.stage == Referral.Status.DECLINED
    assert stage.reason == Referral.DeclineReason.RESIDENT_DECLINED.label
    assert not stage.may_withdraw


def test_withdraw_only_while_open(user, vaart, assen):
    referral = submit(user, vaart, assen)
    referrals.withdraw(referral.pk, user("partner-assen"))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    with pytest.raises(referrals.ReferralError):
        referrals.withdraw(referral.pk, user("partner-assen"))


def test_partner_stage_holds_nothing_of_the_file(user, vaart, assen):
    referral = submit(user, vaart, assen)
    referrals.take_into_intake(referral.pk, user("planner-assen"), **INTAKE)
    referral.refresh_from_db()
    stage = referrals.partner_stage(referral)
    assert set(vars(stage)) == {
        "pk",
        "name",
        "submitted_on",
        "stage",
        "stage_label",
        "stage_on",
        "reason",
        "may_withdraw",
    }
    assert stage.stage == Referral.Status.IN_INTAKE and stage.reason == ""


# --- pages -------------------------------------------------------------------------------


def test_partner_refers_through_the_form_and_sees_the_stage(login, vaart):
    client = login("partner-assen")
    page = client.get(reverse("participants:refer"))
    assert page.status_code == 200 and "Vaart Welzijn" in page.content.decode()
    refused = client.post(
        reverse("participants:refer"),
        {
            "first_name": "Sem",
            "surname": "Aanmeld",
            "phone": "0611111111",
            "motivation": "Wil graag.",
        },
    )
    assert refused.status_code == 400
    assert not Referral.objects.filter(surname="Aanmeld").exists()
    done = client.post(
        reverse("participants:refer"),
        {
            "first_name": "Sem",
            "surname": "Aanmeld",
            "phone": "0611111111",
            "motivation": "Wil graag meedoen in de wijk.",
            "consent": "on",
        },
    )
    assert done.status_code == 302
    referral = Referral.objects.get(surname="Aanmeld")
    assert referral.organisation == vaart
    mine = client.get(reverse("participants:my_referrals")).content.decode()
    assert "Sem Aanmeld" in mine
    # Only the own organisation's referrals: Werkplein's are not listed.
    werkplein = Referral.objects.filter(organisation__name="Werkplein Drentsche Aa").first()
    assert werkplein.display_name not in mine


def test_partner_cannot_open_the_programme_side(login):
    client = login("partner-assen")
    referral = Referral.objects.filter(organisation__name="Vaart Welzijn").first()
    assert client.get(reverse("participants:referrals")).status_code == 403
    assert client.get(reverse("participants:referral", args=[referral.pk])).status_code == 404
    other = Referral.objects.filter(
        organisation__name="Werkplein Drentsche Aa", status=Referral.Status.SUBMITTED
    ).first()
    response = client.post(reverse("participants:referral_withdraw", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Referral.Status.SUBMITTED


def test_referral_partner_reaches_no_file_task_list_planning_or_guidance(login):
    """The role holds only the referral permissions (and the start page): every staff
    page answers 403, every object page 404."""
    client = login("partner-assen")
    person = Participant.objects.filter(municipality__cbs_code="GM0106").first()
    for name in (
        "participants:list",
        "participants:waiting_list",
        "communitytasks:catalogue",
        "communitytasks:portal",
        "planning:index",
        "guidance:work_list",
        "guidance:caseload",
        "evaluation:monitor",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    for name in (
        "participants:detail",
        "participants:timeline",
        "participants:contract",
        "guidance:work_participant",
    ):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404, name


def test_start_page_shows_the_partner_nothing_of_participants(login):
    client = login("partner-assen")
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="todos-empty"' in content
    assert reverse("participants:refer") in content
    for person in Participant.objects.filter(municipality__cbs_code="GM0106"):
        assert person.surname not in content


def test_planner_sees_the_todo_and_decides(login, user, vaart, assen):
    client = login("planner-assen")
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("participants:referrals") in page
    referral = submit(user, vaart, assen)
    detail = client.get(reverse("participants:referral", args=[referral.pk]))
    assert detail.status_code == 200 and "Verwijsma" in detail.content.decode()
    bad = client.post(
        reverse("participants:referral_intake", args=[referral.pk]),
        {**INTAKE, "bsn": "123"},
    )
    assert bad.status_code == 400
    done = client.post(
        reverse("participants:referral_intake", args=[referral.pk]),
        {**INTAKE, "birth_date": "1980-05-04"},
    )
    referral.refresh_from_db()
    assert done.status_code == 302
    assert done.url == reverse("participants:detail", args=[referral.participant_id])
    assert referral.status == Referral.Status.IN_INTAKE


def test_monitor_counts_participants_per_source():
    from basisbaan.evaluation import monitor

    assen = Municipality.objects.get(cbs_code="GM0106")
    sources = monitor.referral_sources(assen)
    by_label = {row["label"]: row for row in sources.rows}
    assert by_label["Werkplein Drentsche Aa"]["n"] == 2
    assert by_label["Vaart Welzijn"]["n"] == 1
    # Small groups are hidden (fewer than five people).
    assert by_label["Vaart Welzijn"]["count"].suppressed
    own = next(row for row in sources.rows if row["own"])
    assert own["n"] == Participant.objects.filter(municipality=assen, referral_source=None).count()


def test_source_table_hides_enough_to_protect_small_groups():
    from basisbaan.evaluation import monitor

    table = monitor.source_table({"A": 20, "B": 3, None: 30}, "own")
    rows = {row["label"]: row for row in table.rows}
    assert rows["B"]["count"].suppressed
    # B alone could be worked out from the total: another cell is hidden with it.
    assert rows["A"]["count"].suppressed
    assert not rows["own"]["count"].suppressed and table.total.value == 53


def test_retention_deletes_handled_referrals_and_keeps_open_ones(assen):
    from basisbaan.participants import expiry

    handled = Referral.objects.filter(municipality=assen).exclude(status=Referral.Status.SUBMITTED)
    open_ones = Referral.objects.filter(municipality=assen, status=Referral.Status.SUBMITTED)
    count, kept = handled.count(), open_ones.count()
    assert count and kept
    cutoff = WORLD_TODAY + datetime.timedelta(days=1)
    dry = expiry.expire_referrals(assen, cutoff, dry_run=True, batch_size=100)
    assert dry.deleted == count and handled.count() == count
    done = expiry.expire_referrals(assen, cutoff, dry_run=False, batch_size=100)
    assert done.deleted == count
    assert not handled.exists() and open_ones.count() == kept
    # The participant keeps the partner as referral source.
    assert Participant.objects.filter(municipality=assen).exclude(referral_source=None).exists()


def test_a_referral_partner_holds_only_these_permissions():
    """A permission granted to every role reaches referral partners too: review it here
    (Participant.access_filter gives them no rows; the other models are out of reach
    because no other permission names the role)."""
    from basisbaan.accounts.permissions import CATALOGUE
    from basisbaan.accounts.roles import Role

    held = {name for name, roles in CATALOGUE.items() if Role.REFERRER in roles}
    assert held == {
        "core.dashboard",
        "accounts.own_two_factor",
        "referrals.submit",
        "referrals.view_own",
        "communitytasks.bring_in",
    }

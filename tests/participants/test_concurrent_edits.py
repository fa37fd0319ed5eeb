"""Lost updates on the participant file: two people open the same edit page; the second
save answers with a conflict showing both versions instead of overwriting the first."""

from django.urls import reverse

from basisbaan.participants.models import Participant
from tests.concurrent import form_data, session


def test_a_stale_profile_save_is_a_conflict_and_keeps_the_first_change(make_participant, user):
    participant = make_participant("matching", phone="0611111111", coach=user("coach-groningen"))
    url = reverse("participants:profile_edit", args=[participant.pk])
    planner, coach = session("planner-groningen"), session("coach-groningen")
    planner_read = form_data(planner.get(url))
    coach_read = form_data(coach.get(url))

    first = planner.post(url, {**planner_read, "phone": "0622222222"})
    assert first.status_code == 302
    second = coach.post(url, {**coach_read, "email": "nieuw@example.org"})

    assert second.status_code == 409  # a conflict, not "saved"
    participant.refresh_from_db()
    assert participant.phone == "0622222222"  # the first change survives
    assert participant.email == ""  # the stale save changed nothing
    page = second.content.decode()
    assert "0622222222" in page and "0611111111" in page  # theirs next to yours
    assert "nieuw@example.org" in page  # the coach's own values stay in the form
    conflict = {row.name: row for row in second.context["form"].conflict}
    assert conflict["phone"].theirs == "0622222222" and conflict["phone"].yours == "0611111111"
    assert conflict["email"].yours == "nieuw@example.org"

    # Saving again after seeing the conflict is a deliberate choice: it goes through.
    again = coach.post(url, form_data(second))
    assert again.status_code == 302
    participant.refresh_from_db()
    assert participant.email == "nieuw@example.org" and participant.phone == "0611111111"


def test_a_profile_post_without_a_version_is_refused(make_participant):
    participant = make_participant("matching", phone="0611111111")
    url = reverse("participants:profile_edit", args=[participant.pk])
    planner = session("planner-groningen")
    data = form_data(planner.get(url))
    data.pop("version", None)
    response = planner.post(url, {**data, "phone": "0633333333"})
    assert response.status_code == 409
    assert Participant.objects.get(pk=participant.pk).phone == "0611111111"


def test_stale_assignment_and_priority_saves_are_conflicts(make_participant, user):
    participant = make_participant("waiting_list")
    assign = reverse("participants:assign", args=[participant.pk])
    priority = reverse("participants:priority", args=[participant.pk])
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read = form_data(first.get(assign))
    second_read = form_data(second.get(priority))

    coach = user("coach-groningen")
    assert first.post(assign, {**first_read, "coach": coach.pk}).status_code == 302
    response = second.post(priority, {**second_read, "priority_reason": "Urgent"})
    assert response.status_code == 409
    participant.refresh_from_db()
    assert participant.coach == coach and participant.priority_reason == ""
    # One version per record: the assignment makes the priority page stale too; the
    # table shows what differs in this form (only the reason just typed).
    assert [row.name for row in response.context["form"].conflict] == ["priority_reason"]

    # The other way round: the assignment page read before the priority was saved.
    first_read = form_data(first.get(assign))
    second_read = form_data(second.get(priority))
    assert second.post(priority, {**second_read, "priority_reason": "Urgent"}).status_code == 302
    response = first.post(assign, {**first_read, "coach": ""})
    assert response.status_code == 409
    participant.refresh_from_db()
    assert participant.coach == coach and participant.priority_reason == "Urgent"
    assert {row.name for row in response.context["form"].conflict} == {"coach"}


def test_a_stale_new_contract_is_a_conflict(make_participant, with_contract):
    participant = make_participant("employed")
    running = with_contract(participant)
    url = reverse("participants:contract_new", args=[participant.pk])
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    start = running.start_date + (running.end_date - running.start_date) / 2
    contract = {"kind": "permanent", "start_date": start.isoformat(), "end_date": ""}
    assert first.post(url, {**first_read, **contract}).status_code == 302
    later = {**contract, "start_date": (start + (running.end_date - start) / 2).isoformat()}
    response = second.post(url, {**second_read, **later})
    assert response.status_code == 409
    assert participant.contracts.count() == 2  # the second never ended the first's contract
    assert participant.contracts.get(start_date=start).end_date is None


def test_saving_without_changes_leaves_the_version(make_participant):
    participant = make_participant("matching", phone="0611111111")
    url = reverse("participants:profile_edit", args=[participant.pk])
    planner = session("planner-groningen")
    before = participant.version
    assert planner.post(url, form_data(planner.get(url))).status_code == 302
    assert Participant.objects.get(pk=participant.pk).version == before

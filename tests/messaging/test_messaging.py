"""Messages to participants when their published week changes (issue 22)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.messaging import backends, services
from basisbaan.messaging.models import Channel, Message, Preference
from basisbaan.messaging.services import Change, Work
from tests.planning.conftest import THIS_WEEK

MONDAY = THIS_WEEK
TUESDAY = THIS_WEEK + datetime.timedelta(days=1)
NINE, TWELVE, ONE, FOUR = (datetime.time(h) for h in (9, 12, 13, 16))


class BrokenSms(backends.BaseSmsBackend):
    """A gateway that is down."""

    def send(self, to, text):
        raise backends.SmsError("gateway down")


@pytest.fixture
def sms_outbox(settings):
    settings.BASISBAAN_SMS_BACKEND = "basisbaan.messaging.backends.LocmemSmsBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


@pytest.fixture
def person(db):
    from basisbaan.participants.models import Participant

    person = (
        Participant.objects.in_service()
        .filter(municipality__cbs_code="GM0014")
        .exclude(phone="")
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    Participant.objects.filter(pk=person.pk).update(first_name="Sanne")
    person.refresh_from_db()
    return person


def _work(day, start, end, key="t1/mon/s1", place="Buurthuis De Hoogte"):
    return Work(day, start, end, key, place, services.AT)


# --------------------------------------------------------------------------- the diff


def test_the_diff_names_only_what_changed_per_participant():
    old = [(1, _work(MONDAY, NINE, TWELVE)), (2, _work(TUESDAY, ONE, FOUR, "t2"))]
    new = [(1, _work(MONDAY, NINE, TWELVE)), (3, _work(TUESDAY, ONE, FOUR, "t2"))]
    changes = services.diff(old, new)
    assert set(changes) == {2, 3}
    assert changes[2].removed and not changes[2].added
    assert changes[3].added and not changes[3].removed
    # Another time for the same slot is a change too.
    moved = [(1, _work(MONDAY, NINE, datetime.time(11)))]
    assert set(services.diff(old[:1], moved)) == {1}


def test_work_taken_off_an_absent_day_is_not_news_to_the_absent_person():
    old = [(2, _work(TUESDAY, ONE, FOUR, "t2")), (2, _work(MONDAY, NINE, TWELVE))]
    new = [(3, _work(TUESDAY, ONE, FOUR, "t2")), (2, _work(MONDAY, NINE, TWELVE))]
    changes = services.diff(old, new, absent={2: {TUESDAY}})
    assert set(changes) == {3}
    # Not absent that day: the removal is a change for them.
    assert set(services.diff(old, new, absent={2: {MONDAY}})) == {2, 3}


# --------------------------------------------------------------------------- the text


def test_the_text_says_when_and_where_in_dutch_and_nothing_more():
    change = Change(added=[_work(TUESDAY, NINE, TWELVE)], removed=[_work(MONDAY, ONE, FOUR)])
    subject, text = services.compose("Sanne", change, "https://basisbaan.example/mijn-week/")
    day = {0: "maandag", 1: "dinsdag"}
    assert subject == "Uw werkweek is veranderd"
    assert text.startswith("Beste Sanne, uw werkweek is veranderd.")
    assert f"Op {day[1]} {TUESDAY.day} " in text
    assert "werkt u van 9:00 tot 12:00 bij Buurthuis De Hoogte." in text
    assert f"Op {day[0]} {MONDAY.day} " in text and "werkt u niet meer van 13:00 tot 16:00." in text
    assert text.endswith("Kijk op: https://basisbaan.example/mijn-week/")
    for forbidden in ("ziek", "sick", "collega", "vervang", "reden"):
        assert forbidden not in text.lower()


def test_a_long_change_is_cut_short():
    days = [MONDAY + datetime.timedelta(days=i) for i in range(5)]
    change = Change(added=[_work(d, NINE, TWELVE, f"k{d}") for d in days], removed=[])
    _subject, text = services.compose("", change, "https://x.example/")
    assert text.startswith("Goedendag, uw werkweek is veranderd.")
    assert text.count("werkt u van") == services.MAX_SENTENCES
    assert "Er is nog meer veranderd." in text


def test_a_message_holds_no_surname_and_no_other_persons_name(
    person, sms_outbox, django_capture_on_commit_callbacks
):
    Preference.objects.update_or_create(participant=person, defaults={"channel": Channel.SMS})
    other = (
        type(person).objects.exclude(pk=person.pk).filter(municipality=person.municipality).first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.week_changed(
            week_start=THIS_WEEK,
            publication=900001,
            old=[(other.pk, _work(TUESDAY, NINE, TWELVE))],
            new=[(person.pk, _work(TUESDAY, NINE, TWELVE))],
            link_path="/mijn-week/",
            absent={other.pk: {TUESDAY}},
        )
    assert len(sms_outbox) == 1
    text = sms_outbox[0]["text"]
    assert "Sanne" in text and person.surname not in text
    assert other.first_name not in text and other.surname not in text
    assert sms_outbox[0]["to"] == person.phone


# --------------------------------------------------------------------------- channels


def _change_for(person, publication):
    return services.week_changed(
        week_start=THIS_WEEK,
        publication=publication,
        old=[],
        new=[(person.pk, _work(TUESDAY, NINE, TWELVE, f"k{publication}"))],
        link_path="/mijn-week/",
    )


@pytest.mark.parametrize(
    ("channel", "sms", "mails"),
    [(Channel.SMS, 1, 0), (Channel.EMAIL, 0, 1), (Channel.BOTH, 1, 1), (Channel.NONE, 0, 0)],
)
def test_the_participant_chooses_the_channel(
    person, sms_outbox, django_capture_on_commit_callbacks, channel, sms, mails
):
    Preference.objects.update_or_create(participant=person, defaults={"channel": channel})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _change_for(person, 900002)
    assert len(sms_outbox) == sms
    assert len(mail.outbox) == mails
    if mails:
        assert mail.outbox[0].to == [person.email]
        assert mail.outbox[0].subject == "Uw werkweek is veranderd"
    assert Message.objects.filter(participant=person, status="sent").count() == sms + mails


def test_no_phone_number_is_logged_and_nothing_sent(
    person, sms_outbox, django_capture_on_commit_callbacks
):
    Preference.objects.update_or_create(participant=person, defaults={"channel": Channel.SMS})
    type(person).objects.filter(pk=person.pk).update(phone="")
    with django_capture_on_commit_callbacks(execute=True):
        _change_for(person, 900003)
    assert sms_outbox == []
    message = Message.objects.get(participant=person, publication=900003)
    assert (message.status, message.reason) == ("skipped", "no_address")


def test_the_daily_limit_logs_further_messages_as_not_sent(
    person, sms_outbox, settings, django_capture_on_commit_callbacks
):
    settings.BASISBAAN_MESSAGE_DAILY_LIMIT = 2
    Preference.objects.update_or_create(participant=person, defaults={"channel": Channel.SMS})
    with django_capture_on_commit_callbacks(execute=True):
        for publication in (900010, 900011, 900012):
            _change_for(person, publication)
        # The same publication twice still makes one message.
        _change_for(person, 900010)
    assert len(sms_outbox) == 2
    statuses = dict(Message.objects.filter(participant=person).values_list("publication", "status"))
    assert statuses == {900010: "sent", 900011: "sent", 900012: "skipped"}
    assert Message.objects.get(publication=900012).reason == "rate_limited"


def test_messages_are_sent_only_after_the_commit(
    person, sms_outbox, django_capture_on_commit_callbacks
):
    Preference.objects.update_or_create(participant=person, defaults={"channel": Channel.SMS})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _change_for(person, 900020)
    assert sms_outbox == []
    assert Message.objects.get(publication=900020).status == "pending"
    for callback in callbacks:
        callback()
    assert len(sms_outbox) == 1
    assert Message.objects.get(publication=900020).status == "sent"


def test_the_file_backend_writes_one_file_per_message(tmp_path, settings):
    settings.BASISBAAN_SMS_FILE_PATH = str(tmp_path)
    settings.BASISBAAN_SMS_BACKEND = "basisbaan.messaging.backends.FileSmsBackend"
    backends.get_backend().send("0612345678", "Beste Sanne")
    assert backends.read_folder(tmp_path) == [
        {"to": "0612345678", "text": "Beste Sanne", "at": backends.read_folder(tmp_path)[0]["at"]}
    ]


# --------------------------------------------------------------------------- replacements


def _replace_someone(client, week, *, execute=True, capture=None):
    """A sick report in the published week, then the planner suggests and accepts a
    replacement (the pages). Returns (the absent row, the accepted Replacement)."""
    from basisbaan.planning.models import Replacement
    from tests.planning import test_unexpected as helpers

    version = week.published
    already = {a.participant_id for a in helpers.unexpected.affected_assignments(week)}
    row = helpers._replaceable(version, already)
    helpers._report_sick(row)
    label = calendar.week_label(week.week_start)
    week.refresh_from_db()
    client.post(f"/planning/week/{label}/vervangers-zoeken/", {"revision": week.revision})
    chosen = (
        Replacement.objects.filter(week=week, status="open", absent=row.participant)
        .exclude(suggested=None)
        .order_by("pk")
        .first()
    ) or Replacement.objects.filter(week=week, status="open").exclude(suggested=None).first()
    assert chosen is not None, "no replacement found in the test world"
    week.refresh_from_db()
    with capture(execute=execute) as callbacks:
        response = client.post(
            f"/planning/vervanging/{chosen.pk}/accepteren/", {"revision": week.revision}
        )
    assert response.status_code == 302
    return row, chosen, callbacks


def test_a_replacement_sends_the_stand_in_one_message_with_the_link(
    login, published_week, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Acceptance (issue 22): read from the demo's message backend (files)."""
    from basisbaan.audit.models import AuditEntry

    settings.BASISBAAN_SMS_FILE_PATH = str(tmp_path)
    settings.BASISBAAN_SMS_BACKEND = "basisbaan.messaging.backends.FileSmsBackend"
    # Everyone in the week wants a text message (the absent person too: they must get none).
    people = set(published_week.published.assignments.values_list("participant_id", flat=True))
    Preference.objects.filter(participant_id__in=people).update(channel=Channel.SMS)
    client = login("planner-groningen")
    row, chosen, _ = _replace_someone(
        client, published_week, capture=django_capture_on_commit_callbacks
    )
    stand_in, absent = chosen.suggested, chosen.absent
    sent = backends.read_folder(tmp_path)
    assert [m["to"] for m in sent] == [stand_in.phone]
    assert absent.phone not in [m["to"] for m in sent]
    text = sent[0]["text"]
    link = (
        f"{settings.BASISBAAN_BASE_URL}{reverse('planning:my_week')}"
        f"?week={calendar.week_label(published_week.week_start)}"
    )
    assert text.startswith(f"Beste {stand_in.first_name}, uw werkweek is veranderd.")
    assert f"van {chosen.start.hour}:{chosen.start.minute:02d} tot " in text
    assert text.endswith(f"Kijk op: {link}")
    assert absent.first_name not in text.replace(stand_in.first_name, "")
    assert absent.surname not in text and "ziek" not in text
    # Logged and audited, once.
    message = Message.objects.get(participant=stand_in)
    assert message.status == "sent" and message.channel == "sms"
    assert not Message.objects.filter(participant=absent).exists()
    assert (
        AuditEntry.objects.filter(object_type="messaging.message", object_id=str(message.pk))
        .filter(action="export")
        .count()
        == 1
    )
    # The link opens the stand-in's week card, which shows the new work.
    if stand_in.user_id:
        client.force_login(stand_in.user)
        assert client.get(link.removeprefix(settings.BASISBAAN_BASE_URL)).status_code == 200


def test_a_broken_gateway_does_not_undo_the_publication(
    login, published_week, settings, django_capture_on_commit_callbacks
):
    settings.BASISBAAN_SMS_BACKEND = "tests.messaging.test_messaging.BrokenSms"
    people = set(published_week.published.assignments.values_list("participant_id", flat=True))
    Preference.objects.filter(participant_id__in=people).update(channel=Channel.SMS)
    before = published_week.published_id
    client = login("planner-groningen")
    _row, chosen, _ = _replace_someone(
        client, published_week, capture=django_capture_on_commit_callbacks
    )
    published_week.refresh_from_db()
    assert published_week.published_id != before
    assert published_week.published.assignments.filter(participant=chosen.suggested).exists()
    message = Message.objects.get(participant=chosen.suggested)
    assert (message.status, message.reason) == ("failed", "gateway")


def test_the_first_publication_of_a_week_sends_nothing(
    planner, groningen, sms_outbox, django_capture_on_commit_callbacks
):
    from basisbaan.planning import services as planning

    Preference.objects.filter(participant__municipality=groningen).update(channel=Channel.SMS)
    week = planning.week_for(groningen, THIS_WEEK + 2 * calendar.WEEK)
    version = planning.plan_now(week, planner, 2)
    week.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        planning.publish(version, planner, week.revision)
    assert sms_outbox == []
    assert not Message.objects.filter(publication=version.pk).exists()


# --------------------------------------------------------------------------- pages


def test_the_participant_chooses_on_my_basisbaan(login):
    from basisbaan.participants.models import Participant

    client = login("deelnemer-groningen")
    home = client.get(reverse("guidance:my_home")).text
    url = reverse("messaging:my_messages")
    assert url in home and "Berichten over mijn week" in home
    page = client.get(url).text
    assert "Hoe wilt u horen dat uw week is veranderd?" in page
    me = Participant.objects.get(user__username="deelnemer-groningen")
    # Bad input: a clear message, nothing changes.
    before = Preference.objects.get(participant=me).channel
    response = client.post(url, {"channel": "pigeon"})
    assert response.status_code == 200 and "Kies een van de mogelijkheden." in response.text
    assert Preference.objects.get(participant=me).channel == before
    response = client.post(url, {"channel": "email"})
    assert response.status_code == 302
    assert Preference.objects.get(participant=me).channel == "email"


def test_staff_see_the_messages_from_the_file_and_may_set_the_channel(
    login, person, sms_outbox, django_capture_on_commit_callbacks
):
    from basisbaan.accounts.models import User

    coach = User.objects.get(username="coach-groningen")
    type(person).objects.filter(pk=person.pk).update(coach=coach)
    Preference.objects.update_or_create(participant=person, defaults={"channel": Channel.SMS})
    with django_capture_on_commit_callbacks(execute=True):
        _change_for(person, 900030)
    client = login("coach-groningen")
    url = reverse("messaging:participant_messages", args=[person.pk])
    assert url in client.get(reverse("participants:detail", args=[person.pk])).text
    page = client.get(url).text
    assert "Beste Sanne" in page and "Verstuurd" in page
    assert client.post(url, {"channel": "none"}).status_code == 302
    assert Preference.objects.get(participant=person).channel == "none"
    # Another municipality's planner does not find the person.
    assert login("planner-assen").get(url).status_code == 404


def test_the_log_is_deleted_after_its_retention_period(person, groningen):
    from basisbaan.messaging import expiry
    from basisbaan.privacy import registry

    old = Message.objects.create(
        participant=person, channel="sms", text="Beste Sanne", status="sent", publication=1
    )
    Message.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=400)
    )
    new = Message.objects.create(
        participant=person, channel="sms", text="Beste Sanne", status="sent", publication=2
    )
    record_type = registry.record_type(expiry.MESSAGES)
    cutoff = registry.cutoff(calendar.today(), record_type.default_days)
    dry = expiry.expire_messages(groningen, cutoff, dry_run=True, batch_size=10)
    assert dry.deleted >= 1 and Message.objects.filter(pk=old.pk).exists()
    expiry.expire_messages(groningen, cutoff, dry_run=False, batch_size=10)
    assert not Message.objects.filter(pk=old.pk).exists()
    assert Message.objects.filter(pk=new.pk).exists()

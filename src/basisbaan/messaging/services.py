"""Telling participants that their published week changed.

Planning calls :func:`week_changed` from the one place where a version of a week becomes
published (``planning.services.make_published``) when an earlier version was published
before: a replacement after a sick report, a re-plan, an event. Planning hands over
plain data (who works when and where, in the old and the new version), so this app never
imports planning (it sits below it, docs/developing.md "Layers").

Per publication each participant whose own work changed gets one message per chosen
channel (SMS, e-mail or both). A participant's own absence is not news to them: work
taken off a day they are absent (sick, on leave) is left out, so the person who reported
sick gets no message about it. The text holds the first name, the date, times and place
of the participant's own work and a link to the week card: nothing else (no reason,
no other person's name). Messages are stored (the log), capped per participant and day
(``BASISBAAN_MESSAGE_DAILY_LIMIT``; beyond it a message is logged as not sent), and
sent only after the publication's transaction commits; a failing gateway is logged and
never undoes the publication.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.logging import get_logger
from basisbaan.messaging import backends
from basisbaan.messaging.models import Channel, Message, Preference

log = get_logger(__name__)

MAX_SENTENCES = 3
AT, IN = "at", "in"  # "bij <organisation>", "in <neighbourhood>"


@dataclass(frozen=True)
class Work:
    """One piece of a participant's published week."""

    date: datetime.date
    start: datetime.time
    end: datetime.time
    key: str = ""  # what identifies the work (the slot), compared with date and times
    place: str = ""
    place_kind: str = AT

    @property
    def identity(self) -> tuple:
        return (self.date, self.start, self.end, self.key)


@dataclass
class Change:
    added: list[Work]
    removed: list[Work]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def diff(
    old: Iterable[tuple[int, Work]],
    new: Iterable[tuple[int, Work]],
    absent: dict[int, set[datetime.date]] | None = None,
) -> dict[int, Change]:
    """Per participant, the work added and taken away between two published versions.

    ``old`` and ``new``: (participant id, work) pairs. Work taken away on a day the
    participant is ``absent`` is not a change for them (they reported it)."""
    absent = absent or {}
    before: dict[int, dict[tuple, Work]] = defaultdict(dict)
    after: dict[int, dict[tuple, Work]] = defaultdict(dict)
    for pid, work in old:
        before[pid][work.identity] = work
    for pid, work in new:
        after[pid][work.identity] = work
    changes = {}
    for pid in sorted(set(before) | set(after)):
        was, now = before.get(pid, {}), after.get(pid, {})
        added = [now[k] for k in now.keys() - was.keys()]
        removed = [
            was[k] for k in was.keys() - now.keys() if was[k].date not in absent.get(pid, ())
        ]
        change = Change(
            added=sorted(added, key=lambda w: w.identity),
            removed=sorted(removed, key=lambda w: w.identity),
        )
        if change:
            changes[pid] = change
    return changes


def _clock(moment: datetime.time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _sentence(work: Work, added: bool) -> str:
    values = {
        "day": dateformat.format(work.date, "l j F"),
        "start": _clock(work.start),
        "end": _clock(work.end),
        "place": work.place,
    }
    if not added:
        return _("On %(day)s you no longer work from %(start)s to %(end)s.") % values
    if work.place and work.place_kind == IN:
        return _("On %(day)s you work from %(start)s to %(end)s in %(place)s.") % values
    if work.place:
        return _("On %(day)s you work from %(start)s to %(end)s at %(place)s.") % values
    return _("On %(day)s you work from %(start)s to %(end)s.") % values


def compose(first_name: str, change: Change, link: str) -> tuple[str, str]:
    """The subject and text of the message (Dutch, B1): the first name, the change in
    the participant's own work (dates, times, places) and the link. Nothing else."""
    with translation.override(settings.LANGUAGE_CODE):
        greeting = (
            _("Dear %(name)s, your work week has changed.") % {"name": first_name}
            if first_name
            else _("Hello, your work week has changed.")
        )
        items = [(w.date, w.start, 0, w) for w in change.removed]
        items += [(w.date, w.start, 1, w) for w in change.added]
        items.sort(key=lambda item: item[:3])
        sentences = [_sentence(w, added == 1) for _d, _s, added, w in items[:MAX_SENTENCES]]
        if len(items) > MAX_SENTENCES:
            sentences.append(_("More has changed."))
        text = " ".join([greeting, *sentences, _("Look at: %(link)s") % {"link": link}])
        subject = _("Your work week has changed")
    return subject, text


def absolute(path: str) -> str:
    return settings.BASISBAAN_BASE_URL.rstrip("/") + path


def channels_of(participant) -> list[str]:
    """The channels ``participant`` chose (the default when they never chose)."""
    try:
        preference = participant.message_preference
    except Preference.DoesNotExist:
        preference = Preference(participant=participant, channel=default_channel())
    return preference.channels


def default_channel() -> str:
    channel = getattr(settings, "BASISBAAN_MESSAGE_DEFAULT_CHANNEL", Channel.NONE)
    return channel if channel in Channel.values else Channel.NONE


def _address(participant, channel: str) -> str:
    return (participant.phone if channel == Channel.SMS else participant.email).strip()


def _over_limit(participant, publication) -> bool:
    """The participant had the daily number of publications messaged already."""
    limit = int(getattr(settings, "BASISBAAN_MESSAGE_DAILY_LIMIT", 3))
    today = Message.objects.filter(
        participant=participant,
        created_at__gte=timezone.make_aware(
            datetime.datetime.combine(calendar.today(), datetime.time.min)
        ),
        status__in=(Message.Status.SENT, Message.Status.PENDING, Message.Status.FAILED),
    ).exclude(publication=publication)
    return today.values("publication").distinct().count() >= limit


def week_changed(
    *,
    week_start: datetime.date,
    publication: int,
    old: Iterable[tuple[int, Work]],
    new: Iterable[tuple[int, Work]],
    link_path: str,
    actor=None,
    absent: dict[int, set[datetime.date]] | None = None,
) -> list[Message]:
    """Log a message for every participant whose published week changed, and send them
    once the surrounding transaction commits. Returns the logged messages."""
    from basisbaan.participants.models import Participant

    changes = diff(old, new, absent)
    if not changes:
        return []
    people = Participant.objects.select_related("message_preference").in_bulk(list(changes))
    link = absolute(link_path)
    made = []
    for pid, change in changes.items():
        person = people.get(pid)
        if person is None:
            continue
        chosen = channels_of(person)
        if not chosen:
            continue
        if Message.objects.filter(participant=person, publication=publication).exists():
            continue  # one message per publication
        limited = _over_limit(person, publication)
        subject, text = compose(person.first_name, change, link)
        for channel in chosen:
            status, reason = Message.Status.PENDING, Message.Reason.NONE
            if limited:
                status, reason = Message.Status.SKIPPED, Message.Reason.RATE_LIMITED
            elif not _address(person, channel):
                status, reason = Message.Status.SKIPPED, Message.Reason.NO_ADDRESS
            made.append(
                Message(
                    participant=person,
                    kind=Message.Kind.WEEK_CHANGED,
                    channel=channel,
                    publication=publication,
                    week_start=week_start,
                    text=text,
                    link=link,
                    status=status,
                    reason=reason,
                )
            )
    Message.objects.bulk_create(made)
    pending = []
    for message in made:
        if message.status == Message.Status.SKIPPED:
            audit.created(
                actor, message, fields=["text"], purpose="message about a changed week (not sent)"
            )
        else:
            pending.append(message.pk)
    if pending:
        transaction.on_commit(lambda: deliver(pending, actor), robust=True)
    log.info("messaging.week_changed", publication=publication, messages=len(made))
    return made


def deliver(message_ids: list[int], actor=None) -> None:
    """Hand the pending messages to the mail and SMS services (after the commit). A
    failure marks the message failed; it never raises."""
    messages = Message.objects.filter(pk__in=message_ids, status=Message.Status.PENDING)
    sms = None
    for message in messages.select_related("participant"):
        person = message.participant
        to = _address(person, message.channel)
        try:
            if message.channel == Channel.SMS:
                sms = sms or backends.get_backend()
                sms.send(to, message.text)
            else:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Your work week has changed")
                send_mail(subject, message.text, None, [to])
        except Exception as error:  # noqa: BLE001 - any gateway failure is logged, not raised
            log.warning(
                "messaging.failed", message=message.pk, channel=message.channel,
                error=type(error).__name__,
            )  # fmt: skip
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.FAILED, reason=Message.Reason.GATEWAY
            )
        else:
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.SENT, sent_at=timezone.now()
            )
        field = "phone" if message.channel == Channel.SMS else "email"
        audit.exported(
            actor,
            message,
            fields=["first_name", field, "planned_week"],
            purpose="message about a changed week",
        )


def set_channel(participant, channel: str, user) -> Preference:
    """Record the participant's choice (by themselves or their coach/planner)."""
    if channel not in Channel.values:
        raise ValueError(channel)
    with transaction.atomic():
        preference, _created = Preference.objects.update_or_create(
            participant=participant,
            defaults={"channel": channel, "changed_at": timezone.now(), "changed_by": user},
        )
        audit.changed(user, preference, fields=["channel"], purpose="message preference")
    return preference


def recent(participant, n: int = 10):
    return Message.objects.filter(participant=participant).order_by("-created_at", "-pk")[:n]

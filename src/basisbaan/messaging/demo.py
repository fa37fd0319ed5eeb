"""Demo: how participants want to hear that their week changed.

Most people in service chose a text message, some e-mail, a few both and some none;
the demo participant (deelnemer-groningen) a text message. Runs last, so its draws from
``ctx.rng`` leave the other seeders' worlds as they were. Messages themselves appear
when a planner changes a published week (a replacement after a sick report): the demo's
SMS gateway prints them in the server's output (or writes files to
``BASISBAAN_SMS_FILE_PATH``), the mails go to the console.
"""

from basisbaan.messaging.models import Channel, Preference

WEIGHTS = ((Channel.SMS, 60), (Channel.EMAIL, 20), (Channel.BOTH, 5), (Channel.NONE, 15))


def seed(ctx) -> str:
    from basisbaan.participants.models import Participant

    channels, weights = zip(*WEIGHTS, strict=True)
    rows = []
    people = Participant.objects.in_service().order_by("pk").only("pk", "user_id")
    own = ctx.users.get("deelnemer-groningen")
    for person in people:
        channel = ctx.rng.choices(channels, weights)[0]
        if own is not None and person.user_id == own.pk:
            channel = Channel.SMS
        rows.append(Preference(participant=person, channel=channel))
    Preference.objects.bulk_create(rows, batch_size=500)
    counts = {c: sum(1 for r in rows if r.channel == c) for c in channels}
    return ", ".join(f"{counts[c]} {c}" for c in channels) + " message preferences"

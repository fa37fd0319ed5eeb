"""Demo referrals in Assen: the pilot's partners (Werkplein Drentsche Aa, Vaart Welzijn,
Werkpunt) referred some of the people now in service, and have referrals in every stage.

Dates count back from the demo's day (``ctx.today``), so the world works on any day. The
randomness is this module's own (a fixed seed): the draws of the shared ``ctx.rng`` stay
as they were for the seeders after this one.
"""

import datetime
import random

from django.utils import timezone

from basisbaan.demo import data
from basisbaan.demo.context import in_the_past
from basisbaan.organisations.models import Organisation
from basisbaan.participants.models import Participant, Referral

SEED = 20261206

MOTIVATIONS = [
    "Komt elke week bij het buurtcafé en helpt graag mee. Wil iets om handen hebben.",
    "Heeft ervaring in de groenvoorziening en zoekt een vaste plek in de wijk.",
    "Is op zoek naar structuur in de week en contact met mensen in de buurt.",
    "Zet zich al in als vrijwilliger bij de voedselbank en wil graag meer doen.",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return in_the_past(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))))


def seed(ctx) -> int:
    """Returns the number of referrals made."""
    rng = random.Random(SEED)
    assen = ctx.municipalities["GM0106"]
    partners = {
        o.name: o for o in Organisation.objects.filter(municipality=assen, is_referral_partner=True)
    }
    if not partners:
        return 0
    werkplein = partners.get("Werkplein Drentsche Aa")
    vaart = partners.get("Vaart Welzijn")
    werkpunt = partners.get("Werkpunt")
    planner = ctx.users.get("planner-assen")
    referrer = ctx.users.get("partner-assen")
    neighbourhoods = list(assen.neighbourhoods.order_by("name"))
    today = ctx.today
    made = []

    def referral(organisation, submitted: datetime.date, **values) -> Referral:
        first = rng.choice(data.FIRST_NAMES)
        prefix, surname = rng.choice(data.SURNAMES)
        at = _at(submitted)
        by = referrer if organisation == vaart else None
        fields = {
            "municipality": assen,
            "organisation": organisation,
            "referred_by": by,
            "first_name": first,
            "prefix": prefix,
            "surname": surname,
            "phone": f"06{rng.randint(10000000, 99999999)}",
            "neighbourhood": rng.choice(neighbourhoods),
            "motivation": rng.choice(MOTIVATIONS),
            "consent": True,
            "consent_recorded_at": at,
            "consent_recorded_by": by,
            "submitted_at": at,
        }
        fields.update(values)
        item = Referral(**fields)
        made.append(item)
        return item

    # People now in service who came through a partner: their referral was taken in.
    in_service = ctx.extra.get("participants_in_service", {}).get("GM0106", [])
    for person, organisation in zip(in_service, [werkplein, vaart, werkplein], strict=False):
        if organisation is None:
            continue
        Participant.objects.filter(pk=person.pk).update(referral_source=organisation)
        registered = timezone.localtime(person.registered_at).date()
        referral(
            organisation,
            registered - datetime.timedelta(days=21),
            first_name=person.first_name,
            prefix=person.prefix,
            surname=person.surname,
            phone=person.phone,
            neighbourhood=person.home_neighbourhood,
            status=Referral.Status.IN_INTAKE,
            decided_at=_at(registered),
            decided_by=planner,
            participant=person,
        )
    # Open referrals (one waiting long: an urgent to-do), one declined, one withdrawn.
    if vaart is not None:
        referral(vaart, today - datetime.timedelta(days=3))
        referral(
            vaart,
            today - datetime.timedelta(days=40),
            status=Referral.Status.WITHDRAWN,
            decided_at=_at(today - datetime.timedelta(days=35)),
            decided_by=referrer,
        )
    if werkplein is not None:
        referral(werkplein, today - datetime.timedelta(days=20))
    if werkpunt is not None:
        referral(
            werkpunt,
            today - datetime.timedelta(days=60),
            status=Referral.Status.DECLINED,
            decline_reason=Referral.DeclineReason.NOT_REACHED,
            decided_at=_at(today - datetime.timedelta(days=45)),
            decided_by=planner,
        )
    Referral.objects.bulk_create(made)
    return len(made)

"""Demo records of the UWV list, Praktijkleren and the status-holders pilot.

``seed(ctx, rng, programme)`` runs at the end of ``werkprogramma.demo.seed`` for
Groningen's Werkprogramma, with that seeder's ``rng`` (the only source of randomness
here): one UWV import (a CSV of synthetic people through the real importer, kept in
the import history) with some results, Praktijkleren records (completed with an issued
Verklaring, and in progress) and pilot placements at stadsbeheer.
"""

import datetime
from decimal import Decimal

from basisbaan.participants.models import ImportRun, Participant
from basisbaan.werkprogramma import praktijkleren as pl
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma import uwv
from basisbaan.werkprogramma.models import (
    Enrolment,
    Placement,
    Praktijkleren,
    Route,
    StepProgress,
)

INITIALS = ["A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M.", "N.", "P."]
SURNAMES = ["Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Dijkstra", "Hoekstra"]
PREFIXES = ["", "", "", "de", "van", "van der"]
POSTCODES = ["9711 AB", "9712 CD", "9725 EF", "9741 GH", "9731 JK", "9746 LM"]
COMPANIES = [
    ("Groenvoorziening Noord BV", "10234567", "Onderhoud van openbaar groen"),
    ("Bakkerij De Korenschoof", "203456", "Brood bakken en verkopen"),
    ("Logistiek Centrum Zernike", "31245678", "Orderpicken in een magazijn"),
    ("Schoonmaakbedrijf Helder", "4123456", "Kantoren en openbare gebouwen schoonmaken"),
    ("Zorgcentrum De Linde", "512345678", "Ondersteunen van de gastvrijheid in de zorg"),
]
SUPERVISORS = ["J. de Vries", "M. Jansen", "S. Kok", "R. Postma", "T. Brouwer"]


def _day(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _uwv_csv(ctx, rng, count: int) -> bytes:
    lines = [";".join(uwv.COLUMNS.values())]
    for i in range(count):
        birth = _day(ctx.today, rng.randint(23 * 365, 60 * 365))
        ends = ctx.today + datetime.timedelta(days=rng.randint(7, 175))
        surname = rng.choice(SURNAMES)
        lines.append(
            ";".join(
                [
                    ctx.next_bsn(),
                    rng.choice(INITIALS),
                    rng.choice(PREFIXES),
                    surname,
                    birth.strftime("%d-%m-%Y"),
                    rng.choice(POSTCODES),
                    str(rng.randint(1, 180)),
                    f"06-{rng.randint(10000000, 99999999)}",
                    f"uwv.{surname.lower()}.{i}@example.org",
                    ends.strftime("%d-%m-%Y") if i % 2 else ends.isoformat(),
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _seed_uwv(ctx, rng, programme, coach) -> str:
    municipality = programme.municipality
    planner = ctx.users.get("planner-groningen")
    outcome = uwv.import_file(
        _uwv_csv(ctx, rng, ctx.n(30, 4)), municipality, planner, today=ctx.today
    )
    # The import page's history shows it as an upload that ran (the file itself is
    # not kept, as after every import).
    ImportRun.objects.create(
        municipality=municipality,
        kind=ImportRun.Kind.UWV,
        uploaded_by=planner,
        filename=f"uwv-ww-einde-{ctx.today:%Y-%m-%d}.csv",
        state=ImportRun.State.DONE if outcome.applied else ImportRun.State.FAILED,
        summary=uwv.summary_of(outcome),
    )
    if not outcome.applied:
        return "UWV import rejected"
    enrolments = list(
        Enrolment.objects.filter(
            route__programme=programme,
            route__kind=Route.Kind.PREVENTION,
            ww_end_date__isnull=False,
            enrolled_on=ctx.today,
        ).order_by("ww_end_date", "pk")
    )
    # coach-groningen takes every other person; a few already found work (no bijstand).
    for i, enrolment in enumerate(enrolments):
        if i % 2 == 0:
            enrolment.coach = coach
            Participant.objects.filter(pk=enrolment.participant_id, coach__isnull=True).update(
                coach=coach
            )
        if i % 5 == 1:
            enrolment.bijstand_result = Enrolment.BijstandResult.NOT_ENTERED
        enrolment.save(update_fields=["coach", "bijstand_result"])
        if i % 3 == 0:
            StepProgress.objects.filter(enrolment=enrolment, step__order=0).update(
                done_on=ctx.today, done_by=coach
            )
    return f"UWV import: {outcome.summary_line()}"


def _candidates(programme, route, count: int, coach) -> list[Participant]:
    """People of the municipality on bijstand, not yet in ``route``: coach-groningen's
    caseload first."""
    taken = Enrolment.objects.filter(route=route).values("participant_id")
    people = Participant.objects.filter(
        municipality_id=programme.municipality_id, benefit_since__isnull=False
    ).exclude(pk__in=taken)
    own = list(people.filter(coach=coach).order_by("pk")[:2])
    rest = list(people.exclude(pk__in=[p.pk for p in own]).order_by("pk")[: count * 3])
    return own + rest[: max(0, count - len(own))]


def _enrol(route, person, coach, enrolled_on, today, done_steps: int) -> Enrolment:
    enrolment = Enrolment.objects.create(
        participant=person, route=route, coach=coach, enrolled_on=enrolled_on
    )
    progress = []
    for i, step in enumerate(route.steps.all()):
        due = enrolled_on + datetime.timedelta(days=step.due_days)
        done = min(due, today) if i < done_steps else None
        progress.append(
            StepProgress(
                enrolment=enrolment,
                step=step,
                due_on=due,
                done_on=done,
                done_by=coach if done else None,
            )
        )
    StepProgress.objects.bulk_create(progress)
    return enrolment


def _seed_praktijkleren(ctx, rng, programme, route, coach) -> str:
    issued, running = ctx.n(12, 2), ctx.n(5, 1)
    people = _candidates(programme, route, issued + running, coach)
    words = [str(c) for c in pl.COMPETENCES]
    made = 0
    for i, person in enumerate(people):
        complete = i < issued
        company, registration, process = rng.choice(COMPANIES)
        started = _day(ctx.today, rng.randint(150, 330) if complete else rng.randint(20, 120))
        record = Praktijkleren(
            company=company,
            company_registration=registration,
            work_process=process,
            competences=rng.sample(words, rng.randint(3, 5)),
            supervisor=rng.choice(SUPERVISORS),
            started_on=started,
        )
        enrolment = _enrol(
            route,
            person,
            coach if i % 2 == 0 else (person.coach or coach),
            started - datetime.timedelta(days=30),
            ctx.today,
            done_steps=4 if complete else 2,
        )
        record.enrolment = enrolment
        if complete:
            completed = min(started + datetime.timedelta(days=rng.randint(100, 140)), ctx.today)
            completed = min(completed, _day(ctx.today, 7))
            record.completed_on = completed
            record.supervisor_signed_on = completed + datetime.timedelta(days=1)
            record.coach_signed_on = completed + datetime.timedelta(days=2)
            record.coach_signed_by = enrolment.coach
            record.issued_on = completed + datetime.timedelta(days=3)
            record.verification_code = "".join(
                rng.choice(pl.CODE_ALPHABET) for _i in range(pl.CODE_LENGTH)
            )
        record.save()
        made += 1
    return f"{made} Praktijkleren records ({min(made, issued)} Verklaringen)"


def _seed_placements(ctx, rng, programme, route, coach) -> str:
    count = ctx.n(15, 2)
    people = _candidates(programme, route, count, coach)
    for i, person in enumerate(people):
        start = _day(ctx.today, rng.randint(14, 300))
        ended = i % 5 == 4 and start < _day(ctx.today, 100)
        enrolment = _enrol(
            route,
            person,
            coach if i % 2 == 0 else (person.coach or coach),
            start - datetime.timedelta(days=21),
            ctx.today,
            done_steps=2,
        )
        Placement.objects.create(
            enrolment=enrolment,
            department="Stadsbeheer",
            language_support=rng.random() < 0.8,
            start_date=start,
            end_date=start + datetime.timedelta(days=90) if ended else None,
            hours_per_week=Decimal(rng.choice([16, 20, 24, 28, 32])),
        )
    return f"{len(people)} pilot placements"


def seed(ctx, rng, programme) -> str:
    """UWV import, Praktijkleren with Verklaringen and pilot placements (Groningen)."""
    routes = {r.kind: r for r in route_rules.ensure_default_routes(programme)}
    coach = ctx.users.get("coach-groningen")
    parts = [
        _seed_uwv(ctx, rng, programme, coach),
        _seed_praktijkleren(ctx, rng, programme, routes[Route.Kind.PRAKTIJKLEREN], coach),
        _seed_placements(ctx, rng, programme, routes[Route.Kind.STATUS_HOLDERS], coach),
    ]
    return "; ".join(parts)

"""Demo measurement rounds: a baseline (T0) before the start for everyone in service and
a scheduled round every 6 months since, with plausible improvements on average (WHO-5,
health and confidence up, income from bijstand to wage). Rounds that fall due about now
are left open, and a few earlier ones were missed, so the coach's worklist has some.
"""

import datetime
from decimal import Decimal

from basisbaan.core import calendar
from basisbaan.guidance import rounds
from basisbaan.guidance.models import MeasurementRound, RoundSchedule
from basisbaan.participants.instruments import zrm_domains


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _who5_items(raw: int, rng) -> list[int]:
    items = [raw // 5] * 5
    for k in range(raw % 5):
        items[k] += 1
    rng.shuffle(items)
    return items


def seed_rounds(ctx, people) -> int:
    """Rounds for ``people`` (in service, one municipality); returns how many were made."""
    rng, today = ctx.rng, ctx.today
    interval = RoundSchedule.DEFAULT_INTERVAL_MONTHS
    programmes = {p.programme for p in people if p.programme_id}
    for programme in programmes:
        RoundSchedule.objects.get_or_create(
            programme=programme,
            valid_from=programme.start_date,
            defaults={"interval_months": interval},
        )
    dates = rounds.dates_for(people)
    domains = [code for code, _label in zrm_domains()]
    made = []
    for p in people:
        info = dates[p.pk]
        start = info.employment_start
        if start is None or p.coach_id is None:
            continue
        baseline_due = rounds.baseline_due(info)
        t0 = max(baseline_due, start - datetime.timedelta(days=rng.randint(3, 40)))
        if t0 >= start:
            t0 = start - datetime.timedelta(days=1)
        # The person's level at T0 and how much they gain per half year in work.
        who5, gain = rng.uniform(8, 16), rng.uniform(-0.5, 2.5)
        health, confidence, social = rng.uniform(2, 3.4), rng.uniform(1.8, 3.2), rng.uniform(2, 3.5)
        zrm = {code: rng.choice([2, 3, 3, 3, 4]) for code in domains}
        bijstand = Decimal(rng.randint(1180, 1420))
        wage = Decimal(rng.randint(1450, 1950))
        step = 0
        due, held = baseline_due, t0
        kind, number = MeasurementRound.Kind.BASELINE, 0
        while held <= today and due <= today:
            raw = _clamp(who5 + gain * step, 0, 25)
            at_work = step > 0
            source = (
                MeasurementRound.IncomeSource.BIJSTAND
                if not at_work
                else rng.choice([MeasurementRound.IncomeSource.WAGE] * 9 + ["other"])
            )
            made.append(
                MeasurementRound(
                    participant=p,
                    kind=kind,
                    number=number,
                    due_date=due,
                    held_on=held,
                    recorded_by=p.coach,
                    net_income_eur=bijstand if not at_work else wage + 20 * step,
                    income_source=source,
                    who5_items=_who5_items(raw, rng),
                    who5_raw=raw,
                    who5_score=raw * 4,
                    self_rated_health=_clamp(health + 0.25 * step + rng.uniform(-0.6, 0.6), 1, 5),
                    self_confidence=_clamp(confidence + 0.35 * step + rng.uniform(-0.6, 0.6), 1, 5),
                    social_contacts=_clamp(social + 0.2 * step + rng.uniform(-0.6, 0.6), 1, 5),
                    ladder_rung=rng.choice([2, 3, 3, 4])
                    if not at_work
                    else (6 if step >= 3 and rng.random() < 0.3 else 5),
                    zrm_scores={
                        code: _clamp(v + 0.2 * step + rng.uniform(-0.5, 0.5), 1, 5)
                        for code, v in zrm.items()
                    },
                )
            )
            step += 1
            kind, number = MeasurementRound.Kind.SCHEDULED, step
            due = calendar.months_after(start, interval * step)
            held = due + datetime.timedelta(days=rng.randint(-10, 20))
            if rng.random() < 0.05:  # a round that was missed
                step += 1
                number = step
                due = calendar.months_after(start, interval * step)
                held = due + datetime.timedelta(days=rng.randint(-10, 20))
    MeasurementRound.objects.bulk_create(made, batch_size=1000)
    return len(made)

"""Demo guidance and coaching data: a year of weekly timesheets (8 weeks in the test
world) for everyone in service, sick reports at about 4 % of hours with their
poortwachter steps, check-ins every 4-6 weeks with realistic trends, early-warning
signals, notifications for coach-groningen and locked payroll exports with one
correction waiting for the next export.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from basisbaan.communitytasks.models import Task
from basisbaan.core import calendar
from basisbaan.guidance import payroll, poortwachter, signals, timesheets
from basisbaan.guidance.demo_rounds import seed_rounds
from basisbaan.guidance.models import (
    CheckIn,
    CoachingPlan,
    HourKind,
    LeaveRequest,
    Notification,
    PayrollExport,
    PayrollLine,
    PoortwachterStep,
    SicknessCase,
    Timesheet,
    TimesheetLine,
    WorkNote,
)
from basisbaan.participants.models import Participant, Status, StatusChange
from basisbaan.tenants.models import BijstandsNorm, TaskCategory

DAY = datetime.timedelta(days=1)


def timesheet_weeks(today: datetime.date, weeks: int) -> tuple[datetime.date, datetime.date]:
    """Mondays of the first and the last week with demo timesheets: ``weeks`` before last
    week, or further back so that the month before the last ended one has at least two
    weeks of them, whatever the day (that month is locked, with a late correction)."""
    last_week = calendar.monday(today) - datetime.timedelta(weeks=1)
    last_ended = calendar.previous_month(today)
    first_week = min(
        last_week - datetime.timedelta(weeks=weeks), calendar.monday(last_ended - 14 * DAY)
    )
    return first_week, last_week


NOTES = [
    "Werkt goed samen met de vaste ploeg in het buurthuis.",
    "Kwam twee keer te laat; besproken, afspraak over vertrektijd gemaakt.",
    "Heeft zelf een nieuwe route voor het zwerfafval bedacht.",
    "Vraagt om meer afwisseling in de taken.",
    "Goede reacties van bewoners op de boodschappendienst.",
]
INCIDENTS = [
    "Klein conflict met een bewoner over parkeren; opgelost met de teamleider.",
    "Gestruikeld over een stoeprand, geen letsel; werkschoenen besproken.",
]


def _morning(day: datetime.date, rng) -> datetime.datetime:
    """A time on the morning of ``day``, when sick reports usually come in."""
    moment = datetime.datetime.combine(day, datetime.time(8, rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _episode_days(rng) -> int:
    if rng.random() < 0.02:
        return rng.randint(45, 120)  # an occasional long absence
    return rng.choice([1, 2, 2, 3, 3, 4, 5, 5, 7, 9, 12])


def _sick_episodes(rng, start: datetime.date, end: datetime.date) -> list[list[datetime.date]]:
    """Random sickness episodes between start and end: about 4 % of working days."""
    episodes, day = [], start
    while day <= end:
        if day.weekday() < 5 and rng.random() < 0.0045:
            length = _episode_days(rng)
            first = day
            last = first + datetime.timedelta(days=length - 1)
            episodes.append([first, last])
            day = last + datetime.timedelta(days=rng.randint(7, 21))
        else:
            day += DAY
    return episodes


def _insert_lines(rows) -> None:
    """Insert timesheet lines in bulk without building a model object per line.

    A year of weekly timesheets is some 25,000 lines; ``bulk_create`` spends most of its
    time constructing and compiling model instances, a plain parameterised
    ``executemany`` does the same insert in a fraction of the time.
    """
    meta = TimesheetLine._meta
    columns = [
        meta.get_field(name).column
        for name in ("timesheet", "date", "kind", "task_label", "hours", "task")
    ]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, values are parameters.
    table = quote(meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (sheet_id, date, str(kind), label, str(hours), task)
                for sheet_id, date, kind, label, hours, task in rows
            ],
        )


class _Seeder:
    def __init__(self, ctx, code: str):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.municipality = ctx.municipalities[code]
        self.code = code
        self.categories = {
            c.code: c.name for c in TaskCategory.objects.filter(municipality=self.municipality)
        }
        self.planner = ctx.users.get("planner-groningen" if code == "GM0014" else "planner-assen")
        self.reporters = defaultdict(lambda: self.planner)
        for username, user in ctx.users.items():
            if username.startswith("begeleider"):
                org = user.role_assignments.filter(organisation__isnull=False).first()
                if org:
                    self.reporters[org.organisation_id] = user

    def participants(self):
        return list(
            Participant.objects.filter(
                municipality=self.municipality,
                status__in=[Status.EMPLOYED, Status.PERMANENT, Status.LONG_TERM_SICK],
            )
            .select_related("coach", "municipality", "programme")
            .prefetch_related("contracts")
            .order_by("pk")
        )

    def run(self) -> dict:
        rng, today = self.rng, self.today
        signals.ensure_rules(self.municipality)
        people = self.participants()
        first_week, last_week = timesheet_weeks(today, self.ctx.n(51, 7))
        public = calendar.public_holidays(first_week, last_week + calendar.WEEK)

        sheets, line_specs, cases, case_days = [], [], [], {}
        low_hours = set(rng.sample([p.pk for p in people], k=max(1, len(people) // 25)))
        long_term = [p.pk for p in people if p.status == Status.LONG_TERM_SICK]
        # Worked hours are booked on tasks of the participant's wishes (no draws: the
        # demo's random stream stays as it was), so the neighbourhood figures have hours.
        tasks_by_category: dict[str, list[int]] = defaultdict(list)
        for task_id, category in (
            Task.objects.filter(municipality=self.municipality, status=Task.Status.APPROVED)
            .order_by("pk")
            .values_list("pk", "category__code")
        ):
            tasks_by_category[category].append(task_id)
        every_task = sorted(t for ids in tasks_by_category.values() for t in ids)
        for p in people:
            contracts = sorted(p.contracts.all(), key=lambda c: c.start_date)
            if not contracts:
                continue
            wished = [t for code in (p.wishes or []) for t in tasks_by_category.get(code, [])]
            pool = wished or every_task
            own_tasks = [pool[(p.pk + i) % len(pool)] for i in range(2)] if pool else [None]
            begin = max(first_week, calendar.monday(contracts[0].start_date))
            if begin > last_week:
                continue
            days = sorted(p.availability or {}) or ["mon", "tue", "wed", "thu"]
            weekdays = [["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(d) for d in days]
            labels = [self.categories.get(code, code) for code in (p.wishes or [])] or ["Buurtwerk"]
            # Sickness: random episodes; long-term sick people one long open case.
            if p.status == Status.LONG_TERM_SICK:
                first = today - datetime.timedelta(days=rng.randint(60, 280))
                if p.pk in long_term[:2]:
                    # A poortwachter step falls due in the coming days: the plan of action
                    # (week 8) for the first, the 42nd-week report to UWV for the second.
                    step = poortwachter.STEPS[2 if p.pk == long_term[0] else 3]
                    first = today - (7 * step.by_week - 1) * DAY + rng.randint(1, 6) * DAY
                episodes = [[max(first, begin), None]]
            elif p.user_id:
                # The demo participant: two short sick reports lately, back at work.
                episodes = [
                    [today - 70 * DAY, today - 68 * DAY],
                    [today - 30 * DAY, today - 29 * DAY],
                ]
            else:
                # From some months before the first timesheet, so that the first months
                # already carry the sickness that started before them.
                warm_up = max(contracts[0].start_date, begin - 16 * calendar.WEEK)
                episodes = _sick_episodes(rng, warm_up, today - DAY)
            sick_dates = set()
            for first, last in episodes:
                recovered = None if last is None or last >= today - DAY else last + DAY
                if recovered is not None and recovered <= first:
                    recovered = first + DAY
                recent = recovered is None and (today - first).days < 14
                case = SicknessCase(
                    participant=p,
                    first_sick_day=first,
                    extent=SicknessCase.Extent.FULL,
                    expected_days=rng.choice([None, 3, 7, 14]) if recent else None,
                    reported_at=_morning(first, rng),
                    recovery_reported_at=_morning(recovered - DAY, rng) if recovered else None,
                    reported_by=self.reporters[p.guidance_organisation_id],
                    recovered_on=recovered,
                    recovery_reported_by=self.reporters[p.guidance_organisation_id]
                    if recovered
                    else None,
                )
                cases.append(case)
                day = first
                stop = (recovered - DAY) if recovered else today
                while day <= stop:
                    sick_dates.add(day)
                    day += DAY
            leave_weeks = {
                begin + datetime.timedelta(weeks=w)
                for w in range(0, (last_week - begin).days // 7 + 1)
                if rng.random() < 0.09
            }
            factor = 0.7 if p.pk in low_hours else 1.0
            week = begin
            while week <= last_week:
                contract = next(
                    (c for c in reversed(contracts) if c.is_active_on(week + 3 * DAY)), None
                )
                if contract is None:
                    week += datetime.timedelta(weeks=1)
                    continue
                per_day = Decimal(contract.hours_per_week) / len(weekdays)
                per_day = (per_day * 4).quantize(Decimal("1")) / 4
                recent = (last_week - week).days < 7
                if recent and rng.random() < 0.35:
                    status = Timesheet.Status.DRAFT
                elif recent:
                    status = Timesheet.Status.SUBMITTED
                else:
                    status = Timesheet.Status.APPROVED
                sheet = Timesheet(
                    participant=p,
                    week_start=week,
                    status=status,
                    contract_hours=Decimal(contract.hours_per_week),
                    submitted_by=self.reporters[p.guidance_organisation_id]
                    if status != Timesheet.Status.DRAFT
                    else None,
                    approved_by=self.planner if status == Timesheet.Status.APPROVED else None,
                )
                sheets.append(sheet)
                for weekday in weekdays:
                    date = week + weekday * DAY
                    if date in sick_dates:
                        kind, hours, label = HourKind.SICK, per_day, ""
                    elif date in public:
                        kind, hours, label = HourKind.HOLIDAY, per_day, ""
                    elif week in leave_weeks:
                        kind, hours, label = HourKind.LEAVE, per_day, ""
                    else:
                        kind, label = HourKind.WORKED, rng.choice(labels)
                        hours = per_day
                        if factor < 1 or rng.random() < 0.08:
                            wobble = Decimal(str(factor)) if factor < 1 else Decimal("0.75")
                            hours = max(Decimal("1"), (per_day * wobble * 4).quantize(1) / 4)
                    task = own_tasks[weekday % len(own_tasks)] if kind == HourKind.WORKED else None
                    line_specs.append((len(sheets) - 1, date, kind, label, hours, task))
                week += datetime.timedelta(weeks=1)
            case_days[p.pk] = sick_dates

        Timesheet.objects.bulk_create(sheets, batch_size=1000)
        _insert_lines(
            (sheets[i].pk, date, kind, label, hours, task)
            for i, date, kind, label, hours, task in line_specs
        )
        SicknessCase.objects.bulk_create(cases, batch_size=1000)
        steps = []
        for case in cases:
            for step, due in poortwachter.timeline(case.first_sick_day):
                ended = case.recovered_on is not None and case.recovered_on <= due - 6 * DAY
                if ended:
                    continue  # recovered before this step was needed
                done = None
                # Steps long past are nearly always done; a few recent ones are late.
                if due < today and rng.random() < (0.97 if (today - due).days > 28 else 0.6):
                    done = due - datetime.timedelta(days=rng.randint(0, 4))
                steps.append(
                    PoortwachterStep(
                        case=case,
                        code=step.code,
                        due_date=due,
                        done_on=done,
                        done_by=self.planner if done else None,
                    )
                )
        PoortwachterStep.objects.bulk_create(steps, batch_size=1000)
        self._checkins(people)
        self._notes(people)
        return {
            "people": people,
            "timesheets": len(sheets),
            "lines": len(line_specs),
            "cases": len(cases),
        }

    def _checkins(self, people) -> None:
        rng, today = self.rng, self.today
        checkins, plans = [], []
        # Two years of check-ins (the monitor's WHO-5 per quarter covers eight quarters),
        # from the first weeks in service of those who started later.
        horizon = today - datetime.timedelta(weeks=self.ctx.n(104, 16))
        employed_since = dict(
            StatusChange.objects.filter(participant__in=people, to_status=Status.EMPLOYED)
            .values_list("participant_id")
            .annotate(first=Min("at"))
            .order_by()
        )
        norms = list(BijstandsNorm.objects.order_by("valid_from"))
        # The demo coach's longest-serving person (not the demo participant) missed the
        # last appointments, so coach-groningen always has a signal to act on.
        streak_pk = min(
            (
                (employed_since[p.pk], p.pk)
                for p in people
                if p.coach is not None
                and p.coach.username == "coach-groningen"
                and p.status in (Status.EMPLOYED, Status.PERMANENT)
                and not p.user_id
                and p.pk in employed_since
            ),
            default=(None, None),
        )[1]

        def norm_for(date, household):
            valid = [n for n in norms if n.valid_from <= date]
            if not valid:
                return None
            return (
                valid[-1].couple_eur
                if household == CheckIn.Household.COUPLE
                else valid[-1].single_eur
            )

        for index, p in enumerate(people):
            if p.coach_id is None:
                continue
            cadence = rng.choice([4, 4, 4, 5, 6])
            if cadence != CoachingPlan.DEFAULT_CADENCE_WEEKS:
                plans.append(CoachingPlan(participant=p, cadence_weeks=cadence))
            baseline = rng.uniform(13, 19)
            trend = rng.uniform(-0.02, 0.12)  # raw points per week: most improve at work
            confidence = rng.uniform(3.5, 6.5)
            declining = index % 20 == 4  # a few whose well-being slides recently
            debts = rng.random() < 0.35
            household = (
                CheckIn.Household.COUPLE if rng.random() < 0.25 else CheckIn.Household.SINGLE
            )
            since = employed_since.get(p.pk)
            start = max(horizon, timezone.localdate(since) if since else horizon)
            date = start + datetime.timedelta(days=rng.randint(7, 27))
            # Some people are overdue: their last contact lies longer ago.
            stop = today - datetime.timedelta(weeks=rng.choice([0, 0, 0, 2, 5]))
            missed_streak = index % 40 == 6 or p.pk == streak_pk
            while date <= stop:
                weeks = min(52, (date - start).days / 7)  # well-being levels off after a year
                if missed_streak and (stop - date).days < 70:
                    checkins.append(CheckIn(participant=p, coach=p.coach, date=date, held=False))
                    date += datetime.timedelta(weeks=rng.choice([2, 3]))
                    continue
                if rng.random() < 0.07:
                    checkins.append(CheckIn(participant=p, coach=p.coach, date=date, held=False))
                    date += datetime.timedelta(weeks=2)
                    continue
                level = baseline + trend * weeks
                if declining and (today - date).days < 50:
                    level -= rng.uniform(4, 7)
                raw_target = max(3, min(24, round(level + rng.uniform(-1, 1))))
                items = [raw_target // 5] * 5
                for k in range(raw_target % 5):
                    items[k] += 1
                rng.shuffle(items)
                raw = sum(items)
                norm = norm_for(date, household)
                income = (norm or Decimal("1369")) + Decimal(rng.randint(120, 420))
                confidence_now = max(
                    0, min(10, round(confidence + weeks * 0.04 + rng.uniform(-1, 1)))
                )
                checkins.append(
                    CheckIn(
                        participant=p,
                        coach=p.coach,
                        date=date,
                        held=True,
                        work_fit=rng.choice([3, 4, 4, 5]),
                        work_satisfaction=rng.choice([3, 4, 4, 5]),
                        work_relations=rng.choice([3, 4, 5, 5]),
                        household=household,
                        net_income_eur=income,
                        norm_eur=norm,
                        has_debts=debts,
                        debt_help=debts and rng.random() < 0.6,
                        who5_items=items,
                        who5_raw=raw,
                        who5_score=raw * 4,
                        self_rated_health=max(
                            1, min(5, round(2 + raw / 8 + rng.uniform(-0.7, 0.7)))
                        ),
                        social_contacts=rng.choice(CheckIn.SocialContacts.values),
                        self_confidence=confidence_now,
                    )
                )
                date += datetime.timedelta(weeks=rng.choice([4, 4, 5, 6]))
        CoachingPlan.objects.bulk_create(plans, batch_size=1000)
        CheckIn.objects.bulk_create(checkins, batch_size=1000)

    def _notes(self, people) -> None:
        rng, notes = self.rng, []
        for p in people:
            for _i in range(rng.choice([0, 1, 1, 2])):
                incident = rng.random() < 0.15
                notes.append(
                    WorkNote(
                        participant=p,
                        kind=WorkNote.Kind.INCIDENT if incident else WorkNote.Kind.NOTE,
                        date=self.today - datetime.timedelta(days=rng.randint(3, 120)),
                        text=rng.choice(INCIDENTS if incident else NOTES),
                        author=self.reporters[p.guidance_organisation_id],
                    )
                )
        WorkNote.objects.bulk_create(notes, batch_size=1000)

    def payroll(self) -> int:
        """Lock every month up to two months back; leave the last ended month to export.

        The same rules as ``payroll.export_month``, computed in one pass: the hours do
        not change between these exports, so there are no corrections yet.
        """
        first = (
            Timesheet.objects.filter(participant__municipality=self.municipality)
            .order_by("week_start")
            .first()
        )
        if first is None:
            return 0
        last = calendar.previous_month(self.today)
        months, month = [], calendar.month_start(first.week_start)
        while month < last:
            months.append(month)
            month = calendar.next_month(month)
        current = payroll.current_hours(self.municipality, months)
        finance = self.ctx.users.get("financien-groningen") or self.planner
        exported: dict = {}
        lines = []
        people = payroll.identities(self.municipality)
        wage = payroll.wages_in(self.municipality)
        for month in months:
            export = PayrollExport.objects.create(
                municipality=self.municipality, month=month, created_by=finance
            )
            # Exported in the first working days of the next month, not today.
            day = calendar.next_month(month) + 3 * DAY
            while day.weekday() >= 5:
                day += DAY
            export.created_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(10))
            )
            # ... and downloaded by finance within the hour, which closes the undo.
            PayrollExport.objects.filter(pk=export.pk).update(
                created_at=export.created_at,
                first_downloaded_at=export.created_at + datetime.timedelta(hours=1),
                first_downloaded_by=finance,
            )
            known = {key: hours for key, hours in current.items() if key[1] <= month}
            for pid, period, kind, hours in payroll.compute_lines(month, known, exported):
                lines.append(payroll.new_line(export, pid, period, kind, hours, people, wage))
                exported[(pid, period)] = exported.get((pid, period), payroll.Hours()) + hours
        PayrollLine.objects.bulk_create(lines, batch_size=1000)
        return len(months)

    def correction(self) -> None:
        """A sick day recorded after its month was exported: a correction line waits."""
        export = (
            self.municipality.payroll_exports.order_by("-month").first()
            if self.municipality.payroll_exports.exists()
            else None
        )
        if export is None:
            return
        line = (
            TimesheetLine.objects.filter(
                timesheet__participant__municipality=self.municipality,
                timesheet__status=Timesheet.Status.APPROVED,
                date__range=(export.month, calendar.month_end(export.month)),
                kind=HourKind.WORKED,
            )
            .select_related("timesheet")
            .order_by("-date", "pk")
            .first()
        )
        if line is None:
            return
        sheet = line.timesheet
        rows = timesheets.rows_of(sheet)
        day = (line.date - sheet.week_start).days
        worked = next(
            r for r in rows if r.kind == HourKind.WORKED and r.task_label == line.task_label
        )
        sick = timesheets.Row(kind=HourKind.SICK)
        sick.hours[day] = worked.hours[day]
        worked.hours[day] = Decimal("0")
        timesheets.return_for_correction(sheet, self.planner, "Ziekmelding kwam later binnen.")
        timesheets.save_rows(sheet, [*rows, sick], self.planner)
        timesheets.submit(sheet, self.planner)
        timesheets.approve(sheet, self.planner)

    def notifications(self, people) -> None:
        """Recent sick reports and signals reach the coach's notification list."""
        coach = self.ctx.users.get("coach-groningen")
        if coach is None or self.code != "GM0014":
            return
        recent = list(
            SicknessCase.objects.filter(
                participant__coach=coach,
                participant__municipality=self.municipality,
                first_sick_day__gte=self.today - datetime.timedelta(days=45),
            )
            .select_related("participant")
            .order_by("-first_sick_day", "pk")[:4]
        )
        items = [
            Notification(
                recipient=coach,
                municipality=self.municipality,
                kind=Notification.Kind.SICK_REPORT,
                participant=case.participant,
                url=reverse("guidance:sickness_detail", args=[case.pk]),
            )
            for case in recent
        ]
        for signal in (
            self.municipality.participants.filter(coach=coach)
            .values_list("signals__participant_id", flat=True)
            .distinct()[:3]
        ):
            if signal:
                items.append(
                    Notification(
                        recipient=coach,
                        municipality=self.municipality,
                        kind=Notification.Kind.SIGNAL,
                        participant_id=signal,
                        url=reverse("guidance:coach_participant", args=[signal]),
                    )
                )
        Notification.objects.bulk_create(items)
        # A sick report's notification came when the report did.
        for item, case in zip(items, recent, strict=False):
            Notification.objects.filter(pk=item.pk).update(created_at=case.reported_at)


def seed(ctx) -> str:
    parts, in_service = [], []
    for code in ("GM0014", "GM0106"):
        if code not in ctx.municipalities:
            continue
        seeder = _Seeder(ctx, code)
        result = seeder.run()
        exported = seeder.payroll()
        seeder.correction()
        new_signals = signals.evaluate(result["people"], today=ctx.today, notify_coach=False)
        seeder.notifications(result["people"])
        parts.append(
            f"{code}: {result['timesheets']} timesheets, {result['cases']} sick reports, "
            f"{new_signals} signals, {exported} months exported"
        )
        in_service.extend(result["people"])
    # Last, so that the rounds draw from the random stream after everything else here.
    parts.append(f"{seed_rounds(ctx, in_service)} measurement rounds")
    parts.append(f"{_leave_requests(ctx, in_service)} leave requests")
    return "; ".join(parts)


def _leave_requests(ctx, people) -> int:
    """Leave asked through "Mijn basisbaan": two open per municipality for the planner to
    answer, one approved and one refused. Chosen without draws (the random stream stays
    as it was), never for a demo login's own file (its tests ask leave themselves), and
    all in weeks after the planned ones."""
    now = calendar.now()
    start = calendar.coming_monday(ctx.today) + 3 * calendar.WEEK
    made = 0
    for code in ("GM0014", "GM0106"):
        municipality = ctx.municipalities.get(code)
        if municipality is None:
            continue
        planner = ctx.users.get("planner-groningen" if code == "GM0014" else "planner-assen")
        chosen = [p for p in people if p.municipality_id == municipality.pk and p.user_id is None][
            1::9
        ][:4]
        kinds = [None, None, LeaveRequest.Status.APPROVED, LeaveRequest.Status.REFUSED]
        for index, (person, answer) in enumerate(zip(chosen, kinds, strict=False)):
            first = start + datetime.timedelta(days=7 * index)
            request = LeaveRequest(
                participant=person,
                first_day=first,
                last_day=first + datetime.timedelta(days=4),
                note="Familiebezoek" if index % 2 else "",
                requested_at=now - datetime.timedelta(days=6 - index, hours=3),
            )
            if answer is not None:
                request.status = answer
                request.answered_by = planner
                request.answered_at = now - datetime.timedelta(days=1, hours=2)
                request.answer = (
                    "Goed, fijne vakantie."
                    if answer == LeaveRequest.Status.APPROVED
                    else "Die week is het buurtfeest: kunt u een week later?"
                )
            request.save()
            made += 1
    return made

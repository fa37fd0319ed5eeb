"""Hand-made data for the evaluation tests: a fresh municipality of its own, so the demo
world's figures never mix in."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from stdnum.nl import bsn as bsn_number

from basisbaan.finance.models import CostRates
from basisbaan.guidance.models import CheckIn, Timesheet, TimesheetLine
from basisbaan.participants.models import EmploymentContract, Participant, Status, StatusChange
from basisbaan.tenants.models import (
    Employer,
    EmployerTerms,
    Municipality,
    Neighbourhood,
    Programme,
    ProgrammeParameters,
)

TODAY = datetime.date(2026, 11, 23)  # a Monday, the test world's today


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _valid_bsns():
    for number in itertools.count(900000000):
        if bsn_number.is_valid(str(number)):
            yield str(number)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class World:
    """A tiny municipality with helpers to add people, timesheets and check-ins."""

    def __init__(self):
        self.municipality = Municipality.objects.create(
            name="Teststad", cbs_code="GM9999", slug="teststad"
        )
        self.employer = Employer.objects.create(
            municipality=self.municipality, name="Gemeente Teststad"
        )
        EmployerTerms.objects.create(employer=self.employer, valid_from=datetime.date(2020, 1, 1))
        CostRates.objects.create(
            municipality=self.municipality,
            valid_from=datetime.date(2020, 1, 1),
            coach_hours_per_participant_month=Decimal("0"),
            coach_hourly_cost_eur=Decimal("0"),
        )
        self.programme = Programme.objects.create(
            municipality=self.municipality,
            name="Basisbaan Teststad",
            start_date=datetime.date(2024, 1, 1),
            employer=self.employer,
        )
        self.params = ProgrammeParameters.objects.create(
            programme=self.programme,
            valid_from=datetime.date(2026, 1, 1),
            target_jobs=20,
            growth_target_per_year=10,
        )
        self.buurt = Neighbourhood.objects.create(
            municipality=self.municipality,
            name="Testbuurt",
            kind=Neighbourhood.Kind.BUURT,
            cbs_code="BU99990101",
            cbs_year=2024,
            x_km=0,
            y_km=0,
        )
        self.bsns = _valid_bsns()
        self.n = 0

    def person(self, status=Status.EMPLOYED, start=datetime.date(2026, 1, 5), **extra):
        self.n += 1
        values = {
            "municipality": self.municipality,
            "programme": self.programme,
            "bsn": next(self.bsns),
            "first_name": f"Voornaam{self.n}",
            "surname": f"Achternaam{self.n}",
            "birth_date": datetime.date(1980, 6, 15),
            "postcode": "9999 ZZ",
            "house_number": str(self.n),
            "email": f"persoon{self.n}@example.org",
            "phone": f"0600000{self.n:03d}",
            "status": status,
            "contract_hours": 32,
            "home_neighbourhood": self.buurt,
        }
        values.update(extra)
        p = Participant.objects.create(**values)
        if start is not None:
            StatusChange.objects.create(
                participant=p, from_status=Status.MATCHING, to_status=Status.EMPLOYED, at=at(start)
            )
            EmploymentContract.objects.create(
                participant=p,
                start_date=start,
                end_date=None,
                hours_per_week=32,
                employer=p.programme.employer if p.programme_id else None,
            )
        return p

    def exit(self, p, day, reason, from_status=Status.EMPLOYED):
        p.status, p.exit_reason = Status.EXITED, reason
        p.save(update_fields=["status", "exit_reason"])
        StatusChange.objects.create(
            participant=p,
            from_status=from_status,
            to_status=Status.EXITED,
            at=at(day),
            exit_reason=reason,
        )

    def week(
        self,
        p,
        monday,
        worked="32",
        sick="0",
        leave="0",
        status=Timesheet.Status.APPROVED,
        contract="32",
    ):
        sheet = Timesheet.objects.create(
            participant=p, week_start=monday, status=status, contract_hours=Decimal(contract)
        )
        for kind, hours in (("worked", worked), ("sick", sick), ("leave", leave)):
            if Decimal(hours):
                TimesheetLine.objects.create(
                    timesheet=sheet, date=monday, kind=kind, hours=Decimal(hours)
                )
        return sheet

    def checkin(self, p, day, raw=None, health=None, income=None, norm="1369.06", held=True):
        return CheckIn.objects.create(
            participant=p,
            date=day,
            held=held,
            who5_raw=raw,
            who5_score=raw * 4 if raw is not None else None,
            self_rated_health=health,
            net_income_eur=Decimal(income) if income is not None else None,
            norm_eur=Decimal(norm) if income is not None else None,
        )

    # --- neighbourhoods, tasks, plans and reports (the neighbourhood value chain) ---

    def area(self, name, code, kind=Neighbourhood.Kind.WIJK):
        return Neighbourhood.objects.create(
            municipality=self.municipality,
            name=name,
            kind=kind,
            cbs_code=code,
            cbs_year=2024,
            x_km=0,
            y_km=0,
        )

    def task(self, neighbourhood, title="Testtaak"):
        from basisbaan.communitytasks.models import Task
        from basisbaan.tenants.models import TaskCategory

        category, _created = TaskCategory.objects.get_or_create(
            municipality=self.municipality, code="greenery", defaults={"name": "Groen"}
        )
        return Task.objects.create(
            municipality=self.municipality,
            neighbourhood=neighbourhood,
            category=category,
            title=title,
            description="Test",
            status=Task.Status.APPROVED,
            start_date=datetime.date(2025, 1, 1),
        )

    def worked(self, p, monday, hours, task=None, status=Timesheet.Status.APPROVED):
        """An approved timesheet with one worked line on Monday (linked to ``task``)."""
        sheet = Timesheet.objects.create(
            participant=p, week_start=monday, status=status, contract_hours=Decimal(32)
        )
        TimesheetLine.objects.create(
            timesheet=sheet, date=monday, kind="worked", hours=Decimal(hours), task=task
        )
        return sheet

    def plan(self, monday, rows):
        """A published plan of the week: rows of (participant, task, start hour, end hour)."""
        from basisbaan.planning.models import Assignment, PlanningWeek, PlanVersion

        week, _created = PlanningWeek.objects.get_or_create(
            municipality=self.municipality, week_start=monday
        )
        version = PlanVersion.objects.create(week=week, number=1, status="ready")
        for i, (p, task, start, end) in enumerate(rows):
            Assignment.objects.create(
                version=version,
                participant=p,
                task=task,
                slot_key=f"s{i}",
                date=monday,
                start=datetime.time(start),
                end=datetime.time(end),
            )
        week.published = version
        week.save(update_fields=["published"])
        return version

    def report(self, task, month, rating):
        from basisbaan.communitytasks.models import MonthlyReport

        return MonthlyReport.objects.create(
            task=task, month=month, work_done="yes", liveability=rating
        )


@pytest.fixture
def world(db):
    return World()

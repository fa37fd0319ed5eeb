"""The finance pages: budgets, co-financing, scenarios, rates and their files, as the
demo accounts use them (the small demo world: Groningen and Assen)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.communitytasks.models import InboxMessage
from basisbaan.finance.models import Budget, BudgetLine, FundingSource, Pledge, Scenario
from basisbaan.tenants.models import Municipality

pytestmark = pytest.mark.django_db

ASSEN_PILOT = "Pilot basisbaan Assen 2021-2022"
GRONINGEN_PROJECT = "Projectbudget basisbaan Groningen"


def _municipality(code):
    return Municipality.objects.get(cbs_code=code)


def _scenario_data(**extra):
    data = {
        "name": "Groei naar 80",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "jobs": "50",
        "growth_per_year": "10",
        "max_jobs": "80",
        "hours_per_week": "32",
        "single_pct": "80",
        "budget_eur": "4000000",
        "cofinancing_eur": "20000",
    }
    data.update(extra)
    return data


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- acceptance: Assen's two-year budget ---------------------------------------------


def test_finance_assen_sees_the_two_year_pilot_budget_with_7_jobs(login):
    client = login("financien-assen")
    pilot = Budget.objects.get(name=ASSEN_PILOT)
    overview = client.get(reverse("finance:overview"))
    assert overview.status_code == 200
    assert ASSEN_PILOT in overview.content.decode()
    page = client.get(reverse("finance:budget", args=[pilot.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert "€ 150.000" in text
    assert "01-01-2021 – 31-12-2022" in text
    assert re.search(r'id="jobs-planned">7<', text)
    status = page.context["status"]
    assert status.total == Decimal("150000")
    assert status.used.total_cost > 0
    used = re.search(r'id="budget-used">€ ([0-9.,]+)<', text).group(1)
    assert used not in ("0,00", "0")
    assert page.context["status"].forecast.total_cost == 0  # the pilot ended


def test_researchers_get_no_finance_pages(login):
    client = login("onderzoeker-groningen")
    assert client.get(reverse("finance:overview")).status_code == 403
    assert client.get(reverse("finance:scenarios")).status_code == 403
    monitor = client.get(reverse("evaluation:monitor"))
    assert monitor.status_code == 200  # costs there, suppressed for small groups


def test_an_assen_user_cannot_open_a_groningen_budget(login):
    groningen = Budget.objects.get(name=GRONINGEN_PROJECT)
    assert (
        login("financien-assen").get(reverse("finance:budget", args=[groningen.pk])).status_code
        == 404
    )


def test_an_unknown_budget_is_404(login):
    assert (
        login("financien-groningen").get(reverse("finance:budget", args=[999999])).status_code
        == 404
    )


# --- overview and budget page --------------------------------------------------------


def test_overview_lists_budgets_with_used_and_forecast(login):
    page = login("financien-groningen").get(reverse("finance:overview"))
    assert page.status_code == 200
    text = _text(page)
    assert GRONINGEN_PROJECT in text
    assert ASSEN_PILOT not in text
    assert page.context["running"] is not None
    assert "€ 3.386.395" in text
    assert page.context["can_manage"] is True


def test_planner_sees_but_cannot_manage(login):
    client = login("planner-groningen")
    page = client.get(reverse("finance:overview"))
    assert page.status_code == 200 and page.context["can_manage"] is False
    assert 'action="/financien/budget/nieuw/"' not in page.content.decode()
    assert client.post(reverse("finance:budget_create"), {}).status_code == 403


def test_budget_page_shows_lines_burndown_and_method(login):
    budget = Budget.objects.get(name=GRONINGEN_PROJECT)
    page = login("financien-groningen").get(reverse("finance:budget", args=[budget.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert "Nationaal Programma Groningen" in text
    assert "€ 200.000,00" in text
    assert 'role="img"' in text and "<caption>" in text
    assert len(page.context["status"].months) == 46
    assert page.context["chart"].line_y is not None


def test_add_a_budget_checks_dates_and_saves_with_audit(login, user):
    client = login("financien-groningen")
    groningen = _municipality("GM0014")
    programme = groningen.programmes.first()
    bad = client.post(
        reverse("finance:budget_create"),
        {
            "budget-name": "Verkeerd",
            "budget-programme": programme.pk,
            "budget-start_date": "2027-12-31",
            "budget-end_date": "2027-01-01",
            "budget-target_jobs": "10",
        },
    )
    assert bad.status_code == 200
    assert bad.context["budget_form"].errors["end_date"]
    assert not Budget.objects.filter(name="Verkeerd").exists()
    good = client.post(
        reverse("finance:budget_create"),
        {
            "budget-name": "Basisbaan Groningen 2030",
            "budget-programme": programme.pk,
            "budget-start_date": "2030-01-01",
            "budget-end_date": "2030-12-31",
            "budget-target_jobs": "250",
        },
    )
    budget = Budget.objects.get(name="Basisbaan Groningen 2030")
    assert good.status_code == 302 and good.url == reverse("finance:budget", args=[budget.pk])
    assert AuditEntry.objects.filter(
        object_type="finance.budget", object_id=str(budget.pk), action="create"
    ).exists()


def test_add_a_budget_line_refuses_a_negative_amount(login):
    budget = Budget.objects.get(name=GRONINGEN_PROJECT)
    source = FundingSource.objects.get(name="Gemeente Groningen")
    client = login("financien-groningen")
    url = reverse("finance:budget_line_create", args=[budget.pk])
    before = BudgetLine.objects.filter(budget=budget).count()
    bad = client.post(
        url, {"line-source": source.pk, "line-cost_kind": "other", "line-amount_eur": "-5"}
    )
    assert bad.status_code == 200 and bad.context["line_form"].errors["amount_eur"]
    assert BudgetLine.objects.filter(budget=budget).count() == before
    good = client.post(
        url, {"line-source": source.pk, "line-cost_kind": "other", "line-amount_eur": "1000"}
    )
    assert good.status_code == 302
    assert BudgetLine.objects.filter(budget=budget).count() == before + 1


def test_add_a_funding_source_refuses_a_name_in_use(login):
    client = login("financien-groningen")
    bad = client.post(
        reverse("finance:source_create"),
        {"source-name": "Gemeente Groningen", "source-kind": "municipality"},
    )
    assert bad.status_code == 200 and bad.context["source_form"].errors["name"]
    good = client.post(
        reverse("finance:source_create"),
        {"source-name": "Provincie Groningen", "source-kind": "regional"},
    )
    assert good.status_code == 302
    assert FundingSource.objects.filter(name="Provincie Groningen").exists()


# --- co-financing ----------------------------------------------------------------------


def _new_lead():
    return InboxMessage.objects.create(
        municipality=_municipality("GM0014"),
        kind=InboxMessage.Kind.COFINANCING,
        name="Jan Fonds",
        organisation="Stichting Buurtgeld",
        email="jan@example.org",
        phone="0612345678",
        amount_indication="EUR 10.000",
    )


def test_cofinancing_lists_pledges_and_open_leads_with_audited_reads(login):
    lead = _new_lead()
    page = login("planner-groningen").get(reverse("finance:cofinancing"))
    assert page.status_code == 200
    text = _text(page)
    assert "Stichting Buurtgeld" in text and "jan@example.org" in text
    assert page.context["groups"]
    assert "Turn into a pledge" not in text and "Omzetten" not in text  # planners only see
    assert AuditEntry.objects.filter(
        object_type="communitytasks.inboxmessage", object_id=str(lead.pk), action="read"
    ).exists()


def test_turn_a_lead_into_a_pledge(login, user):
    lead = _new_lead()
    client = login("financien-groningen")
    form = client.get(reverse("finance:lead", args=[lead.pk]))
    assert form.status_code == 200
    assert form.context["form"].initial["funder"] == "Stichting Buurtgeld"
    budget = Budget.objects.get(name=GRONINGEN_PROJECT)
    done = client.post(
        reverse("finance:lead", args=[lead.pk]),
        {
            "budget": budget.pk,
            "funder": "Stichting Buurtgeld",
            "kind": "fund",
            "amount_eur": "10000",
            "pledged_on": "2026-11-01",
        },
    )
    assert done.status_code == 302
    pledge = Pledge.objects.get(lead=lead)
    assert pledge.source.kind == FundingSource.Kind.FUND and pledge.amount_eur == 10000
    lead.refresh_from_db()
    assert lead.handled_at is not None and lead.handled_by == user("financien-groningen")
    # The lead is no longer open.
    assert client.get(reverse("finance:lead", args=[lead.pk])).status_code == 404


def test_receipts_and_withdrawing_a_pledge(login):
    client = login("financien-groningen")
    pledge = Pledge.objects.filter(budget__municipality__cbs_code="GM0014").first()
    before = pledge.received
    prefix = f"receipt{pledge.pk}"
    bad = client.post(
        reverse("finance:receipt_create", args=[pledge.pk]),
        {f"{prefix}-received_on": "2026-11-02", f"{prefix}-amount_eur": "-1"},
    )
    assert bad.status_code == 302 and pledge.receipts.count() == len(pledge.receipts.all())
    client.post(
        reverse("finance:receipt_create", args=[pledge.pk]),
        {f"{prefix}-received_on": "2026-11-02", f"{prefix}-amount_eur": "250"},
    )
    pledge.refresh_from_db()
    assert Pledge.objects.get(pk=pledge.pk).received == before + 250
    assert client.post(reverse("finance:pledge_withdraw", args=[pledge.pk])).status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).status == Pledge.Status.WITHDRAWN


# --- scenarios ---------------------------------------------------------------------------


def test_make_a_scenario_and_see_its_figures(login):
    client = login("planner-groningen")
    response = client.post(reverse("finance:scenarios"), _scenario_data())
    scenario = Scenario.objects.get(name="Groei naar 80")
    assert response.status_code == 302
    assert response.url == reverse("finance:scenario", args=[scenario.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    keys = [key for key, _label, _value in page.context["figures"]]
    assert {"total_cost", "net_cost", "bijstand_saved", "jobs_funded_net"} <= set(keys)
    assert [row["year"] for row in page.context["years"]] == [2025, 2026]
    assert page.context["parameter_rows"]
    assert "€" in _text(page)


def test_a_scenario_with_negative_hours_is_refused_and_not_saved(login):
    client = login("financien-groningen")
    before = Scenario.objects.count()
    page = client.post(reverse("finance:scenarios"), _scenario_data(hours_per_week="-4"))
    assert page.status_code == 200
    assert page.context["form"].errors["hours_per_week"]
    assert Scenario.objects.count() == before


def test_a_scenario_ending_before_it_starts_is_refused(login):
    client = login("financien-groningen")
    page = client.post(reverse("finance:scenarios"), _scenario_data(end_date="2024-01-01"))
    assert page.status_code == 200 and page.context["form"].errors["end_date"]
    assert not Scenario.objects.filter(name="Groei naar 80").exists()


def test_a_period_without_a_minimum_wage_is_a_form_error(login):
    client = login("financien-groningen")
    page = client.post(
        reverse("finance:scenarios"),
        _scenario_data(start_date="1990-01-01", end_date="1990-12-31"),
    )
    assert page.status_code == 200
    errors = page.context["form"].non_field_errors()
    assert errors and "01-01-1990" in errors[0]
    assert not Scenario.objects.filter(name="Groei naar 80").exists()


def _two_scenarios(client):
    client.post(reverse("finance:scenarios"), _scenario_data(name="Klein"))
    client.post(reverse("finance:scenarios"), _scenario_data(name="Groot", jobs="70"))
    return Scenario.objects.get(name="Klein"), Scenario.objects.get(name="Groot")


def test_compare_two_scenarios(login):
    client = login("financien-groningen")
    a, b = _two_scenarios(client)
    page = client.get(reverse("finance:scenario_compare"), {"a": a.pk, "b": b.pk})
    assert page.status_code == 200
    rows = {row["label"]: row for row in page.context["rows"]}
    assert any(row["diff"] and row["diff"] > 0 for row in rows.values())
    assert client.get(reverse("finance:scenario_compare"), {"a": a.pk}).status_code == 302
    assert (
        client.get(reverse("finance:scenario_compare"), {"a": a.pk, "b": 99999999}).status_code
        == 404
    )


def test_an_assen_user_cannot_compare_or_download_groningen_scenarios(login):
    a, b = _two_scenarios(login("financien-groningen"))
    client = login("financien-assen")
    assert (
        client.get(reverse("finance:scenario_compare"), {"a": a.pk, "b": b.pk}).status_code == 404
    )
    assert client.get(reverse("finance:scenario_download", args=[a.pk])).status_code == 404
    assert client.get(reverse("finance:scenario", args=[a.pk])).status_code == 404


def test_scenario_workbook_has_figures_years_and_parameters(login):
    from openpyxl import load_workbook

    client = login("financien-groningen")
    a, _b = _two_scenarios(client)
    response = client.get(reverse("finance:scenario_download", args=[a.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    figures, years, parameters = book.worksheets[:3]
    values = {row[0]: row[2] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert values["total_cost"] > 0 and "net_cost" in values
    assert [row[0] for row in years.iter_rows(min_row=2, values_only=True)] == [2025, 2026]
    tables = {row[0] for row in parameters.iter_rows(min_row=2, values_only=True)}
    assert "minimum_wage" in tables
    assert AuditEntry.objects.filter(
        object_type="finance.scenario", object_id=str(a.pk), action="export"
    ).exists()


def test_scenario_pdf(login):
    client = login("financien-groningen")
    a, _b = _two_scenarios(client)
    response = client.get(reverse("finance:scenario_pdf", args=[a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_finance_deletes_a_scenario(login):
    a, _b = _two_scenarios(login("financien-groningen"))
    assert (
        login("planner-groningen").post(reverse("finance:scenario_delete", args=[a.pk])).status_code
        == 404
    )
    assert Scenario.objects.filter(pk=a.pk).exists()
    assert (
        login("financien-groningen")
        .post(reverse("finance:scenario_delete", args=[a.pk]))
        .status_code
        == 302
    )
    assert not Scenario.objects.filter(pk=a.pk).exists()


# --- rates -----------------------------------------------------------------------------


def test_rates_page_and_forms(login):
    client = login("financien-groningen")
    page = client.get(reverse("finance:rates"))
    assert page.status_code == 200
    assert page.context["agreements"] and page.context["cost_rates"] and page.context["terms"]
    bad = client.post(
        reverse("finance:cost_rates_create"),
        {
            "rates-valid_from": "2020-01-01",
            "rates-coach_hours_per_participant_month": "4",
            "rates-coach_hourly_cost_eur": "75",
            "rates-net_wage_pct": "90",
        },
    )
    assert bad.status_code == 200 and bad.context["rates_form"].errors["valid_from"]
    good = client.post(
        reverse("finance:cost_rates_create"),
        {
            "rates-valid_from": "2027-01-01",
            "rates-coach_hours_per_participant_month": "4",
            "rates-coach_hourly_cost_eur": "75",
            "rates-net_wage_pct": "90",
        },
    )
    assert good.status_code == 302
    org = page.context["agreements"][0].organisation
    bad = client.post(
        reverse("finance:agreement_create"),
        {
            "agreement-organisation": org.pk,
            "agreement-valid_from": "2027-01-01",
            "agreement-valid_until": "2026-01-01",
            "agreement-fee_per_participant_month_eur": "350",
        },
    )
    assert bad.status_code == 200 and bad.context["agreement_form"].errors["valid_until"]


def test_amounts_are_written_the_dutch_way():
    from django.utils import translation

    from basisbaan.finance.templatetags.finance import money

    with translation.override("nl"):
        assert money(Decimal("1234.5")) == "€ 1.234,50"
        assert money(Decimal("150000"), 0) == "€ 150.000"
        assert money(None) == "–"
    assert datetime.date(2021, 1, 1).strftime("%d-%m-%Y") == "01-01-2021"

from django.urls import path

from basisbaan.finance.views import budgets, cofinancing, rates, scenarios

app_name = "finance"
urlpatterns = [
    path("financien/", budgets.OverviewView.as_view(), name="overview"),
    path("financien/budget/nieuw/", budgets.BudgetCreateView.as_view(), name="budget_create"),
    path("financien/bron/nieuw/", budgets.FundingSourceCreateView.as_view(), name="source_create"),
    path("financien/budget/<int:pk>/", budgets.BudgetView.as_view(), name="budget"),
    path(
        "financien/budget/<int:pk>/regel/",
        budgets.BudgetLineCreateView.as_view(),
        name="budget_line_create",
    ),
    path("financien/cofinanciering/", cofinancing.CofinancingView.as_view(), name="cofinancing"),
    path(
        "financien/cofinanciering/toezegging/nieuw/",
        cofinancing.PledgeCreateView.as_view(),
        name="pledge_create",
    ),
    path(
        "financien/cofinanciering/aanmelding/<int:pk>/",
        cofinancing.LeadView.as_view(),
        name="lead",
    ),
    path(
        "financien/cofinanciering/toezegging/<int:pk>/ontvangst/",
        cofinancing.ReceiptCreateView.as_view(),
        name="receipt_create",
    ),
    path(
        "financien/cofinanciering/toezegging/<int:pk>/intrekken/",
        cofinancing.PledgeWithdrawView.as_view(),
        name="pledge_withdraw",
    ),
    path("financien/scenarios/", scenarios.ScenarioListView.as_view(), name="scenarios"),
    path(
        "financien/scenarios/vergelijken/",
        scenarios.ScenarioCompareView.as_view(),
        name="scenario_compare",
    ),
    path("financien/scenarios/<int:pk>/", scenarios.ScenarioView.as_view(), name="scenario"),
    path(
        "financien/scenarios/<int:pk>/excel/",
        scenarios.ScenarioDownloadView.as_view(),
        name="scenario_download",
    ),
    path(
        "financien/scenarios/<int:pk>/pdf/",
        scenarios.ScenarioPdfView.as_view(),
        name="scenario_pdf",
    ),
    path(
        "financien/scenarios/<int:pk>/verwijderen/",
        scenarios.ScenarioDeleteView.as_view(),
        name="scenario_delete",
    ),
    path("financien/tarieven/", rates.RatesView.as_view(), name="rates"),
    path(
        "financien/tarieven/overeenkomst/",
        rates.AgreementCreateView.as_view(),
        name="agreement_create",
    ),
    path(
        "financien/tarieven/kostentarieven/",
        rates.CostRatesCreateView.as_view(),
        name="cost_rates_create",
    ),
]

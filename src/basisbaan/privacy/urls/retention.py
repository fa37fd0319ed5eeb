from django.urls import path

from basisbaan.privacy.views import retention

urlpatterns = [
    path("privacy/bewaartermijnen/", retention.RetentionView.as_view(), name="retention"),
    path(
        "privacy/bewaartermijnen/<slug:code>/nieuw/",
        retention.RuleCreateView.as_view(),
        name="rule_create",
    ),
    path("privacy/bewaartermijnen/proefrun/", retention.DryRunView.as_view(), name="dry_run"),
    path("privacy/bewaartermijnen/nu/", retention.RunNowView.as_view(), name="run_now"),
    path("privacy/verwerkingsregister/", retention.RegisterView.as_view(), name="register"),
]

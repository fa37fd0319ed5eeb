from django.contrib.auth import views as auth_views
from django.urls import path

from basisbaan.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sso/", oidc.SSOLoginView.as_view(), name="sso_login"),
    path("sso/terug/", oidc.SSOCallbackView.as_view(), name="sso_callback"),
    path("2fa/setup/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("2fa/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("2fa/", views.TwoFactorView.as_view(), name="two_factor"),
    path("2fa/herstelcodes/", views.RecoveryCodesView.as_view(), name="otp_recovery_codes"),
    path("2fa/apps/<int:pk>/verwijderen/", views.DeviceRemoveView.as_view(), name="otp_remove"),
    path("municipality/", views.SwitchMunicipalityView.as_view(), name="switch_municipality"),
    path("gebruikers/", views.AccountListView.as_view(), name="list"),
    path("gebruikers/nieuw/", views.AccountCreateView.as_view(), name="create"),
    path("rollen/<int:pk>/beeindigen/", views.AssignmentEndView.as_view(), name="end_assignment"),
    path(
        "gebruikers/<int:pk>/organisatieaccount/",
        views.AccountSSOLinkView.as_view(),
        name="sso_link",
    ),
    path(
        "gebruikers/<int:pk>/2fa-herstellen/",
        views.TwoFactorResetView.as_view(),
        name="reset_two_factor",
    ),
    path(
        "wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html", success_url="/account/login/"
        ),
        name="password_reset_confirm",
    ),
]

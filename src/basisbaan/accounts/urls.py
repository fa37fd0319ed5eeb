from django.urls import path

from basisbaan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("2fa/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("municipality/", views.SwitchMunicipalityView.as_view(), name="switch_municipality"),
]

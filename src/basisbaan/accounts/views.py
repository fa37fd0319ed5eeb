import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.accounts import access, services
from basisbaan.accounts.forms import NewAccountForm, OTPTokenForm
from basisbaan.accounts.middleware import SESSION_KEY
from basisbaan.accounts.models import RoleAssignment
from basisbaan.accounts.roles import Role
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView


class LoginView(PublicView, auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(PublicView, auth_views.LogoutView):
    pass


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class OTPSetupView(LoginRequiredMixin, FormView):
    """First login: register an authenticator app (TOTP) by QR code, confirm with a code."""

    public_if_authenticated = True
    template_name = "accounts/otp_setup.html"
    form_class = OTPTokenForm

    def get_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name="authenticator", confirmed=False
            )
        return device

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.get_device()}

    def get_context_data(self, **kwargs):
        device = self.get_device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        return super().get_context_data(
            qr_svg=buffer.getvalue().decode(), secret=device.config_url, **kwargs
        )

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        messages.success(self.request, _("Two-factor login is set up."))
        return redirect("core:dashboard")


class OTPVerifyView(LoginRequiredMixin, FormView):
    """Every later login: enter the code from the authenticator app."""

    public_if_authenticated = True
    template_name = "accounts/otp_verify.html"
    form_class = OTPTokenForm

    def get_form_kwargs(self):
        device = next(iter(devices_for_user(self.request.user, confirmed=True)), None)
        return {**super().get_form_kwargs(), "device": device}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return HttpResponseRedirect(_safe_next(self.request, reverse("core:dashboard")))


class SwitchMunicipalityView(LoginRequiredMixin, View):
    """Choose the active municipality among those where the user holds a role."""

    public_if_authenticated = True
    http_method_names = ["post"]

    def post(self, request):
        try:
            chosen = int(request.POST.get("municipality", ""))
        except ValueError:
            chosen = None
        if chosen in {m.pk for m in access.municipalities(request.user)}:
            request.session[SESSION_KEY] = chosen
        else:
            messages.error(request, _("You hold no role in that municipality."))
        return HttpResponseRedirect(_safe_next(request, reverse("core:dashboard")))


class AccountListView(PermissionMixin, ListView):
    """Who holds which role in the active municipality."""

    permission = "accounts.manage"
    template_name = "accounts/list.html"
    paginate_by = 100

    def get_queryset(self):
        queryset = self.scoped(
            RoleAssignment.objects.select_related("user", "organisation")
        ).order_by("role", "user__username")
        role = self.request.GET.get("role")
        if role in Role.values:
            queryset = queryset.filter(role=role)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roles=Role.choices,
            role=self.request.GET.get("role", ""),
            today=calendar.today(),
            **kwargs,
        )


class AccountCreateView(PermissionMixin, FormView):
    permission = "accounts.manage"
    template_name = "accounts/create.html"
    form_class = NewAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def form_valid(self, form):
        assignment = services.create_account(
            self.request.user, self.municipality, form.cleaned_data
        )
        messages.success(
            self.request,
            _("%(name)s can now log in as %(role)s. We sent a link to choose a password.")
            % {"name": assignment.user.get_full_name(), "role": assignment.get_role_display()},
        )
        return redirect("accounts:list")


class AssignmentEndView(ObjectPermissionMixin, View):
    permission = "accounts.manage"
    model = RoleAssignment
    http_method_names = ["post"]

    def post(self, request, pk):
        services.end_assignment(request.user, self.object)
        messages.success(request, _("The role has ended."))
        return redirect("accounts:list")

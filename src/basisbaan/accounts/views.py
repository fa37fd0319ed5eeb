import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.accounts import access, oidc, services, two_factor
from basisbaan.accounts.forms import (
    NewAccountForm,
    OTPTokenForm,
    OTPVerifyForm,
    SSOSubjectForm,
)
from basisbaan.accounts.middleware import SESSION_KEY
from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.core import calendar, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView


class LoginView(PublicView, auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**oidc.login_context(), **kwargs)


class LogoutView(PublicView, auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # Read before the session ends: log out at the identity provider too, if set up.
        at_provider = oidc.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(at_provider) if at_provider else response


def _to_verification(request) -> HttpResponseRedirect:
    return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.path})}")


class OTPSetupView(LoginRequiredMixin, FormView):
    """Register an authenticator app (TOTP) by QR code, confirm it with a code.

    Only for a user without a second factor (first login, or after an administrator's
    reset) or from a session verified with an existing one (adding or replacing an
    app). A session that knows only the password of an enrolled user goes to
    verification: otherwise the password alone would give a new second factor.
    """

    public_if_authenticated = True
    template_name = "accounts/otp_setup.html"
    form_class = OTPTokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.may_enrol(request.user):
            return redirect("accounts:otp_verify")
        return super().dispatch(request, *args, **kwargs)

    def get_device(self) -> TOTPDevice:
        if not hasattr(self, "_device"):
            self._device = two_factor.pending_device(self.request)
        return self._device

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.get_device()}

    def get_context_data(self, **kwargs):
        device = self.get_device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        key = base64.b32encode(device.bin_key).decode().rstrip("=")
        return super().get_context_data(
            qr_svg=buffer.getvalue().decode(),
            manual_key=" ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            adding=two_factor.is_enrolled(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            # One enrolment at a time per user; check again under the lock.
            User.objects.select_for_update().filter(pk=user.pk).first()
            if not two_factor.may_enrol(user):
                return redirect("accounts:otp_verify")
            first = not two_factor.is_enrolled(user)
            two_factor.confirm(user, form.device)
            codes = (
                None
                if two_factor.recovery_codes_left(user)
                else two_factor.new_recovery_codes(user, notify=False)
            )
        self.request.session.pop(two_factor.PENDING_SESSION_KEY, None)
        if first:
            otp_login(self.request, form.device)
        if codes:
            self.request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
        messages.success(
            self.request,
            _("Two-factor login is set up.") if first else _("The authenticator app is added."),
        )
        return redirect("accounts:two_factor")


class OTPVerifyView(LoginRequiredMixin, FormView):
    """Every later login: a code from an authenticator app, or a recovery code."""

    public_if_authenticated = True
    template_name = "accounts/otp_verify.html"
    form_class = OTPVerifyForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                ngettext(
                    "You used a recovery code. %(count)d code is left.",
                    "You used a recovery code. %(count)d codes are left.",
                    left,
                )
                % {"count": left},
            )
        return HttpResponseRedirect(parsing.next_url(self.request, reverse("core:dashboard")))


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(LoginRequiredMixin, TemplateView):
    """Your second factors: authenticator apps and recovery codes (new ones shown once)."""

    public_if_authenticated = True
    template_name = "accounts/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.may_enrol(request.user):
            return _to_verification(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        devices = list(two_factor.authenticators(user))
        return super().get_context_data(
            devices=devices,
            enrolled=two_factor.is_enrolled(user),
            can_remove=len(devices) > 1,
            current_device=getattr(user, "otp_device", None),
            codes_left=two_factor.recovery_codes_left(user),
            new_codes=self.request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None),
            **kwargs,
        )


class _VerifiedTwoFactorMixin(LoginRequiredMixin):
    """Changes to second factors: only from a session verified with one."""

    public_if_authenticated = True
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not two_factor.is_enrolled(request.user):
            return redirect("accounts:otp_setup")
        if not two_factor.is_verified(request.user):
            return redirect("accounts:otp_verify")
        return super().dispatch(request, *args, **kwargs)


class RecoveryCodesView(_VerifiedTwoFactorMixin, View):
    """New recovery codes; the old ones stop working."""

    def post(self, request):
        request.session[two_factor.NEW_CODES_SESSION_KEY] = two_factor.new_recovery_codes(
            request.user
        )
        messages.success(request, _("You have new recovery codes. The old ones no longer work."))
        return redirect("accounts:two_factor")


class DeviceRemoveView(_VerifiedTwoFactorMixin, View):
    """Remove one of your authenticator apps (never the last one)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Someone else's device, or none: not found, before anything else.
            get_object_or_404(TOTPDevice, pk=kwargs["pk"], user=request.user, confirmed=True)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        device = get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=True)
        if two_factor.authenticators(request.user).count() < 2:
            messages.error(request, _("Add another authenticator app before you remove this one."))
        else:
            two_factor.remove(request.user, device)
            messages.success(request, _("The authenticator app is removed."))
        return redirect("accounts:two_factor")


class SwitchMunicipalityView(LoginRequiredMixin, View):
    """Choose the active municipality among those where the user holds a role."""

    public_if_authenticated = True
    http_method_names = ["post"]

    def post(self, request):
        chosen = parsing.optional_id(request.POST.get("municipality", ""))
        if chosen in {m.pk for m in access.municipalities(request.user)}:
            request.session[SESSION_KEY] = chosen
        else:
            messages.error(request, _("You hold no role in that municipality."))
        return HttpResponseRedirect(parsing.next_url(request, reverse("core:dashboard")))


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
        context = super().get_context_data(
            roles=Role.choices,
            role=self.request.GET.get("role", ""),
            today=calendar.today(),
            **kwargs,
        )
        user_ids = {a.user_id for a in context["object_list"]}
        context["enrolled"] = {
            device.user_id
            for model in (TOTPDevice, StaticDevice)
            for device in model.objects.filter(user_id__in=user_ids, confirmed=True).only("user_id")
        }
        context["can_reset_two_factor"] = access.has_perm(
            self.request.user, "accounts.reset_two_factor", self.municipality
        )
        context["sso_enabled"] = oidc.enabled()
        return context


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


class TwoFactorResetView(ObjectPermissionMixin, View):
    """An administrator removes a person's second factors (lost phone and codes).

    Only for people with an active role in one of the administrator's municipalities;
    the person sets up two-factor login again at their next login.
    """

    permission = "accounts.reset_two_factor"
    model = User
    http_method_names = ["post"]

    def get_object(self, queryset=None):
        return _managed_user(self)

    def post(self, request, pk):
        if self.object.pk == request.user.pk:
            messages.error(request, _("You cannot reset your own two-factor login here."))
        else:
            two_factor.reset(request.user, self.object)
            messages.success(
                request,
                _(
                    "Two-factor login of %(name)s is reset. They set it up again at their next login."
                )
                % {"name": self.object.get_full_name() or self.object.get_username()},
            )
        return redirect("accounts:list")


def _managed_user(view) -> User:
    """A person with an active role in one of the administrator's municipalities, or 404."""
    managed = access.scope(
        view.request.user, view.permission, RoleAssignment.objects.active()
    ).values("user_id")
    target = get_object_or_404(User.objects.filter(pk__in=managed), pk=view.kwargs["pk"])
    if target.is_superuser and not view.request.user.is_superuser:
        raise Http404
    return target


class AccountSSOLinkView(ObjectPermissionMixin, FormView):
    """Link a person's account to their organisation account (single sign-on)."""

    permission = "accounts.manage"
    model = User
    template_name = "accounts/sso_link.html"
    form_class = SSOSubjectForm

    def get_object(self, queryset=None):
        return _managed_user(self)

    def get_initial(self):
        return {"oidc_subject": self.object.oidc_subject or ""}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.object, sso_enabled=oidc.enabled(), **kwargs)

    def form_valid(self, form):
        services.set_oidc_subject(self.request.user, self.object, form.cleaned_data["oidc_subject"])
        name = self.object.get_full_name() or self.object.get_username()
        messages.success(
            self.request,
            _("The organisation account of %(name)s is linked.") % {"name": name}
            if self.object.oidc_subject
            else _("%(name)s has no linked organisation account now.") % {"name": name},
        )
        return redirect("accounts:list")

"""API tokens per guidance organisation: list, create (the secret is shown once), rotate
and revoke. Programme staff of the municipality only (``api.manage_tokens``)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from basisbaan.accounts import access
from basisbaan.api import tokens
from basisbaan.api.forms import TokenForm
from basisbaan.api.models import ApiToken
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.organisations.models import Organisation

PERMISSION = "api.manage_tokens"


def _stop_of(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in the municipality's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=calendar.TIME_ZONE)


class TokenListView(PermissionMixin, TemplateView):
    permission = PERMISSION
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        organisations = list(
            Organisation.objects.filter(is_guidance=True, municipality=self.municipality).order_by(
                "name"
            )
        )
        by_org: dict[int, list[ApiToken]] = {o.pk: [] for o in organisations}
        for token in self.scoped(ApiToken.objects.select_related("replaced_by")).order_by(
            "-created_at"
        ):
            by_org.setdefault(token.organisation_id, []).append(token)
        for organisation in organisations:
            organisation.tokens = by_org.get(organisation.pk, [])
        return super().get_context_data(
            organisations=organisations,
            scope_labels={name: scope.label for name, scope in tokens.SCOPES.items()},
            overlap_days=tokens.ROTATION_OVERLAP.days,
            **kwargs,
        )


class TokenCreateView(PermissionMixin, TemplateView):
    """A new token for one guidance organisation; the secret is shown on the answer page
    only (never stored, never in a redirect or a message)."""

    permission = PERMISSION
    template_name = "api/token_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Another municipality's organisation (or no guidance organisation): 404.
            self.organisation = get_object_or_404(
                Organisation,
                pk=kwargs["pk"],
                is_guidance=True,
                municipality__in=access.municipalities(request.user, PERMISSION),
            )
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        return access.has_perm(self.request.user, PERMISSION, self.organisation.municipality_id)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TokenForm())
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = tokens.create(
                    self.organisation,
                    form.cleaned_data["name"],
                    form.cleaned_data["scopes"],
                    request.user,
                    _stop_of(form.cleaned_data["expires_on"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return show_secret(request, token, secret)
        return self.render_to_response(self.get_context_data(form=form))


def show_secret(request, token: ApiToken, secret: str, rotated: ApiToken | None = None):
    """The page with the new token's secret: the only time anyone sees it."""
    response = TemplateResponse(
        request,
        "api/token_secret.html",
        {
            "token": token,
            "secret": secret,
            "rotated": rotated,
            "scope_labels": {name: scope.label for name, scope in tokens.SCOPES.items()},
        },
    )
    response["Cache-Control"] = "no-store"
    return response


class TokenRotateView(ObjectPermissionMixin, View):
    permission = PERMISSION
    model = ApiToken

    def get_queryset(self):
        return ApiToken.objects.select_related("organisation")

    def post(self, request, *args, **kwargs):
        try:
            token, secret = tokens.rotate(self.object, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("api_tokens:list")
        return show_secret(request, token, secret, rotated=self.object)


class TokenRevokeView(ObjectPermissionMixin, View):
    permission = PERMISSION
    model = ApiToken

    def post(self, request, *args, **kwargs):
        try:
            tokens.revoke(self.object, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The token %(prefix)s… is revoked: it no longer works.")
                % {"prefix": self.object.prefix},
            )
        return redirect("api_tokens:list")

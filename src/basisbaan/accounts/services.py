"""Account administration within one municipality."""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.audit import api as audit
from basisbaan.core import calendar


@transaction.atomic
def create_account(actor, municipality, data: dict) -> RoleAssignment:
    """Create the user and their role; e-mail them a link to choose a password."""
    user = User(
        username=data["username"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        oidc_subject=data.get("oidc_subject") or None,
    )
    user.set_unusable_password()
    user.save()
    assignment = RoleAssignment(
        user=user,
        role=data["role"],
        municipality=municipality,
        organisation=data.get("organisation"),
        end_date=data.get("end_date"),
    )
    assignment.full_clean()
    assignment.save()
    audit.created(
        actor,
        user,
        fields=["username", "first_name", "last_name", "email"]
        + (["oidc_subject"] if user.oidc_subject else []),
    )
    audit.created(actor, assignment, fields=["role", "organisation", "end_date"])
    transaction.on_commit(lambda: _send_password_link(user))
    return assignment


def _send_password_link(user: User) -> None:
    link = settings.BASISBAAN_BASE_URL.rstrip("/") + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link}
    send_mail(
        render_to_string("accounts/password_set_subject.txt", context).strip(),
        render_to_string("accounts/password_set_email.txt", context),
        None,
        [user.email],
    )


@transaction.atomic
def end_assignment(actor, assignment: RoleAssignment) -> None:
    # The role ends now: its last day was yesterday.
    last_day = calendar.today() - datetime.timedelta(days=1)
    assignment.end_date = last_day
    assignment.start_date = min(assignment.start_date, last_day)
    assignment.save(update_fields=["start_date", "end_date"])
    audit.changed(actor, assignment, fields=["end_date"])


@transaction.atomic
def set_oidc_subject(actor, user: User, subject: str | None) -> bool:
    """Link ``user`` to their subject at the identity provider (None: unlink)."""
    if user.oidc_subject == subject:
        return False
    user.oidc_subject = subject
    user.save(update_fields=["oidc_subject"])
    audit.changed(actor, user, fields=["oidc_subject"], purpose="sso link")
    return True

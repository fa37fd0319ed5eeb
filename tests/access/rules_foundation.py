from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.jobs.models import Job
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality, Neighbourhood, Programme
from tests.access.rules import EVERYONE, PLANNERS, Rule


def groningen_org():
    return {"pk": Organisation.objects.filter(municipality__cbs_code="GM0014").first().pk}


def groningen_programme():
    return {"pk": Programme.objects.get(name="Basisbaan Groningen").pk}


def groningen_job():
    job, _ = Job.objects.get_or_create(
        kind="demo.matrix",
        municipality=Municipality.objects.get(cbs_code="GM0014"),
        defaults={"status": Job.Status.DONE, "progress": 1.0},
    )
    return {"pk": job.pk}


def planner_authenticator():
    device = TOTPDevice.objects.create(
        user=User.objects.get(username="planner-groningen"), name="authenticator", confirmed=True
    )
    return {"pk": device.pk}


def groningen_municipality():
    return {"pk": Municipality.objects.get(cbs_code="GM0014").pk}


VIEWERS = PLANNERS | {"coach-groningen", "financien-groningen", "coach-assen", "financien-assen"}
GRONINGEN_VIEWERS = {"admin", "planner-groningen", "coach-groningen", "financien-groningen"}

RULES = [
    Rule("core:home", EVERYONE, anonymous=200),
    Rule(
        "core:dashboard",
        EVERYONE - {"deelnemer-groningen"},
        denied=302,
        note="a participant goes on to their own start page, guidance:my_home",
    ),
    Rule("core:favicon", EVERYONE, ok=301, anonymous=301, note="to the static icon"),
    Rule("accounts:login", EVERYONE, ok=302, anonymous=200, note="logged-in users are sent on"),
    Rule("accounts:logout", EVERYONE, method="post", ok=302, anonymous=302),
    Rule(
        "accounts:sso_login",
        EVERYONE,
        ok=404,
        anonymous=404,
        note="single sign-on is not configured in the matrix (tests/oidc covers it)",
    ),
    Rule(
        "accounts:sso_callback",
        EVERYONE,
        ok=404,
        anonymous=404,
        note="single sign-on is not configured in the matrix (tests/oidc covers it)",
    ),
    Rule("accounts:otp_setup", EVERYONE, ok=200),
    Rule("accounts:otp_verify", EVERYONE, ok=200),
    Rule("accounts:two_factor", EVERYONE, ok=200, note="not set up yet: a link to setup"),
    Rule(
        "accounts:otp_recovery_codes",
        EVERYONE,
        method="post",
        ok=302,
        note="new codes only from a verified session; otherwise to setup or verification",
    ),
    Rule(
        "accounts:otp_remove",
        {"planner-groningen"},
        kwargs=planner_authenticator,
        method="post",
        ok=302,
        denied=404,
        note="only your own device; an unverified session goes to verification",
    ),
    Rule(
        "accounts:switch_municipality",
        EVERYONE,
        method="post",
        data=lambda: {"municipality": Municipality.objects.get(cbs_code="GM0106").pk},
        ok=302,
    ),
    Rule("accounts:list", {"admin"}),
    Rule(
        "accounts:reset_two_factor",
        {"admin"},
        kwargs=lambda: {"pk": User.objects.get(username="coach-groningen").pk},
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("accounts:create", {"admin"}),
    Rule(
        "accounts:sso_link",
        {"admin"},
        kwargs=lambda: {"pk": User.objects.get(username="coach-groningen").pk},
        denied=404,
        note="only people with a role in the administrator's municipalities",
    ),
    Rule(
        "accounts:end_assignment",
        {"admin"},
        kwargs=lambda: {"pk": RoleAssignment.objects.get(user__username="coach-groningen").pk},
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "accounts:password_reset_confirm",
        EVERYONE,
        kwargs=lambda: {"uidb64": "MQ", "token": "set-password"},
        anonymous=200,
        note="an invalid link shows a message",
    ),
    Rule("tenants:overview", VIEWERS),
    Rule("tenants:parameters_create", {"admin"}, kwargs=groningen_programme, denied=404),
    Rule("organisations:list", VIEWERS),
    Rule("organisations:detail", GRONINGEN_VIEWERS, kwargs=groningen_org, denied=404),
    Rule("audit:list", {"admin"}),
    Rule(
        "jobs:detail",
        {"admin", "planner-groningen", "financien-groningen"},
        kwargs=groningen_job,
        denied=404,
    ),
    # API: authenticated callers only; rows are scoped, objects out of scope answer 404.
    Rule("api-root", EVERYONE, anonymous=403),
    Rule("api-schema", EVERYONE, anonymous=403),
    Rule("municipality-list", EVERYONE, anonymous=403),
    Rule(
        "municipality-detail",
        EVERYONE - {"planner-assen", "coach-assen", "financien-assen", "partner-assen"},
        kwargs=groningen_municipality,
        denied=404,
        anonymous=403,
    ),
    Rule("neighbourhood-list", VIEWERS, anonymous=403),
    Rule(
        "neighbourhood-detail",
        GRONINGEN_VIEWERS,
        kwargs=lambda: {
            "pk": Neighbourhood.objects.filter(municipality__cbs_code="GM0014").first().pk
        },
        denied=404,
        anonymous=403,
    ),
    Rule("organisation-list", VIEWERS, anonymous=403),
    Rule("organisation-detail", GRONINGEN_VIEWERS, kwargs=groningen_org, denied=404, anonymous=403),
]

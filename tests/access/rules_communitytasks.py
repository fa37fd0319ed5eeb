from basisbaan.communitytasks.models import InboxMessage, Submission, Task
from tests.access.rules import EVERYONE, PLANNERS, Rule

VIEWERS = PLANNERS | {
    "coach-groningen",
    "financien-groningen",
    "onderzoeker-groningen",
    "coach-assen",
    "financien-assen",
}
GRONINGEN_VIEWERS = {
    "admin",
    "planner-groningen",
    "coach-groningen",
    "financien-groningen",
    "onderzoeker-groningen",
}
GRONINGEN_ASSESSORS = {"admin", "planner-groningen"}
GRONINGEN = {"slug": "groningen"}


def groningen_task(**filters):
    def kwargs():
        task = (
            Task.objects.filter(municipality__cbs_code="GM0014", **filters).order_by("pk").first()
        )
        return {"pk": task.pk}

    return kwargs


def provider_task():
    task = Task.objects.filter(
        organisation__role_assignments__user__username="aanbieder-groningen",
        status=Task.Status.APPROVED,
    ).first()
    return {"pk": task.pk}


def verify_token():
    submission = Submission.objects.filter(task__municipality__cbs_code="GM0014").first()
    token = submission.issue_verify_token()
    submission.save(update_fields=["verify_token_hash"])
    return {"token": token}


def status_token():
    submission = Submission.objects.filter(task__municipality__cbs_code="GM0014").first()
    token = submission.issue_status_token()
    submission.save(update_fields=["status_token_hash", "status_nonce"])
    return {"token": token}


def groningen_inbox_message():
    return {"pk": InboxMessage.objects.filter(municipality__cbs_code="GM0014").first().pk}


RULES = [
    # Public forms and the submitter's private links: no account needed.
    Rule("communitytasks:submit", EVERYONE, kwargs=lambda: GRONINGEN, anonymous=200),
    Rule("communitytasks:submitted", EVERYONE, kwargs=lambda: GRONINGEN, anonymous=200),
    Rule("communitytasks:info_day", EVERYONE, kwargs=lambda: GRONINGEN, anonymous=200),
    Rule("communitytasks:cofinancing", EVERYONE, kwargs=lambda: GRONINGEN, anonymous=200),
    Rule("communitytasks:thanks", EVERYONE, kwargs=lambda: GRONINGEN, anonymous=200),
    Rule("communitytasks:verify", EVERYONE, kwargs=verify_token, anonymous=200),
    Rule("communitytasks:status", EVERYONE, kwargs=status_token, anonymous=200),
    # Catalogue and overview: programme staff, coaches, finance, researchers.
    Rule("communitytasks:catalogue", VIEWERS),
    Rule("communitytasks:neighbourhoods", VIEWERS),
    Rule(
        "communitytasks:detail",
        GRONINGEN_VIEWERS,
        kwargs=groningen_task(status=Task.Status.APPROVED),
        denied=404,
    ),
    # Assessment: programme staff only.
    Rule("communitytasks:assessment", PLANNERS),
    Rule(
        "communitytasks:transition",
        GRONINGEN_ASSESSORS,
        kwargs=lambda: {
            **groningen_task(status=Task.Status.UNDER_ASSESSMENT)(),
            "action": "approve",
        },
        denied=404,
    ),
    Rule(
        "communitytasks:suitability",
        GRONINGEN_ASSESSORS,
        kwargs=groningen_task(status=Task.Status.UNDER_ASSESSMENT),
        ok=302,
        denied=404,
        note="GET goes back to the task; the judgement is a POST",
    ),
    Rule(
        "communitytasks:edit",
        GRONINGEN_ASSESSORS,
        kwargs=groningen_task(status=Task.Status.APPROVED),
        denied=404,
    ),
    # Inbox of the public information-day and co-financing forms.
    Rule("communitytasks:inbox", PLANNERS),
    Rule("communitytasks:inbox_export", PLANNERS),
    Rule(
        "communitytasks:inbox_handle",
        GRONINGEN_ASSESSORS,
        kwargs=groningen_inbox_message,
        method="post",
        ok=302,
        denied=404,
    ),
    # A referral partner brings in a task: to the prefilled submission form.
    Rule("communitytasks:bring_in", {"partner-assen"}, ok=302),
    # Provider portal: task-provider staff, their own organisation's tasks only.
    Rule("communitytasks:portal", {"aanbieder-groningen"}),
    Rule("communitytasks:portal_task", {"aanbieder-groningen"}, kwargs=provider_task, denied=404),
    # API: the catalogue, read-only, scoped; anonymous callers get 403.
    Rule("communitytask-list", VIEWERS, anonymous=403),
    Rule(
        "communitytask-detail",
        GRONINGEN_VIEWERS,
        kwargs=groningen_task(status=Task.Status.APPROVED),
        denied=404,
        anonymous=403,
    ),
]

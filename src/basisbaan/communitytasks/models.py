"""Community tasks: work that anyone in a neighbourhood brings in for basisbaners.

A ``Task`` is both the submission and, once approved, the catalogue entry. Its
weekly schedule (or one-off event times) lives in ``TaskSlot`` rows, which the
planning app fills with participants. The submitter's contact details and the
additionality answers live in ``Submission`` (personal data: every read goes
through ``basisbaan.audit.api``). ``TaskEvent`` is the assessment trail (who, when,
why); ``TaskMessage`` the more-information conversation with the submitter.
"""

import base64
import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import Versioned
from basisbaan.core.vocabulary import WEEKDAY_CHOICES
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality, Neighbourhood, TaskCategory


def new_token() -> str:
    """An unguessable token for a private link (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Only the SHA-256 of a link token is stored, so a database leak reveals no links."""
    return hashlib.sha256(token.encode()).hexdigest()


class TaskQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Task.Status.APPROVED)

    def running_on(self, date: datetime.date):
        """Tasks whose period includes ``date`` (one-off events: their event date)."""
        return self.filter(start_date__lte=date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date)
        )

    def open_for_assessment(self):
        return self.filter(status__in=Task.OPEN_STATUSES)


class Task(Versioned):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        UNDER_ASSESSMENT = "under_assessment", _("under assessment")
        MORE_INFO = "more_info", _("more information needed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    class Priority(models.IntegerChoices):
        NORMAL = 1, _("normal")
        HIGH = 2, _("high")
        URGENT = 3, _("urgent")

    class Suitability(models.TextChoices):
        UNJUDGED = "", _("not judged yet")
        SUITABLE = "suitable", _("suitable")
        WITH_SUPPORT = "with_support", _("suitable with extra guidance")
        UNSUITABLE = "unsuitable", _("not suitable")

    OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_ASSESSMENT, Status.MORE_INFO)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("municipality")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("task provider"),
        help_text=_("Set at the latest on approval; a new organisation is created then."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("neighbourhood"),
    )
    category = models.ForeignKey(
        TaskCategory, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("category")
    )
    # Where the worker goes: a street and number (or a meeting point) in the neighbourhood.
    # Shown to the participants planned on the task (their "where I work" and week card).
    address = models.CharField(_("work address"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    requires = models.JSONField(_("required skills"), default=list, blank=True)
    demands = models.JSONField(_("demands"), default=list, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_one_off = models.BooleanField(_("one-off event"), default=False)
    event_date = models.DateField(_("event date"), null=True, blank=True)

    # The separate judgement of suitability for the target group.
    suitability = models.CharField(
        _("suitability for the target group"),
        max_length=20,
        choices=Suitability.choices,
        default=Suitability.UNJUDGED,
        blank=True,
    )
    suitability_note = models.TextField(_("suitability note"), blank=True)
    suitability_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suitability judged by"),
    )
    suitability_at = models.DateTimeField(_("suitability judged at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["municipality__name", "title"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="task_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_one_off=False) | Q(event_date__isnull=False),
                name="task_one_off_has_date",
            ),
            models.CheckConstraint(condition=Q(priority__in=[1, 2, 3]), name="task_priority_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def access_filter(cls, assignment):
        """Task-provider staff see only their own organisation's tasks."""
        from basisbaan.accounts.roles import Role

        if assignment.role == Role.PROVIDER:
            if not assignment.organisation_id:
                return None
            return Q(organisation_id=assignment.organisation_id)
        return Q()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TaskSlot(models.Model):
    """A recurring weekly slot (``weekday``) or a one-off event's slot (``date``)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="slots")
    weekday = models.CharField(_("weekday"), max_length=3, choices=WEEKDAY_CHOICES, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    people = models.PositiveSmallIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )

    access_municipality_path = "task__municipality"

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["task", "date", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="slot_end_after_start"
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="slot_at_least_one_person"),
            models.CheckConstraint(
                condition=(Q(date__isnull=True) & ~Q(weekday=""))
                | (Q(date__isnull=False) & Q(weekday="")),
                name="slot_weekday_xor_date",
            ),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else self.get_weekday_display()
        return f"{when} {self.start:%H:%M}-{self.end:%H:%M} x{self.people}"

    @property
    def hours(self) -> float:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return (end - start) / 60

    @property
    def place_hours(self) -> float:
        return self.hours * self.people

    @classmethod
    def access_filter(cls, assignment):
        from basisbaan.accounts.roles import Role

        if assignment.role == Role.PROVIDER:
            if not assignment.organisation_id:
                return None
            return Q(task__organisation_id=assignment.organisation_id)
        return Q()


class Submission(models.Model):
    """Who brought the task in, and their answers on additionality (personal data)."""

    class PaidStaff(models.TextChoices):
        NO = "no", _("no")
        NOW = "now", _("yes, paid staff do it now")
        RECENTLY = "recently", _("yes, paid staff did it in the last two years")

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="submission")
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Organisation.Kind.choices
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    # A referral partner (welfare work, a work service) that brought the task in on behalf
    # of a neighbourhood, signed in; empty for a public or provider submission.
    brought_in_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="brought_in_submissions",
        verbose_name=_("brought in by referral partner"),
    )

    paid_staff = models.CharField(
        _("done by paid staff"), max_length=10, choices=PaidStaff.choices, default=PaidStaff.NO
    )
    has_budget = models.BooleanField(_("there is a budget for it"), default=False)
    volunteers_structurally = models.BooleanField(_("volunteers do it structurally"), default=False)
    participatiebaan_work = models.BooleanField(_("it is Participatiebaan work"), default=False)
    otherwise_not_done = models.BooleanField(_("it would otherwise not be done"), default=True)
    additionality_note = models.TextField(_("explanation"), blank=True)

    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    verify_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Random per submission; the status link's token is an HMAC of it with SECRET_KEY,
    # so every mail can repeat the same link while the database alone reveals none.
    status_nonce = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    language = models.CharField(
        _("language for e-mails"), max_length=10, default="nl", choices=settings.LANGUAGES
    )

    access_municipality_path = "task__municipality"
    PERSONAL_FIELDS = ("contact_name", "contact_email", "contact_phone")

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{_('submission')} {self.pk}"

    @classmethod
    def access_filter(cls, assignment):
        from basisbaan.accounts.roles import Role

        if assignment.role == Role.PROVIDER:
            if not assignment.organisation_id:
                return None
            return Q(task__organisation_id=assignment.organisation_id)
        return Q()

    def issue_status_token(self) -> str:
        """Start a new private status link (an older one stops working); returns its token."""
        self.status_nonce = secrets.token_hex(16)
        token = self.status_token()
        self.status_token_hash = hash_token(token)
        return token

    def status_token(self) -> str:
        """The token of the current status link ('' before the e-mail is verified)."""
        if not self.status_nonce:
            return ""
        digest = salted_hmac(
            "basisbaan.communitytasks.status", self.status_nonce, algorithm="sha256"
        ).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def issue_verify_token(self) -> str:
        token = new_token()
        self.verify_token_hash = hash_token(token)
        return token


class TaskEvent(models.Model):
    """One step in a task's life: a transition or a judgement, with who, when and why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        VERIFIED = "verified", _("e-mail verified")
        TRANSITION = "transition", _("status change")
        SUITABILITY = "suitability", _("suitability judged")
        ANSWERED = "answered", _("answered by the submitter")
        EDITED = "edited", _("details changed")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Task.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Task.Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    consultation_note = models.TextField(
        _("consultation note"),
        blank=True,
        help_text=_("For example the advice of the union or the client council."),
    )
    displacement_risk = models.CharField(_("displacement risk"), max_length=10, blank=True)
    displacement_reasons = models.JSONField(_("displacement reasons"), default=list, blank=True)

    access_municipality_path = "task__municipality"

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.at:%Y-%m-%d}"

    def get_displacement_risk_display(self) -> str:
        """The advice level in words ("low risk"), never the stored code."""
        from basisbaan.communitytasks.displacement import LEVEL_LABELS

        label = LEVEL_LABELS.get(self.displacement_risk)
        return str(label) if label else self.displacement_risk


class TaskMessage(models.Model):
    """The more-information conversation between assessor and submitter."""

    class Direction(models.TextChoices):
        QUESTION = "question", _("question to the submitter")
        ANSWER = "answer", _("answer from the submitter")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    access_municipality_path = "task__municipality"

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["task", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.direction} {self.at:%Y-%m-%d}"


class MonthlyReport(models.Model):
    """The task provider's monthly word: was the work done, and how is liveability (1-5)."""

    class WorkDone(models.TextChoices):
        YES = "yes", _("yes, as planned")
        PARTLY = "partly", _("partly")
        NO = "no", _("no")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    work_done = models.CharField(_("work done"), max_length=10, choices=WorkDone.choices)
    liveability = models.PositiveSmallIntegerField(
        _("liveability rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    access_municipality_path = "task__municipality"

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["task", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["task", "month"], name="monthly_report_once_a_month"),
            models.CheckConstraint(
                condition=Q(liveability__gte=1) & Q(liveability__lte=5),
                name="monthly_report_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.month:%Y-%m}"

    @classmethod
    def access_filter(cls, assignment):
        from basisbaan.accounts.roles import Role

        if assignment.role == Role.PROVIDER:
            if not assignment.organisation_id:
                return None
            return Q(task__organisation_id=assignment.organisation_id)
        return Q()


class InboxMessage(models.Model):
    """A public form's message for programme staff: information day or co-financing."""

    class Kind(models.TextChoices):
        INFO_DAY = "info_day", _("information day registration")
        COFINANCING = "cofinancing", _("co-financing contact")

    class Interest(models.TextChoices):
        PROGRAMME = "programme", _("information about the programme")
        LESSONS = "lessons", _("lessons learned")
        SITE_VISITS = "site_visits", _("site visits")
        EXPERIENCES = "experiences", _("experiences of participants")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="inbox", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    amount_indication = models.CharField(_("indication of the amount"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    PERSONAL_FIELDS = ("name", "email", "phone")

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def interest_labels(self) -> list[str]:
        labels = dict(self.Interest.choices)
        return [str(labels.get(code, code)) for code in self.interests]

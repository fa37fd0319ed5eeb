from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLANNER = "planner", _("Programme manager / planner")
    COACH = "coach", _("Coach")
    GUIDANCE = "guidance", _("Guidance organisation staff")
    PROVIDER = "provider", _("Task provider")
    # A partner (welfare work, a work service) that refers residents to the programme and
    # brings in tasks for a neighbourhood; it learns a referral's stage, nothing more.
    REFERRER = "referrer", _("Referral partner")
    PARTICIPANT = "participant", _("Participant")
    FINANCE = "finance", _("Finance")
    RESEARCHER = "researcher", _("Researcher")
    ADMIN = "admin", _("Administrator")


# Roles whose assignment must name an organisation (they act for it).
ORGANISATION_ROLES = frozenset({Role.GUIDANCE, Role.PROVIDER, Role.REFERRER})

"""What the guidance models share: rows about one participant are in scope as the
participant is.
"""

from django.db import models
from django.db.models import Q

from basisbaan.accounts.roles import Role


def participant_filter(assignment):
    from basisbaan.participants.models import Participant

    return Participant.access_filter(assignment, prefix="participant__")


class ParticipantScoped(models.Model):
    """Rows about one participant: in scope as the participant is (coach: own caseload,
    guidance staff: own organisation, a participant: never through these models)."""

    access_municipality_path = "participant__municipality"

    class Meta:
        abstract = True

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        if assignment.role == Role.PARTICIPANT:
            return None
        return participant_filter(assignment)

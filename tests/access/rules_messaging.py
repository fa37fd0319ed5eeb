"""Access rules of the messaging pages.

The participant chooses their channel on "Mijn basisbaan" (participants only); the
messages page of a person uses the demo participant of ``deelnemer-groningen`` (coach
coach-groningen), seen by the planners of Groningen and that coach, so planner-assen
proves the 404 and guidance staff, finance and researchers never reach it.
"""

from tests.access.rules import Rule

MESSAGES_EDIT = {"admin", "planner-groningen", "coach-groningen"}


def demo_participant():
    from basisbaan.participants.models import Participant

    return {"pk": Participant.objects.get(user__username="deelnemer-groningen").pk}


RULES = [
    Rule("messaging:my_messages", {"deelnemer-groningen"}),
    Rule("messaging:participant_messages", MESSAGES_EDIT, kwargs=demo_participant, denied=404),
]

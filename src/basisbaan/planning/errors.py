"""The planning app's errors (the services, the engine adapter and the views share them)."""

from django.utils.translation import gettext as _


class PlanningError(Exception):
    """A planning action that cannot be done; the message is for the user."""


class StaleWeek(PlanningError):
    """Someone else changed the week since the planner loaded it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed the planning of this week since you opened the page. "
                "Nothing was saved. Look at the current state and try again."
            )
        )

"""Shared vocabulary of work: demands a task can make, the matching limitation flags
participants can have, and skills. Codes are stable (they appear in planning files);
labels are translated. Task categories are data per municipality (tenants.TaskCategory).
"""

from django.utils.translation import gettext_lazy as _

# A task's demands; a participant's limitation "no_<demand>" excludes such tasks.
DEMANDS = {
    "heavy_physical": _("physical load"),
    "customer_contact": _("customer contact"),
    "reading_writing": _("reading and writing"),
    "outdoor": _("outdoor work"),
    "working_alone": _("working alone"),
}
LIMITATIONS = {f"no_{code}": label for code, label in DEMANDS.items()}

SKILLS = {
    "cooking": _("cooking"),
    "cleaning": _("cleaning"),
    "gardening": _("gardening"),
    "odd_jobs": _("odd jobs"),
    "admin": _("light admin"),
    "hospitality": _("hosting guests"),
    "cycling": _("cycling"),
    "driving_licence": _("driving licence"),
    "care_contact": _("contact with elderly or vulnerable people"),
    "sports": _("sports coaching"),
}

DEMAND_CHOICES = list(DEMANDS.items())
LIMITATION_CHOICES = list(LIMITATIONS.items())
SKILL_CHOICES = list(SKILLS.items())

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_CHOICES = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]

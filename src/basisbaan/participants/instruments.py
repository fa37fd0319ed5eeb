"""Assessment instruments used in the arbeidsmarktwaardescan.

The Zelfredzaamheid-Matrix (ZRM) is licensed by GGD Amsterdam: a municipality with a
licence records its 13 domain scores (1 = acute problem ... 5 = fully self-reliant).
The domain list can be replaced in settings (``BASISBAAN_ZRM_DOMAINS``) when the
instrument's version changes.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_ZRM_DOMAINS = [
    ("finances", _("Finances")),
    ("work_education", _("Work and education")),
    ("daytime", _("Use of time")),
    ("housing", _("Housing")),
    ("domestic_relations", _("Domestic relations")),
    ("mental_health", _("Mental health")),
    ("physical_health", _("Physical health")),
    ("addiction", _("Substance use")),
    ("basic_adl", _("Basic daily living")),
    ("instrumental_adl", _("Instrumental daily living")),
    ("social_network", _("Social network")),
    ("community_participation", _("Community participation")),
    ("justice", _("Justice")),
]
ZRM_SCORES = [
    (1, _("1 — acute problem")),
    (2, _("2 — not self-reliant")),
    (3, _("3 — barely self-reliant")),
    (4, _("4 — adequately self-reliant")),
    (5, _("5 — fully self-reliant")),
]


def zrm_domains() -> list[tuple[str, str]]:
    return list(getattr(settings, "BASISBAAN_ZRM_DOMAINS", DEFAULT_ZRM_DOMAINS))

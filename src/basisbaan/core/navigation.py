"""The main menu. Apps register their entries in ``AppConfig.ready``; an entry shows only
to users holding its permission in the active municipality.

The top menu holds a role's daily work; everything else a user may open sits under
"More" (a disclosure at the end of the menu), so no page loses its link. An entry
registered with ``main_for`` (role names) is in the top menu for those roles only; other
roles holding its permission find it under "More". ``main_for=()`` puts an entry under
"More" for everyone (settings, registers, rarely used pages). Without ``main_for`` it is
in the top menu for every role that may open it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from basisbaan.accounts import access
from basisbaan.accounts.permissions import roles_with
from basisbaan.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100
    main_for: frozenset[str] | None = None


_ITEMS: list[NavItem] = []


def register(label, url_name: str, permission: str, order: int = 100, *, main_for=None) -> None:
    if main_for is not None and not {str(r) for r in main_for} <= set(Role.values):
        raise ValueError(f"Unknown role in main_for of {url_name}: {main_for!r}")
    item = NavItem(
        label,
        url_name,
        permission,
        order,
        None if main_for is None else frozenset(str(r) for r in main_for),
    )
    if item not in _ITEMS:
        _ITEMS.append(item)


def _is_main(item: NavItem, roles: set[str]) -> bool:
    if item.main_for is None:
        return True
    granting = {str(r) for r in roles_with(item.permission)} & roles
    return bool(granting & item.main_for)


class Menu(list):
    """The entries (dicts) a user may open, in menu order, with the two groups.
    ``overview``: whether the staff start page ("Overzicht") leads the menu; not for a
    participant, whose start page is their own ("Mijn basisbaan")."""

    overview = True

    @property
    def main(self) -> list[dict]:
        return [i for i in self if not i["more"]]

    @property
    def more(self) -> list[dict]:
        return [i for i in self if i["more"]]

    @property
    def more_active(self) -> bool:
        return any(i["active"] for i in self.more)


def items_for(request) -> Menu:
    """The entries the user may open in the active municipality, in menu order; each with
    ``more`` (True: under "More" rather than in the top menu)."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return Menu()
    roles = {str(r) for r in access.role_names(request.user, municipality)}
    result = Menu()
    result.overview = roles != {Role.PARTICIPANT.value}
    for item in sorted(_ITEMS, key=lambda i: (i.order, str(i.label))):
        if access.has_perm(request.user, item.permission, municipality):
            url = reverse(item.url_name)
            result.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": request.path.startswith(url),
                    "more": not _is_main(item, roles),
                }
            )
    return result


@dataclass(frozen=True)
class PublicLink:
    label: str | Promise
    url_name: str  # takes the municipality slug as ``slug``


_PUBLIC_LINKS: list[PublicLink] = []


def register_public_link(label, url_name: str) -> None:
    link = PublicLink(label, url_name)
    if link not in _PUBLIC_LINKS:
        _PUBLIC_LINKS.append(link)


def public_links_for(municipality) -> list[dict]:
    return [
        {"label": link.label, "url": reverse(link.url_name, kwargs={"slug": municipality.slug})}
        for link in _PUBLIC_LINKS
    ]

"""The main menu. Apps register their entries in ``AppConfig.ready``; an entry shows only
to users holding its permission in the active municipality."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from basisbaan.accounts import access


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100


_ITEMS: list[NavItem] = []


def register(label, url_name: str, permission: str, order: int = 100) -> None:
    item = NavItem(label, url_name, permission, order)
    if item not in _ITEMS:
        _ITEMS.append(item)


def items_for(request) -> list[dict]:
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return []
    result = []
    for item in sorted(_ITEMS, key=lambda i: (i.order, str(i.label))):
        if access.has_perm(request.user, item.permission, municipality):
            url = reverse(item.url_name)
            result.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
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

from basisbaan.accounts import access
from basisbaan.core.navigation import items_for
from basisbaan.core.site import previous_page


def basisbaan(request):
    user = getattr(request, "user", None)
    municipality = getattr(request, "municipality", None)
    # A callable: only the error pages that show the link look at the Referer.
    back = {"previous_page": lambda: previous_page(request)}
    if user is None or not user.is_authenticated:
        return {
            **back,
            "active_municipality": None,
            "my_municipalities": [],
            "my_roles": set(),
            "nav_items": [],
        }
    return {
        **back,
        "active_municipality": municipality,
        "my_municipalities": list(access.municipalities(user)),
        "my_roles": access.role_names(user, municipality),
        "can": PermissionLookup(user, municipality),
        "nav_items": items_for(request),
    }


class PermissionLookup:
    """Lets templates ask ``{% if can.participants__view %}`` (dots become __)."""

    def __init__(self, user, municipality):
        self.user = user
        self.municipality = municipality

    def __getitem__(self, name: str) -> bool:
        permission = name.replace("__", ".")
        if self.municipality is None:
            return False
        try:
            return access.has_perm(self.user, permission, self.municipality)
        except KeyError:
            return False

    def __contains__(self, name: str) -> bool:
        return self[name]

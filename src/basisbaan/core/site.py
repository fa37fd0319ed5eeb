"""Site-wide odds and ends: the favicon route and the "previous page" link of the
error pages (``403.html``, ``404.html``)."""

from urllib.parse import urlsplit

from django.templatetags.static import static
from django.views.generic import RedirectView

from basisbaan.core.mixins import PublicView
from basisbaan.core.parsing import local_url


class FaviconView(PublicView, RedirectView):
    """``/favicon.ico``: browsers ask for it whatever the page links; send them to the
    static icon instead of a 404."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("basisbaan/favicon.ico")


def previous_page(request) -> str | None:
    """The page the visitor came from (the Referer), when it is a page of this site and
    not the current one; None otherwise. Only a local path is ever returned."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:
        return None
    if parts.netloc and parts.netloc != request.get_host():
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    target = local_url(path, request)
    if target is None or target == request.get_full_path():
        return None
    return target

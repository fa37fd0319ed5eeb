"""Request middleware of the core app."""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404
from django.views.defaults import page_not_found


class DutchFirstMiddleware:
    """Dutch is the primary language: the browser's Accept-Language is ignored, so a
    page is Dutch unless the user chose English with the language switch (cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SiteNotFoundMiddleware:
    """With ``DEBUG`` on (the demo), Django answers an unknown address with its technical
    404 page (the URL patterns, in English). This middleware gives the site's own
    ``404.html`` instead, as production does, unless ``BASISBAAN_TECHNICAL_404`` is set
    (for developers who want the pattern list). Without ``DEBUG`` it does nothing:
    Django renders ``404.html`` itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return settings.DEBUG and not getattr(settings, "BASISBAAN_TECHNICAL_404", False)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and self.active()
        ):
            # No URL pattern matched: the technical page came from the resolver.
            return page_not_found(request, Resolver404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self.active():
            return page_not_found(request, exception)
        return None

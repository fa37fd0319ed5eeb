"""Request middleware of the core app."""


class DutchFirstMiddleware:
    """Dutch is the primary language: the browser's Accept-Language is ignored, so a
    page is Dutch unless the user chose English with the language switch (cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

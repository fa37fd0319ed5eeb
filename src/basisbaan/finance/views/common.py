"""Shared pieces of the finance views: pages that carry small forms.

A page lists its empty forms in ``forms()``; a POST view for one form is a subclass
of the page with the manage permission that validates its form, saves and redirects,
or shows the page again with the form's errors (nothing saved)."""

from django.shortcuts import redirect

from basisbaan.accounts import access

VIEW, MANAGE = "finance.view", "finance.manage"


def can_manage(request) -> bool:
    return access.has_perm(request.user, MANAGE, request.municipality)


class FormsPage:
    """Mixin for a TemplateView that shows forms (``forms()`` → name: empty form)."""

    def forms(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        for name, form in self.forms().items():
            kwargs.setdefault(name, form)
        kwargs.setdefault("can_manage", can_manage(self.request))
        return super().get_context_data(**kwargs)


class FormPost:
    """Mixin for the POST view of one form of a ``FormsPage``: ``form_name``,
    ``make_form(data)`` and ``done(form)`` (returns the response after saving)."""

    form_name = ""
    page_url = ""

    def get(self, request, *args, **kwargs):
        return redirect(self.get_page_url())

    def get_page_url(self):
        return self.page_url

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            return self.done(form)
        context = self.get_context_data(**{self.form_name: form, "open_form": self.form_name})
        return self.render_to_response(context)

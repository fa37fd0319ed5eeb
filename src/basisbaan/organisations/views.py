from django.views.generic import ListView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.organisations.models import Organisation


class OrganisationListView(PermissionMixin, ListView):
    permission = "organisations.view"
    template_name = "organisations/list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = self.scoped(Organisation.objects.all())
        kind = self.request.GET.get("kind")
        if kind in Organisation.Kind.values:
            queryset = queryset.filter(kind=kind)
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(name__icontains=query)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=Organisation.Kind.choices,
            kind=self.request.GET.get("kind", ""),
            q=self.request.GET.get("q", ""),
            **kwargs,
        )


class OrganisationDetailView(ObjectPermissionMixin, TemplateView):
    permission = "organisations.view"
    model = Organisation
    template_name = "organisations/detail.html"

    def get_context_data(self, **kwargs):
        contacts = list(self.object.contacts.all())
        for contact in contacts:
            audit.read(self.request.user, contact, fields=["name", "email", "phone"])
        return super().get_context_data(contacts=contacts, **kwargs)

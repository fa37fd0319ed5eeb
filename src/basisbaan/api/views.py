from basisbaan.api import serializers
from basisbaan.api.viewsets import ScopedReadOnlyViewSet
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality, Neighbourhood


class MunicipalityViewSet(ScopedReadOnlyViewSet):
    permission = "core.dashboard"
    queryset = Municipality.objects.all()
    serializer_class = serializers.MunicipalitySerializer


class NeighbourhoodViewSet(ScopedReadOnlyViewSet):
    permission = "tenants.view"
    queryset = Neighbourhood.objects.all()
    serializer_class = serializers.NeighbourhoodSerializer


class OrganisationViewSet(ScopedReadOnlyViewSet):
    permission = "organisations.view"
    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer

from rest_framework import serializers

from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Municipality, Neighbourhood


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name", "cbs_code", "slug", "shared_service"]


class NeighbourhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["id", "municipality", "name", "kind", "cbs_code", "cbs_year", "x_km", "y_km"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "municipality",
            "name",
            "kind",
            "kvk_number",
            "is_task_provider",
            "is_guidance",
            "is_funder",
        ]

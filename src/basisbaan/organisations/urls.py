from django.urls import path

from basisbaan.organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisaties/", views.OrganisationListView.as_view(), name="list"),
    path("organisaties/<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
]

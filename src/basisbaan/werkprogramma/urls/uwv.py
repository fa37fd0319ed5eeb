"""The UWV list of the prevention route (upload, its runs), its worklist and the result
after the WW."""

from django.urls import path

from basisbaan.werkprogramma.views import uwv

urlpatterns = [
    path("werkprogramma/uwv/import/", uwv.UwvImportView.as_view(), name="uwv_import"),
    path("werkprogramma/uwv/import/<int:pk>/", uwv.UwvRunView.as_view(), name="uwv_run"),
    path("werkprogramma/preventie/", uwv.PreventionView.as_view(), name="prevention"),
    path(
        "werkprogramma/preventie/<int:pk>/resultaat/",
        uwv.PreventionResultView.as_view(),
        name="prevention_result",
    ),
]

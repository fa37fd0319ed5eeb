"""The Werkprogramma URLs under the ``werkprogramma:`` namespace, one list per concern."""

from basisbaan.werkprogramma.urls import enrolments, praktijkleren, uwv

app_name = "werkprogramma"
urlpatterns = [
    *enrolments.urlpatterns,
    *uwv.urlpatterns,
    *praktijkleren.urlpatterns,
]

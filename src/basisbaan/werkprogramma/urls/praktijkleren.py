"""Praktijkleren and its Verklaring (register, PDF, public verification) and the
status-holders pilot (placements, figures)."""

from django.urls import path

from basisbaan.werkprogramma.views import pilot, praktijkleren

urlpatterns = [
    path(
        "werkprogramma/praktijkleren/<int:pk>/",
        praktijkleren.PraktijklerenView.as_view(),
        name="praktijkleren",
    ),
    path(
        "werkprogramma/praktijkleren/<int:pk>/verklaring.pdf",
        praktijkleren.VerklaringPdfView.as_view(),
        name="verklaring_pdf",
    ),
    path(
        "werkprogramma/verklaringen/",
        praktijkleren.VerklaringenView.as_view(),
        name="verklaringen",
    ),
    path(
        "verklaring-praktijkleren/controleren/",
        praktijkleren.VerifyView.as_view(),
        name="verify",
    ),
    path(
        "werkprogramma/pilot/<int:pk>/plaatsing/", pilot.PlacementView.as_view(), name="placement"
    ),
    path("werkprogramma/pilot/", pilot.PilotView.as_view(), name="pilot"),
]

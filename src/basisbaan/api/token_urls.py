from django.urls import path

from basisbaan.api import token_views

app_name = "api_tokens"

urlpatterns = [
    path("api-sleutels/", token_views.TokenListView.as_view(), name="list"),
    path(
        "api-sleutels/organisatie/<int:pk>/nieuw/",
        token_views.TokenCreateView.as_view(),
        name="create",
    ),
    path("api-sleutels/<int:pk>/vernieuwen/", token_views.TokenRotateView.as_view(), name="rotate"),
    path("api-sleutels/<int:pk>/intrekken/", token_views.TokenRevokeView.as_view(), name="revoke"),
]

from django.urls import path

from basisbaan.audit import views

app_name = "audit"
urlpatterns = [path("audit/", views.AuditLogView.as_view(), name="list")]

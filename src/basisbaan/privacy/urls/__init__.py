"""The privacy URLs under the ``privacy:`` namespace: retention periods, the dry run and
the processing register. Data-subject requests live on the participant's file
(``participants`` urls), since they concern one person."""

from basisbaan.privacy.urls import retention

app_name = "privacy"
urlpatterns = [*retention.urlpatterns]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitytasksConfig(AppConfig):
    name = "basisbaan.communitytasks"
    verbose_name = _("Community tasks")

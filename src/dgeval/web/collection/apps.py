from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "dgeval.web.collection"
    label = "collection"
    verbose_name = _("人工采集")
    default_auto_field = "django.db.models.BigAutoField"

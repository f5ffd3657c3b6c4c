from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "dgeval.web.monitoring"
    label = "monitoring"
    verbose_name = _("系统监测")
    default_auto_field = "django.db.models.BigAutoField"

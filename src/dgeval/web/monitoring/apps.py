from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dgeval.web.monitoring"
    label = "monitoring"
    verbose_name = "系统监测"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dgeval.web.dashboards"
    label = "dashboards"
    verbose_name = "工作台"
    default_auto_field = "django.db.models.BigAutoField"

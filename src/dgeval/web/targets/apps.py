from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dgeval.web.targets"
    label = "targets"
    verbose_name = "评估对象"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "dgeval.web.foi"
    label = "foi"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

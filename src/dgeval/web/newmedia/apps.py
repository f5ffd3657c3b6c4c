from django.apps import AppConfig


class NewMediaConfig(AppConfig):
    name = "dgeval.web.newmedia"
    label = "newmedia"
    verbose_name = "政务新媒体"
    default_auto_field = "django.db.models.BigAutoField"

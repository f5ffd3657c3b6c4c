from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "dgeval.web.registration"
    label = "registration"
    verbose_name = "区县报名"
    default_auto_field = "django.db.models.BigAutoField"

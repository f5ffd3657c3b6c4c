from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "dgeval.web.consultation"
    label = "consultation"
    verbose_name = "意见征集"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ScoresConfig(AppConfig):
    name = "dgeval.web.scores"
    label = "scores"
    verbose_name = "评分"
    default_auto_field = "django.db.models.BigAutoField"

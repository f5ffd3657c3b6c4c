from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dgeval.web.awards"
    label = "awards"
    verbose_name = "优秀创新案例评选结果"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "dgeval.web.cases"
    label = "cases"
    verbose_name = "优秀创新案例"
    default_auto_field = "django.db.models.BigAutoField"

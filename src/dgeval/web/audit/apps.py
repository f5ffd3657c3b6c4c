from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dgeval.web.audit"
    label = "audit"
    verbose_name = "审计日志"
    default_auto_field = "django.db.models.BigAutoField"

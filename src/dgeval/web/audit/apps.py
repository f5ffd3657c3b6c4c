from django.contrib.admin import apps as admin_apps
from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dgeval.web.audit"
    label = "audit"
    verbose_name = "审计日志"
    default_auto_field = "django.db.models.BigAutoField"


class AuditedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with `AuditedAdminSite` as `admin.site` (INSTALLED_APPS names this instead)."""

    default = False
    default_site = "dgeval.web.audit.site.AuditedAdminSite"

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dgeval.web.notifications"
    label = "notifications"
    verbose_name = "通知"
    default_auto_field = "django.db.models.BigAutoField"

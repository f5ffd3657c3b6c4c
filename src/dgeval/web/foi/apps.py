from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "dgeval.web.foi"
    label = "foi"
    verbose_name = _("依申请公开")
    default_auto_field = "django.db.models.BigAutoField"

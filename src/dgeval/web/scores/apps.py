from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "dgeval.web.scores"
    label = "scores"
    verbose_name = _("评分")
    default_auto_field = "django.db.models.BigAutoField"

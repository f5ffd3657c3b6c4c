from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed only for its template filters (`{% load framework_labels %}`); it has no models."""

    name = "dgeval.web.common"
    label = "common"
    verbose_name = _("公共")

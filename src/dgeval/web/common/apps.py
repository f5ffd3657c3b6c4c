from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed for its template filters (`{% load framework_labels %}`) and the `has_item` lookup; it has no
    models."""

    name = "dgeval.web.common"
    label = "common"
    verbose_name = _("公共")

    def ready(self) -> None:
        from dgeval.web.common import lookups  # noqa: F401  (registers has_item on JSONField)

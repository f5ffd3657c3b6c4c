from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Installed only for its template filters (`{% load framework_labels %}`); it has no models."""

    name = "dgeval.web.common"
    label = "common"
    verbose_name = "公共"

from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "dgeval.web.collection"
    label = "collection"
    verbose_name = "人工采集"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "dgeval.web.campaigns"
    label = "campaigns"
    verbose_name = "评估活动"
    default_auto_field = "django.db.models.BigAutoField"

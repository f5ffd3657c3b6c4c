from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "dgeval.web.voting"
    label = "voting"
    verbose_name = "网民评选"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dgeval.web.accounts"
    label = "accounts"
    verbose_name = "账户与角色"
    default_auto_field = "django.db.models.BigAutoField"

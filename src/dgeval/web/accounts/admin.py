"""Admin for users: the team manages accounts, roles and webmaster bindings here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin plus role, target and display name."""

    list_display = ("username", "display_name", "role", "target", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "target__name")
    autocomplete_fields = ("target",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("评估平台"), {"fields": ("role", "target", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("评估平台"), {"fields": ("role", "target", "display_name")}),
    )

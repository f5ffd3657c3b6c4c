"""The platform's admin site: every ModelAdmin registered on it is audited (see `dgeval.web.audit.modeladmin`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dgeval.web.audit.modeladmin import audited


class AuditedAdminSite(admin.AdminSite):
    """Django's admin site, applying the audit mixin to each ModelAdmin as it is registered."""

    def register(self, model_or_iterable: Any, admin_class: type[admin.ModelAdmin] | None = None,
                 **options: Any) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

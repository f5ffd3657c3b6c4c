from django.contrib import admin

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.publication.models import Publication


@admin.register(Publication)
class PublicationAdmin(AuditedModelAdmin):
    """Read-only: publishing goes through the audited service (the results page's 发布 form)."""

    list_display = ("campaign", "version", "published_on", "published_by", "demo")
    readonly_fields = [f.name for f in Publication._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

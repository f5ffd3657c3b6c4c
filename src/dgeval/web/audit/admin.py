"""Read-only admin for the audit log: the team may look, nobody may add, change or delete."""

from django.contrib import admin
from django.http import HttpRequest

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "object_id", "reason", "actor__username")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

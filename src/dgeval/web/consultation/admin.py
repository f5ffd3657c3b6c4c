"""Consultation admin: the team browses comments; answering and hiding go through the audited services."""

from django.contrib import admin
from django.http import HttpRequest

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.consultation.models import Comment


@admin.register(Comment)
class CommentAdmin(AuditedModelAdmin):
    list_display = ("framework", "indicator_code", "author_name", "created_at", "hidden", "answered_at")
    list_filter = ("campaign", "framework", "hidden")
    search_fields = ("body", "answer", "author_name", "indicator_code", "indicator_name")

    def get_readonly_fields(self, request: HttpRequest, obj: Comment | None = None) -> list[str]:
        return [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

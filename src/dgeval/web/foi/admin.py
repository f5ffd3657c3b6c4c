"""Django admin for 依申请公开: read-only browsing; changes go through the audited services (the views)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dgeval.web.audit.modeladmin import ReadOnlyModelAdmin
from dgeval.web.foi.models import FoiAttachment, FoiRequest


class FoiAttachmentInline(admin.TabularInline):
    model = FoiAttachment
    extra = 0
    can_delete = False
    readonly_fields = ("file", "original_name", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FoiRequest)
class FoiRequestAdmin(ReadOnlyModelAdmin):
    list_display = ("target", "channel", "sent_on", "received_on", "due_on", "answered_on", "status", "points")
    list_filter = ("status", "channel", "campaign")
    search_fields = ("target__name", "target__code", "content")
    inlines = [FoiAttachmentInline]

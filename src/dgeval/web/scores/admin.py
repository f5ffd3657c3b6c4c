"""Leaf scores in the admin are read-only: every change goes through `leaf_score_set`, which audits it."""

from __future__ import annotations

from django.contrib import admin

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.scores.models import LeafScore


@admin.register(LeafScore)
class LeafScoreAdmin(AuditedModelAdmin):
    list_display = ("target", "framework", "column", "code", "points", "source_kind", "source_id", "updated_by",
                    "updated_at")
    list_filter = ("campaign", "framework", "column", "source_kind")
    search_fields = ("target__name", "target__code", "code")
    readonly_fields = [f.name for f in LeafScore._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

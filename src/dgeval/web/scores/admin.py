"""Leaf scores in the admin are read-only: every change goes through the scores services, which audit it."""

from __future__ import annotations

from django.contrib import admin

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.scores.models import LeafScore, ScorePart


class ScorePartInline(admin.TabularInline):
    model = ScorePart
    fields = ("slot", "source_kind", "points", "max_points", "source_type", "source_object_id", "source_label",
              "reason", "updated_by", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LeafScore)
class LeafScoreAdmin(AuditedModelAdmin):
    list_display = ("target", "framework", "column", "code", "points", "maximum", "state", "updated_at")
    list_filter = ("campaign", "framework", "column", "state")
    search_fields = ("target__name", "target__code", "code")
    readonly_fields = [f.name for f in LeafScore._meta.fields]
    inlines = [ScorePartInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

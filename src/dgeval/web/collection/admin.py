"""Django admin for manual collection: browsing for the team; every change goes through the services.

Work items and scores are read-only here (scores are evidence behind a leaf and are changed only by the scoring and
reconcile services, which audit them); the policy form saves through `collection_policy_set`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dgeval.web.audit.modeladmin import AuditedModelAdmin, ReadOnlyModelAdmin
from dgeval.web.collection.models import CollectionPolicy, ManualScore, WorkItem
from dgeval.web.collection.services import collection_policy_set


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyModelAdmin):
    list_display = ("target", "framework", "column", "code", "assignee", "second_assignee", "status")
    list_filter = ("status", "framework", "column", "campaign")
    search_fields = ("target__name", "target__code", "code")


@admin.register(ManualScore)
class ManualScoreAdmin(ReadOnlyModelAdmin):
    list_display = ("work_item", "evaluator", "kind", "points", "submitted_at")
    list_filter = ("kind",)
    search_fields = ("work_item__target__name", "work_item__code", "evaluator__username")


@admin.register(CollectionPolicy)
class CollectionPolicyAdmin(AuditedModelAdmin):
    list_display = ("campaign", "reconcile_margin_percent")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CollectionPolicy, form: Any, change: bool) -> None:
        collection_policy_set(
            campaign=obj.campaign,
            reconcile_margin_percent=obj.reconcile_margin_percent,
            actor=request.user,
            reason=form.cleaned_data["audit_reason"],
        )

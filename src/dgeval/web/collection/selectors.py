"""Read-side queries of manual collection: who sees which work items, and the progress dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from dgeval.framework import Indicator
from dgeval.web.accounts.roles import Role, require_team, role_of
from dgeval.web.collection.models import ManualScore, ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.scores.services import framework_for, leaf_max_points
from dgeval.web.targets.models import NEW_MEDIA_COLUMNS, Channel, Target


def work_items_visible(*, user: Any, campaign: Any) -> QuerySet[WorkItem]:
    """Items USER may see: admins and experts all; an evaluator those assigned to them (or to reconcile).

    Webmasters and the public see none (PermissionDenied): manual collection is the team's work.
    """
    require_team(user)
    items = WorkItem.objects.filter(campaign=campaign).select_related(
        "target", "assignee", "second_assignee", "reconciler", "final_score"
    )
    if role_of(user) == Role.EVALUATOR:
        items = items.filter(Q(assignee=user) | Q(second_assignee=user) | Q(reconciler=user))
    return items


def work_item_get(*, user: Any, pk: int) -> WorkItem:
    """One item if USER may see it; PermissionDenied otherwise (WorkItem.DoesNotExist when there is none)."""
    require_team(user)
    item = WorkItem.objects.select_related("campaign", "target", "assignee", "second_assignee", "reconciler").get(pk=pk)
    if role_of(user) == Role.EVALUATOR and user.pk not in (item.assignee_id, item.second_assignee_id, item.reconciler_id):
        raise PermissionDenied("该采集任务未分配给您")
    return item


@dataclass(frozen=True)
class ItemView:
    """What the scoring page shows: the leaf's text and weight, and the scores USER may see."""

    item: WorkItem
    indicator: Indicator
    maximum: float
    own: ManualScore | None
    visible_scores: list[ManualScore] = field(default_factory=list)
    #: The accounts a new-media item is about (the target's channels scored in the item's column).
    channels: list[Channel] = field(default_factory=list)


def work_item_view(*, user: Any, item: WorkItem) -> ItemView:
    """The leaf criteria and the scores visible to USER.

    With double scoring an assignee does not see the other's score until the item is settled, so the two scores stay
    independent; admins, experts and the reconciler see all of them.
    """
    fw = framework_for(campaign=item.campaign, framework=item.framework)
    scores = list(item.scores.select_related("evaluator").order_by("created_at", "id"))
    own = next((s for s in scores if s.evaluator_id == user.pk and s.kind == ScoreKind.EVALUATION), None)
    sees_all = (
        role_of(user) in (Role.ADMIN, Role.EXPERT)
        or user.pk == item.reconciler_id
        or not item.is_double
        or item.status in (WorkItemStatus.NEEDS_RECONCILE, WorkItemStatus.DONE)
    )
    visible = scores if sees_all else [s for s in scores if s.evaluator_id == user.pk]
    return ItemView(
        item=item,
        indicator=fw.indicator(item.code),
        maximum=leaf_max_points(fw, item.column, item.code),
        own=own,
        visible_scores=visible,
        channels=list(item.target.channels.filter(
            kind__in=[k for k, column in NEW_MEDIA_COLUMNS.items() if column == item.column]
        )) if item.framework == "new_media" else [],
    )


@dataclass(frozen=True)
class ProgressRow:
    """Counts of work items by status for one evaluator or target."""

    key: Any
    label: str
    counts: dict[str, int]
    total: int

    @property
    def done(self) -> int:
        return self.counts.get(WorkItemStatus.DONE, 0)

    @property
    def percent_done(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


def _status_counts(items: QuerySet[WorkItem], by: str) -> dict[Any, dict[str, int]]:
    grouped: dict[Any, dict[str, int]] = {}
    for row in items.values(by, "status").annotate(n=Count("id")):
        grouped.setdefault(row[by], {})[row["status"]] = row["n"]
    return grouped


def progress_by_evaluator(*, user: Any, campaign: Any) -> list[ProgressRow]:
    """Per evaluator (first or second assignee): items by status and share done."""
    items = work_items_visible(user=user, campaign=campaign)
    counts: dict[Any, dict[str, int]] = {}
    for by in ("assignee", "second_assignee"):
        for key, per_status in _status_counts(items, by).items():
            if key is None:
                continue
            merged = counts.setdefault(key, {})
            for status, n in per_status.items():
                merged[status] = merged.get(status, 0) + n
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=counts)}
    return sorted(
        (ProgressRow(key=pk, label=str(users[pk]), counts=c, total=sum(c.values())) for pk, c in counts.items()),
        key=lambda r: r.label,
    )


def progress_by_target(*, user: Any, campaign: Any) -> list[ProgressRow]:
    """Per target: items by status and share done."""
    items = work_items_visible(user=user, campaign=campaign)
    counts = _status_counts(items, "target")
    targets = {t.pk: t for t in Target.objects.filter(pk__in=counts)}
    return sorted(
        (ProgressRow(key=pk, label=targets[pk].name, counts=c, total=sum(c.values())) for pk, c in counts.items()),
        key=lambda r: targets[r.key].code,
    )

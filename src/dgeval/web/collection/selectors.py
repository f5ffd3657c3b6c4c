"""Read-side queries of manual collection: who sees which work items, and the progress dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from dgeval.framework import Indicator
from dgeval.web.accounts.roles import Role, require_team, role_of
from dgeval.web.collection.models import ManualScore, ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.common.frameworks import campaign_facts_for, framework_for
from dgeval.web.common.points import leaf_max_points
from dgeval.web.scores.models import ScorePart
from dgeval.web.scores.selectors import manual_part_maxima, person_parts, scope_changed
from dgeval.web.targets.models import Channel, Target


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
        raise PermissionDenied(_("该采集任务未分配给您"))
    return item


@dataclass(frozen=True)
class ItemScope:
    """What manual collection scores of an item's leaf now, and how the leaf's person part stands.

    `maximum`: the leaf's weight less the share the monitor observed (the most the item may give); `weight`: the
    leaf's. `part`: the leaf's person part. `scored_elsewhere`: that part is not this item's (a whole-leaf override,
    an imported sheet, 依申请公开); `rescore`: this item's part was scored against another maximum (the monitor observed more or less since).
    """

    maximum: float
    weight: float
    part: ScorePart | None
    scored_elsewhere: bool
    rescore: bool


def item_scopes(*, items: list[WorkItem]) -> dict[int, ItemScope]:
    """The scope of each of ITEMS (item id → ItemScope), in a few queries whatever their number."""
    if not items:
        return {}
    item_type = ContentType.objects.get_for_model(WorkItem)
    out: dict[int, ItemScope] = {}
    by_campaign: dict[int, list[WorkItem]] = {}
    for item in items:
        by_campaign.setdefault(item.campaign_id, []).append(item)
    for group in by_campaign.values():
        campaign = group[0].campaign
        keys = {item.pk: (item.target_id, item.framework, item.column, item.code) for item in group}
        maxima = manual_part_maxima(campaign=campaign, keys=keys.values())
        parts = person_parts(campaign=campaign, keys=keys.values())
        for item in group:
            key = keys[item.pk]
            part = parts.get(key)
            own = part is not None and part.source_type_id == item_type.pk and part.source_object_id == item.pk
            weight = leaf_max_points(framework_for(campaign=campaign, framework=item.framework), item.column, item.code)
            out[item.pk] = ItemScope(maximum=maxima[key], weight=weight, part=part,
                                     scored_elsewhere=part is not None and not own,
                                     rescore=own and scope_changed(part=part, manual_max=maxima[key]))
    return out


@dataclass(frozen=True)
class ItemView:
    """What the scoring page shows: the leaf's text, the item's scope, and the scores USER may see."""

    item: WorkItem
    indicator: Indicator
    scope: ItemScope
    own: ManualScore | None
    visible_scores: list[ManualScore] = field(default_factory=list)
    #: The channels an item is about when its evaluation comes with them (a new-media item: the owner's accounts on
    #: the platform).
    channels: list[Channel] = field(default_factory=list)

    @property
    def maximum(self) -> float:
        return self.scope.maximum


def work_item_view(*, user: Any, item: WorkItem) -> ItemView:
    """The leaf criteria, the item's scope and the scores visible to USER.

    With double scoring an assignee does not see the other's score until the item is settled, so the two scores stay
    independent; admins, experts and the third scorer see all of them, and once the scores differ every value shows.
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
    brought_by = campaign_facts_for(item.campaign).channel_kinds_of((item.framework, item.column))
    channels = list(item.target.channels.filter(kind__in=brought_by).order_by("kind", "name")) if brought_by else []
    return ItemView(item=item, indicator=fw.indicator(item.code), scope=item_scopes(items=[item])[item.pk], own=own,
                    visible_scores=visible, channels=channels)


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


@dataclass(frozen=True)
class CollectionWaiting:
    """An evaluator's manual collection waiting on them: to score, to score second, to reconcile."""

    todo: int
    in_progress: int
    second_scoring: int
    reconcile: int


def collection_waiting_for(*, user: Any, campaign: Any) -> CollectionWaiting:
    """Counts of USER's work items by what they must do next (the lists filtered by status show them)."""
    items = WorkItem.objects.filter(campaign=campaign)
    mine = items.filter(Q(assignee=user) | Q(second_assignee=user))
    scored_by_me = ManualScore.objects.filter(evaluator=user, submitted_at__isnull=False).values("work_item")
    return CollectionWaiting(
        todo=mine.filter(status=WorkItemStatus.TODO).count(),
        in_progress=mine.filter(status=WorkItemStatus.IN_PROGRESS).count(),
        second_scoring=mine.filter(status=WorkItemStatus.SUBMITTED).exclude(pk__in=scored_by_me).count(),
        reconcile=items.filter(status=WorkItemStatus.NEEDS_RECONCILE, reconciler=user).count(),
    )


def collection_reconcile_count(*, campaign: Any) -> int:
    """Double-scored items whose scores differ beyond the margin, waiting for a third scorer or an admin."""
    return WorkItem.objects.filter(campaign=campaign, status=WorkItemStatus.NEEDS_RECONCILE).count()

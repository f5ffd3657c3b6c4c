"""Manual collection's scope and people: which leaves become work items, and who scores and decides each one.

The scope is the part of each leaf the monitor does not speak for: every base leaf whose weight is not wholly covered
by what the monitor observed (a leaf the monitor could not observe goes here whole), except the 依申请公开 leaf, which
its request records score. Bonus categories belong to the cases workflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.scoring.panel import assign_balanced
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.collection.models import CollectionPolicy, WorkItem, WorkItemStatus
from dgeval.web.common.frameworks import campaign_facts_for, framework_for
from dgeval.web.scores.selectors import manual_part_maxima

#: Which leaves a generation covers: the manual parts (leaves the monitor does not wholly cover), or every base leaf.
Scope = Literal["manual", "all"]
_EPSILON = 1e-9


def _require_admin(actor: Any) -> None:
    require_role(actor, Role.ADMIN)


def collection_policy_for(*, campaign: Any) -> CollectionPolicy:
    """The campaign's policy, created with the defaults on first use."""
    policy, _created = CollectionPolicy.objects.get_or_create(campaign=campaign)
    return policy


def collection_policy_set(*, campaign: Any, reconcile_margin_percent: int, actor: Any, reason: str = "") -> CollectionPolicy:
    """Change the double-scoring margin (admin only, audited)."""
    _require_admin(actor)
    if not 0 <= int(reconcile_margin_percent) <= 100:
        raise ValidationError({"reconcile_margin_percent": _("差异阈值应在 0 到 100 之间")})
    with transaction.atomic():
        policy = collection_policy_for(campaign=campaign)
        before = {"reconcile_margin_percent": policy.reconcile_margin_percent}
        policy.reconcile_margin_percent = int(reconcile_margin_percent)
        policy.save()
        audit_record(actor=actor, action="collection.policy_set", obj=policy, before=before,
                     after={"reconcile_margin_percent": policy.reconcile_margin_percent}, reason=reason)
    return policy


def _require_evaluators(users: Sequence[Any], field: str) -> None:
    for user in users:
        if role_of(user) != Role.EVALUATOR:
            raise ValidationError({field: _("%(user)s 不是评估员，不能分配采集任务") % {"user": user}})


def _scope_leaves(campaign: Any, target: Any, scope: Scope) -> list[tuple[str, str, str]]:
    """(framework, column, code) of TARGET's leaves in SCOPE, in its evaluations' order."""
    foi_leaf = campaign_facts_for(campaign).foi_leaf
    leaves = []
    for framework, column in target.evaluations(campaign):
        fw = framework_for(campaign=campaign, framework=framework)
        leaves += [(framework, column, leaf.code) for leaf in fw.leaves_for(column)
                   if not leaf.bonus and (scope == "all" or leaf.code != foi_leaf)]
    if scope == "all":
        return leaves
    maxima = manual_part_maxima(campaign=campaign, keys=[(target.pk, *leaf) for leaf in leaves])
    return [leaf for leaf in leaves if maxima[(target.pk, *leaf)] > _EPSILON]


def work_items_generate(
    *,
    campaign: Any,
    targets: Iterable[Any],
    evaluators: Sequence[Any],
    actor: Any,
    double: bool = False,
    scope: Scope = "manual",
    codes: Iterable[str] | None = None,
) -> list[WorkItem]:
    """Create the work items of TARGETS × their leaves and assign them over EVALUATORS, balanced round-robin
    (`dgeval.scoring.panel.assign_balanced`; admin only).

    Framework and column come from the campaign facts (`Target.evaluations`). With `scope="manual"` a leaf the
    monitor's observed share covers wholly is left out, and so is the 依申请公开 leaf; `scope="all"` takes every base
    leaf. CODES restricts the leaves; a code that applies to none of a target's evaluations is refused. With DOUBLE
    every item gets the next evaluator in the rotation as its second assignee (so at least two evaluators are
    needed). Existing items are kept as they are, which makes the call safe to repeat after adding targets.
    """
    _require_admin(actor)
    evaluators = list(evaluators)
    if not evaluators:
        raise ValidationError({"evaluators": _("请至少选择一位评估员")})
    _require_evaluators(evaluators, "evaluators")
    if double and len(evaluators) < 2:
        raise ValidationError({"evaluators": _("双人评分至少需要两位评估员")})
    if scope not in ("manual", "all"):
        raise ValidationError({"scope": _("未知范围 %(scope)s（可选：manual、all）") % {"scope": scope}})
    wanted = None if codes is None else list(dict.fromkeys(codes))
    created: list[WorkItem] = []
    pending: list[tuple[Any, str, str, str]] = []
    with transaction.atomic():
        for target in targets:
            leaves = [leaf for leaf in _scope_leaves(campaign, target, scope) if wanted is None or leaf[2] in wanted]
            if wanted is not None:
                missing = [c for c in wanted if c not in {code for _f, _c, code in leaves}]
                if missing:
                    raise ValidationError({"codes": _("%(target)s：指标 %(codes)s 不适用于该对象或不属于人工采集范围") % {
                        "target": target.name, "codes": "、".join(missing)}})
            for framework, column, code in leaves:
                if WorkItem.objects.filter(campaign=campaign, target=target, framework=framework, column=column,
                                           code=code).exists():
                    continue
                pending.append((target, framework, column, code))
        by_pk = {evaluator.pk: evaluator for evaluator in evaluators}
        panels = assign_balanced(range(len(pending)), list(by_pk), per_item=2 if double else 1)
        for n, (target, framework, column, code) in enumerate(pending):
            assignee, *second = (by_pk[pk] for pk in panels[n])
            created.append(WorkItem.objects.create(campaign=campaign, target=target, framework=framework,
                                                   column=column, code=code, assignee=assignee,
                                                   second_assignee=second[0] if second else None))
        if created:
            audit_record(actor=actor, action="collection.generate", obj=campaign, before=None, after={
                "created": len(created), "targets": sorted({i.target.code for i in created}), "double": double,
                "scope": scope})
    return created


def work_item_assign(
    *, item: WorkItem, assignee: Any, actor: Any, second_assignee: Any = None, reconciler: Any = None, reason: str = ""
) -> WorkItem:
    """Reassign an item (admin only, audited). Assignees cannot change once someone has submitted a score."""
    _require_admin(actor)
    _require_evaluators([assignee], "assignee")
    if second_assignee is not None:
        _require_evaluators([second_assignee], "second_assignee")
        if second_assignee.pk == assignee.pk:
            raise ValidationError({"second_assignee": _("第二评估员不能与第一评估员相同")})
    if reconciler is not None:
        _require_third(reconciler, assignee.pk, getattr(second_assignee, "pk", None))
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        people_change = (item.assignee_id, item.second_assignee_id) != (assignee.pk, getattr(second_assignee, "pk", None))
        if people_change and item.scores.filter(submitted_at__isnull=False).exists():
            raise WorkflowError(_("已有评分提交，不能再更换评估员"))
        before = item.snapshot()
        item.assignee, item.second_assignee, item.reconciler = assignee, second_assignee, reconciler
        item.save()
        audit_record(actor=actor, action="collection.assign", obj=item, before=before, after=item.snapshot(),
                     reason=reason)
    return item


def _require_third(reconciler: Any, *assignees: int | None) -> None:
    _require_evaluators([reconciler], "reconciler")
    if reconciler.pk in assignees:
        raise ValidationError({"reconciler": _("复核人须是两位评估员之外的第三人")})


def work_item_reconciler_assign(*, item: WorkItem, reconciler: Any, actor: Any, reason: str = "") -> WorkItem:
    """Name the third scorer who decides a double-scored item (admin only, audited); allowed until it is done."""
    _require_admin(actor)
    _require_third(reconciler, item.assignee_id, item.second_assignee_id)
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        if not item.is_double:
            raise WorkflowError(_("只有双人评分的指标需要复核人"))
        if item.status == WorkItemStatus.DONE:
            raise WorkflowError(_("该任务已完成，不能再更换复核人"))
        before = item.snapshot()
        item.reconciler = reconciler
        item.save()
        audit_record(actor=actor, action="collection.reconciler_assign", obj=item, before=before,
                     after=item.snapshot(), reason=reason)
    return item


def reconciler_pick(item: WorkItem) -> Any | None:
    """The third scorer for ITEM: the active evaluator, not one of its two, with the fewest items waiting on them.

    None when there is no such evaluator: an admin then decides.
    """
    waiting = Count("reconcile_work_items", filter=Q(reconcile_work_items__status=WorkItemStatus.NEEDS_RECONCILE))
    candidates = (get_user_model().objects.filter(role=Role.EVALUATOR, is_active=True)
                  .exclude(pk__in=[item.assignee_id, item.second_assignee_id])
                  .annotate(waiting=waiting).order_by("waiting", "username"))
    return candidates.first()

"""Writing leaf scores and computing totals and rankings (issue 5 §10).

Every source of points (monitor findings, manual collection, 依申请公开, imports) goes through `leaf_score_set`, which
checks the points against the framework and audits the change. Totals and ranks come from the foundation engine
`dgeval.scoring.score_targets`; nothing here re-implements scoring.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dgeval.errors import FrameworkError, InputError
from dgeval.framework import Framework, load_framework
from dgeval.scoring import check_points, leaf_max, score_targets
from dgeval.web.accounts.roles import TEAM_ROLES, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.scores.models import LeafScore, SourceKind

#: Sources that may write without a person: the monitor's background runner and the CLI import.
_MACHINE_SOURCES = {SourceKind.FINDING, SourceKind.IMPORT}


def framework_for(*, campaign: Any, framework: str) -> Framework:
    """The campaign's edition of FRAMEWORK; an unknown name is a validation error on the `framework` field."""
    try:
        return load_framework(framework, campaign.framework_year)
    except FrameworkError as exc:
        raise ValidationError({"framework": str(exc)}) from exc


def leaf_max_points(fw: Framework, column: str, code: str) -> float:
    """The most leaf CODE can earn in COLUMN: its weight, or the bonus cap for a bonus (优秀创新案例) category.

    ValidationError keyed by field for an unknown column or code, or a leaf that does not apply ("—" in the plan).
    """
    if column not in fw.columns:
        raise ValidationError({"column": f"指标体系 {fw.name} 没有评估类别 {column!r}（可选：{', '.join(fw.columns)}）"})
    if not fw.has(code):
        raise ValidationError({"code": f"指标体系 {fw.name} 没有指标 {code!r}"})
    indicator = fw.indicator(code)
    maximum = leaf_max(fw, indicator, column)
    if maximum is None:
        raise ValidationError({"code": f"指标 {code}（{indicator.name}）不适用于 {fw.column_labels.get(column, column)}"})
    return float(maximum)


def leaf_points_check(fw: Framework, column: str, code: str, points: Any) -> float:
    """POINTS as a float if leaf CODE may get them in COLUMN (foundation rule `check_points`), else ValidationError.

    The foundation's InputError names its field ("field 'points' = …"); the ValidationError is keyed by that field so
    a form shows it next to the right input.
    """
    try:
        value = float(points)
    except (TypeError, ValueError):
        raise ValidationError({"points": f"得分 {points!r} 不是数字"}) from None
    try:
        check_points(fw, column, code, value)
    except InputError as exc:
        match = re.match(r"field '(\w+)'", str(exc))
        field = match.group(1) if match else "column"
        raise ValidationError({field: f"{fw.name}/{column} {code}: {exc}"}) from exc
    return value


def leaf_score_set(
    *,
    campaign: Any,
    target: Any,
    framework: str,
    column: str,
    code: str,
    points: float,
    source_kind: str,
    source_id: str,
    actor: Any,
    reason: str = "",
) -> LeafScore:
    """Store the points of one leaf for one target, with their source, and audit the change.

    Raises ValidationError (keyed by field) for an unknown framework/column/code, a leaf that does not apply, points
    outside 0..weight, or a (framework, column) that the target is not evaluated in; PermissionDenied when ACTOR is
    not on the team. ACTOR may be None only for machine sources (finding, import): the monitor has no login.
    """
    if actor is not None or source_kind not in _MACHINE_SOURCES:
        require_role(actor, *TEAM_ROLES)
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": f"未知来源 {source_kind!r}（可选：{', '.join(SourceKind.values)}）"})
    fw = framework_for(campaign=campaign, framework=framework)
    value = leaf_points_check(fw, column, code, points)
    evaluations = target.evaluations()
    if (framework, column) not in evaluations:
        applies = "、".join(f"{f}/{c}" for f, c in evaluations) or "无"
        raise ValidationError(
            {"column": f"{target.name} 不参加 {framework}/{column} 评估（适用：{applies}）"}
        )
    value = round(value, 3)

    with transaction.atomic():
        leaf = (
            LeafScore.objects.select_for_update()
            .filter(campaign=campaign, target=target, framework=framework, column=column, code=code)
            .first()
        )
        before = leaf.snapshot() if leaf else None
        if leaf is None:
            leaf = LeafScore(campaign=campaign, target=target, framework=framework, column=column, code=code)
        leaf.points = value
        leaf.source_kind = source_kind
        leaf.source_id = str(source_id)
        leaf.reason = reason
        leaf.updated_by = actor
        leaf.save()
        after = leaf.snapshot()
        if before != after:
            audit_record(actor=actor, action="score.set", obj=leaf, before=before, after=after, reason=reason)
    return leaf


def scores_compute(*, campaign: Any, framework: str, column: str) -> list[Any]:
    """Totals and ranks of every target that has points in FRAMEWORK/COLUMN for CAMPAIGN (foundation engine).

    Targets without any leaf score are left out: they have not been evaluated yet, and ranking them at 0 would be
    misleading. Missing leaves of an evaluated target are reported by the engine in `TargetScore.missing`.
    """
    fw = framework_for(campaign=campaign, framework=framework)
    if column not in fw.columns:
        raise ValidationError({"column": f"指标体系 {fw.name} 没有评估类别 {column!r}"})
    points: dict[str, dict[str, float]] = {}
    rows = LeafScore.objects.filter(campaign=campaign, framework=framework, column=column).select_related("target")
    for leaf in rows:
        points.setdefault(leaf.target.code, {})[leaf.code] = leaf.points
    return list(score_targets(fw, column, points))


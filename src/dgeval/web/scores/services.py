"""Writing leaf scores and computing totals and rankings (issue 5 §10).

Every source of points (monitor findings, manual collection, 依申请公开, imports) goes through `leaf_score_set`, which
checks the points against the framework and audits the change. Totals and ranks come from the foundation engine
`dgeval.scoring.score_targets`; nothing here re-implements scoring.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import FrameworkError, InputError
from dgeval.framework import Framework, load_framework
from dgeval.scoring import check_points, leaf_max, score_targets
from dgeval.web.accounts.roles import TEAM_ROLES, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.scores.models import LeafScore, SourceKind

log = logging.getLogger(__name__)

#: Sources that may write without a person: the monitor's background runner and the CLI import.
_MACHINE_SOURCES = {SourceKind.FINDING, SourceKind.IMPORT}


def framework_for(*, campaign: Any, framework: str) -> Framework:
    """The campaign's edition of FRAMEWORK; an unknown name is a validation error on the `framework` field."""
    try:
        return load_framework(framework, campaign.framework_year)
    except FrameworkError as exc:
        log.warning("framework %r not loaded: %s", framework, exc)
        raise ValidationError({"framework": _("没有指标体系 %(framework)r") % {"framework": framework}}) from exc


def leaf_max_points(fw: Framework, column: str, code: str) -> float:
    """The most leaf CODE can earn in COLUMN: its weight, or the bonus cap for a bonus (优秀创新案例) category.

    ValidationError keyed by field for an unknown column or code, or a leaf that does not apply ("—" in the plan).
    """
    if column not in fw.columns:
        raise ValidationError({"column": _("指标体系 %(framework)s 没有评估类别 %(column)r（可选：%(known)s）") % {
            "framework": fw.title, "column": column, "known": "、".join(fw.columns)}})
    if not fw.has(code):
        raise ValidationError({"code": _("指标体系 %(framework)s 没有指标 %(code)r") % {"framework": fw.title, "code": code}})
    indicator = fw.indicator(code)
    maximum = leaf_max(fw, indicator, column)
    if maximum is None:
        raise ValidationError({"code": _("指标 %(code)s（%(name)s）不适用于%(column)s") % {
            "code": code, "name": indicator.name, "column": fw.column_labels.get(column, column)}})
    return float(maximum)


def leaf_points_check(fw: Framework, column: str, code: str, points: Any) -> float:
    """POINTS as a float if leaf CODE may get them in COLUMN, else ValidationError keyed by the field at fault.

    The message is for the person at the form: it names the field and the maximum in Chinese. The foundation rule
    `check_points` still has the last word, so web and CLI never disagree; its English text goes to the log.
    """
    maximum = leaf_max_points(fw, column, code)
    try:
        value = float(points)
    except (TypeError, ValueError):
        value = math.nan
    indicator = fw.indicator(code)
    if not math.isfinite(value):
        raise ValidationError({"points": _("得分须为数字（收到 %(points)s）") % {"points": points}})
    if value < 0 or value > maximum + 1e-9:
        what = _("加分上限") if indicator.bonus else _("满分")
        raise ValidationError({"points": _("得分 %(points)s 超出范围：指标 %(code)s（%(name)s）的得分应在 0 到 %(what)s "
                                           "%(maximum)s 分之间") % {"points": f"{value:g}", "code": code,
                                                                  "name": indicator.name, "what": what,
                                                                  "maximum": f"{maximum:g}"}})
    try:
        check_points(fw, column, code, value)
    except InputError as exc:
        log.warning("leaf points refused by the foundation rule: %s/%s %s: %s", fw.name, column, code, exc)
        match = re.match(r"field '(\w+)'", str(exc))
        field = match.group(1) if match else "column"
        raise ValidationError({field: _("指标 %(code)s 不能给 %(points)s 分") % {"code": code, "points": f"{value:g}"}}) from exc
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
        raise ValidationError({"source_kind": _("未知来源 %(kind)r（可选：%(known)s）") % {
            "kind": source_kind, "known": "、".join(SourceKind.values)}})
    fw = framework_for(campaign=campaign, framework=framework)
    value = leaf_points_check(fw, column, code, points)
    evaluations = target.evaluations()
    if (framework, column) not in evaluations:
        applies = "、".join(f"{f}/{c}" for f, c in evaluations) or _("无")
        raise ValidationError({"column": _("%(target)s 不参加 %(framework)s/%(column)s 评估（适用：%(applies)s）") % {
            "target": target.name, "framework": framework, "column": column, "applies": applies}})
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


def scores_compute(*, campaign: Any, framework: str, column: str, kinds: Iterable[str] | None = None) -> list[Any]:
    """Totals and ranks of every target that has points in FRAMEWORK/COLUMN for CAMPAIGN (foundation engine).

    Targets without any leaf score are left out: they have not been evaluated yet, and ranking them at 0 would be
    misleading. Missing leaves of an evaluated target are reported by the engine in `TargetScore.missing`. KINDS
    ranks one peer group only (targets of those kinds).
    """
    fw = framework_for(campaign=campaign, framework=framework)
    if column not in fw.columns:
        raise ValidationError({"column": _("指标体系 %(framework)s 没有评估类别 %(column)r") % {
            "framework": fw.title, "column": column}})
    points: dict[str, dict[str, float]] = {}
    rows = LeafScore.objects.filter(campaign=campaign, framework=framework, column=column).select_related("target")
    if kinds is not None:
        rows = rows.filter(target__kind__in=list(kinds))
    for leaf in rows:
        points.setdefault(leaf.target.code, {})[leaf.code] = leaf.points
    return list(score_targets(fw, column, points))


"""Writing leaf scores, part by part, and computing totals and rankings.

Every source of points writes through `score_part_set` (one slot of a leaf: the monitor's share, the person's rest, or
a bonus) or `leaf_score_set` (one source for the whole leaf); a source of automatic points (the monitor, the new-media
checks) writes what a finding rule's outcome gives through `outcome_part_set`; an evaluator overrides a leaf with `leaf_override_set`;
an evaluators' sheet of many unscored leaves comes in at once through `leaf_scores_import`.
All three check the points with the one rule (`dgeval.web.common.points`) and audit the leaf before and after.

How the parts fit (documented in docs/architecture.md, "Leaf scores and provenance"):
- the person's part keeps the maximum it was scored against: a person's judgement is never rescaled by the monitor;
- the monitor's part covers the share of the weight its checks observed, but never more than the room the person's
  part leaves; with less room it is scaled into it at the same rate, and a whole-leaf override leaves it none (it is
  kept at 0 so the leaf still shows its automatic state and the run behind it);
- bonus parts add up, one per source record, to at most the bonus cap.
Totals and ranks come from the scoring engine (`dgeval.scoring.score_targets`); nothing here re-implements scoring.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from dgeval.framework.rules import FindingRules, LeafOutcome
from dgeval.scoring import score_targets
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common.frameworks import evaluation_label, framework_for, leaf_label
from dgeval.web.common.points import PLACES, leaf_max_points, points_check
from dgeval.web.scores.models import LeafScore, LeafState, ScoreEvidence, ScorePart, Slot, SourceKind, slot_of

#: Sources that may write without a person: the monitor's background runner, the new-media checks and the CLI import.
MACHINE_SOURCES = frozenset({SourceKind.FINDING, SourceKind.NEW_MEDIA, SourceKind.IMPORT})
#: Who may override a whole leaf: the people who score.
OVERRIDERS = (Role.ADMIN, Role.EVALUATOR)
_EPSILON = 1e-9

__all__ = [
    "MACHINE_SOURCES",
    "framework_for",
    "leaf_max_points",
    "leaf_override_set",
    "leaf_score_set",
    "leaf_scores_import",
    "outcome_part_set",
    "score_part_set",
    "scores_compute",
]


def score_part_set(
    *,
    campaign: Any,
    target: Any,
    framework: str,
    column: str,
    code: str,
    source_kind: str,
    points: Any,
    max_points: float | None = None,
    source: models.Model | None = None,
    source_label: str = "",
    evidence: Iterable[models.Model] = (),
    actor: Any,
    reason: str = "",
    state: str | None = None,
    detail: dict[str, Any] | None = None,
) -> ScorePart:
    """Store what SOURCE_KIND gives one slot of a leaf (the whole leaf when MAX_POINTS is None) and audit the change.

    SOURCE is the record the points come from (a run's target, a work item, a request, a case decision); EVIDENCE the
    records it counted (findings, individual scores). SOURCE_LABEL names a source with no record (an imported file).
    STATE is the leaf's automatic state, given with the monitor's part; DETAIL the rule outcome behind it.
    The part replaces the slot's previous part (for bonus: the previous part of the same source).

    Raises ValidationError keyed by field (framework, column, code, points, max_points, source_kind, source) and
    PermissionDenied when ACTOR may not write: ACTOR may be None only for machine sources (the monitor, an import).
    """
    return _part_write(
        campaign=campaign, target=target, framework=framework, column=column, code=code, source_kind=source_kind,
        points=points, max_points=max_points, source=source, source_label=source_label, evidence=evidence,
        actor=actor, reason=reason, state=state, detail=detail, action="score.set",
    )


def outcome_part_set(
    *,
    campaign: Any,
    target: Any,
    framework: str,
    column: str,
    outcome: LeafOutcome,
    rules: FindingRules,
    check_title: Callable[[str], str],
    source_kind: str,
    source: models.Model,
    evidence: Iterable[models.Model],
    actor: Any,
    reason: str,
) -> ScorePart:
    """Write the automatic part a finding rule's OUTCOME gives leaf `outcome.code`, with the leaf's state.

    Points only from evidence: the part covers the share of the weight the checks observed, less what the counted
    findings (EVIDENCE) take; a leaf no check observed enough is `not_observed`, a part of 0 out of 0 that still names
    SOURCE (the run that looked), and its whole weight is manual collection's. The rule as applied is stored with the
    part (DETAIL: each check's share, observations, findings and state; CHECK_TITLE names the checks for people).
    """
    fw = framework_for(campaign=campaign, framework=framework)
    weight = leaf_max_points(fw, column, outcome.code)
    observed = outcome.fraction is not None
    claimed_max = round(outcome.share * weight, 6) if observed else 0.0
    points = min(round((outcome.fraction or 0.0) * weight, PLACES), claimed_max)
    checks = []
    for part in outcome.parts:
        rule = rules.rule(part.check)
        checks.append({
            "check": part.check, "title": check_title(part.check), "observes": rule.observes if rule else "",
            "min_observed": rule.min_observed if rule else 1, "share": part.share, "observed": part.observed,
            "findings": part.findings, "state": part.state, "deduction": part.deduction,
        })
    detail = {"state": outcome.state, "share": outcome.share, "fraction": outcome.fraction, "checks": checks}
    return score_part_set(
        campaign=campaign, target=target, framework=framework, column=column, code=outcome.code,
        source_kind=source_kind, points=points, max_points=claimed_max, source=source, evidence=evidence,
        actor=actor, reason=reason, state=outcome.state, detail=detail,
    )


def leaf_score_set(
    *,
    campaign: Any,
    target: Any,
    framework: str,
    column: str,
    code: str,
    points: Any,
    source_kind: str,
    actor: Any,
    reason: str = "",
    source: models.Model | None = None,
    source_id: str = "",
    evidence: Iterable[models.Model] = (),
) -> LeafScore:
    """Store one source's points for the whole leaf (see score_part_set); returns the leaf.

    SOURCE_ID names a source that has no record on the platform (an imported sheet's file name); give SOURCE for a
    record, so the score pages link it.
    """
    part = score_part_set(
        campaign=campaign, target=target, framework=framework, column=column, code=code, source_kind=source_kind,
        points=points, source=source, source_label=str(source_id), evidence=evidence, actor=actor, reason=reason,
    )
    return part.leaf


def leaf_override_set(
    *, campaign: Any, target: Any, framework: str, column: str, code: str, points: Any, actor: Any, reason: str
) -> LeafScore:
    """An evaluator's (or admin's) score for the whole leaf, over the monitor's part and any earlier manual part.

    A reason is required; the audit entry ("score.override") keeps the parts it replaced. The monitor keeps writing
    the leaf's automatic state, but its part gets no room until a person scores only the manual part again.
    """
    require_role(actor, *OVERRIDERS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("覆盖整项得分须说明理由")})
    part = _part_write(
        campaign=campaign, target=target, framework=framework, column=column, code=code,
        source_kind=SourceKind.MANUAL, points=points, max_points=None, source=None, source_label="", evidence=(),
        actor=actor, reason=reason, state=None, detail=None, action="score.override",
    )
    return part.leaf


def leaf_scores_import(
    *, campaign: Any, rows: Iterable[tuple[Any, str, str, str, Any]], source_label: str, actor: Any, reason: str = ""
) -> int:
    """Whole-leaf points for many leaves not scored yet, from one imported sheet: ROWS of (target, framework, column,
    code, points). Each leaf gets one imported part naming SOURCE_LABEL; one audit entry (`scores.import`) records
    the import. All or nothing: a bad row (ValidationError keyed by field) or a leaf that already has points (score
    it with leaf_score_set) stores nothing. Returns the number of leaves written.
    """
    if actor is not None:
        require_role(actor, *TEAM_ROLES)
    frameworks: dict[str, Any] = {}
    leaves: list[LeafScore] = []
    for target, framework, column, code, points in rows:
        fw = frameworks.get(framework) or frameworks.setdefault(
            framework, framework_for(campaign=campaign, framework=framework))
        maximum = leaf_max_points(fw, column, code)
        _require_evaluated(campaign, target, fw, framework, column)
        leaves.append(LeafScore(campaign=campaign, target=target, framework=framework, column=column, code=code,
                                points=points_check(fw, column, code, points), maximum=maximum))
    with transaction.atomic():
        keys = {(leaf.target.pk, leaf.framework, leaf.column, leaf.code) for leaf in leaves}
        taken = [key for key in LeafScore.objects.filter(campaign=campaign, target__in={k[0] for k in keys})
                 .values_list("target_id", "framework", "column", "code") if key in keys]
        if taken:
            raise ValidationError({"code": _("已有得分的指标不能再导入（%(leaves)s 等 %(n)s 项）") % {
                "leaves": "、".join(code for _t, _f, _c, code in taken[:3]), "n": len(taken)}})
        LeafScore.objects.bulk_create(leaves, batch_size=2000)
        ScorePart.objects.bulk_create((
            ScorePart(leaf=leaf, slot=Slot.PERSON, source_kind=SourceKind.IMPORT, points=leaf.points,
                      max_points=leaf.maximum, claimed_points=leaf.points, claimed_max_points=leaf.maximum,
                      source_label=source_label[:300], reason=reason,
                      updated_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None)
            for leaf in leaves), batch_size=2000)
        audit_record(actor=actor, action="scores.import", obj=campaign, before=None,
                     after={"leaf_scores": len(leaves), "source": source_label}, reason=reason)
    return len(leaves)


def _part_write(
    *,
    campaign: Any,
    target: Any,
    framework: str,
    column: str,
    code: str,
    source_kind: str,
    points: Any,
    max_points: float | None,
    source: models.Model | None,
    source_label: str,
    evidence: Iterable[models.Model],
    actor: Any,
    reason: str,
    state: str | None,
    detail: dict[str, Any] | None,
    action: str,
) -> ScorePart:
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": _("未知来源 %(kind)s（可选：%(known)s）") % {
            "kind": source_kind, "known": "、".join(str(label) for label in SourceKind.labels)}})
    if actor is not None or source_kind not in MACHINE_SOURCES:
        require_role(actor, *TEAM_ROLES)
    if state is not None and state not in ("", *LeafState.values):
        raise ValidationError({"state": _("未知的系统监测状态 %(state)s") % {"state": state}})
    fw = framework_for(campaign=campaign, framework=framework)
    leaf_max = leaf_max_points(fw, column, code)
    _require_evaluated(campaign, target, fw, framework, column)
    claimed_max = _part_max(max_points, leaf_max, fw, code)
    value = points_check(fw, column, code, points, maximum=claimed_max)
    slot = slot_of(source_kind)
    if slot == Slot.BONUS and source is None:
        raise ValidationError({"source": _("加分须指明来源记录（如案例评审结论）")})
    evidence = list(evidence)

    with transaction.atomic():
        leaf, created = LeafScore.objects.select_for_update().get_or_create(
            campaign=campaign, target=target, framework=framework, column=column, code=code,
            defaults={"maximum": leaf_max},
        )
        before = None if created else leaf.snapshot()
        part = _slot_part(leaf, slot, source) or ScorePart(leaf=leaf, slot=slot)
        part.source_kind = source_kind
        part.claimed_points = part.points = value
        part.claimed_max_points = part.max_points = claimed_max
        if source is not None:
            part.source_type = ContentType.objects.get_for_model(source)
            part.source_object_id = source.pk
        else:
            part.source_type, part.source_object_id = None, None
        part.source_label = source_label[:300]
        part.reason = reason
        part.detail = detail or {}
        part.updated_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        part.save()
        _evidence_set(part, evidence)
        if state is not None:
            leaf.state = state
        _fit(leaf, leaf_max, fw, code)
        leaf.maximum = leaf_max
        leaf.points = round(sum(p.points for p in leaf.parts.all()), PLACES)
        leaf.save()
        after = leaf.snapshot()
        if before != after:
            audit_record(actor=actor, action=action, obj=leaf, before=before, after=after, reason=reason)
    part.refresh_from_db()
    return part


def _part_max(max_points: float | None, leaf_max: float, fw: Any, code: str) -> float:
    """The most the part may give: MAX_POINTS (0..the leaf's maximum), or the whole leaf when None."""
    if max_points is None:
        return leaf_max
    try:
        value = float(max_points)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0 or value > leaf_max + _EPSILON:
        raise ValidationError({"max_points": _("指标 %(leaf)s 的本部分满分 %(value)s 应在 0 到 %(maximum)s 分之间") % {
            "leaf": leaf_label(fw, code), "value": max_points, "maximum": f"{leaf_max:g}"}})
    return round(min(value, leaf_max), 6)


def _require_evaluated(campaign: Any, target: Any, fw: Any, framework: str, column: str) -> None:
    evaluations = target.evaluations(campaign)
    if (framework, column) not in evaluations:
        applies = "、".join(evaluation_label(f, c) for f, c in evaluations) or _("无")
        raise ValidationError({"column": _("%(target)s 不参加“%(title)s · %(column)s”评估（适用：%(applies)s）") % {
            "target": target.name, "title": fw.title, "column": fw.column_labels.get(column, column),
            "applies": applies}})


def _slot_part(leaf: LeafScore, slot: str, source: models.Model | None) -> ScorePart | None:
    parts = leaf.parts.select_for_update().filter(slot=slot)
    if slot == Slot.BONUS:
        assert source is not None  # checked by the caller
        parts = parts.filter(source_type=ContentType.objects.get_for_model(source), source_object_id=source.pk)
    return parts.first()


def _evidence_set(part: ScorePart, records: list[models.Model]) -> None:
    """Make RECORDS the part's evidence, in place of what it had."""
    wanted = {(ContentType.objects.get_for_model(r).pk, r.pk) for r in records}
    have = {(e.content_type_id, e.object_id): e for e in part.evidence.all()}
    for key, row in have.items():
        if key not in wanted:
            row.delete()
    ScoreEvidence.objects.bulk_create(
        ScoreEvidence(part=part, content_type_id=ct, object_id=pk) for ct, pk in sorted(wanted - set(have))
    )


def _fit(leaf: LeafScore, leaf_max: float, fw: Any, code: str) -> None:
    """Fit the monitor's part into the room the person's part leaves; refuse bonus parts above the cap."""
    parts = list(leaf.parts.select_for_update())
    person = next((p for p in parts if p.slot == Slot.PERSON), None)
    monitor = next((p for p in parts if p.slot == Slot.MONITOR), None)
    if monitor is not None:
        room = leaf_max - (person.max_points if person is not None else 0.0)
        fitted_max = round(max(0.0, min(monitor.claimed_max_points, room)), 6)
        rate = monitor.claimed_points / monitor.claimed_max_points if monitor.claimed_max_points > 0 else 0.0
        fitted_points = round(rate * fitted_max, PLACES)
        if (fitted_max, fitted_points) != (monitor.max_points, monitor.points):
            monitor.max_points, monitor.points = fitted_max, fitted_points
            monitor.save(update_fields=["max_points", "points"])
    bonus = sum(p.points for p in parts if p.slot == Slot.BONUS)
    if bonus > leaf_max + _EPSILON:
        raise ValidationError({"points": _("指标 %(leaf)s 的加分合计 %(total)s 分，超过上限 %(maximum)s 分") % {
            "leaf": leaf_label(fw, code), "total": f"{bonus:g}", "maximum": f"{leaf_max:g}"}})


def scores_compute(*, campaign: Any, framework: str, column: str, kinds: Iterable[str] | None = None) -> list[Any]:
    """Totals and ranks of every target that has points in FRAMEWORK/COLUMN for CAMPAIGN (the scoring engine).

    A leaf counts once some part of it has been scored (a part with a maximum above 0); a leaf that only carries the
    monitor's "not observed" state is still missing. Targets without any scored leaf are left out: they have not been
    evaluated yet, and ranking them at 0 would be misleading. The engine reports missing leaves in `missing`. KINDS
    ranks one peer group only (targets of those kinds).
    """
    fw = framework_for(campaign=campaign, framework=framework)
    if column not in fw.columns:
        raise ValidationError({"column": _("指标体系“%(framework)s”没有评估类别“%(column)s”") % {
            "framework": fw.title, "column": column}})
    points: dict[str, dict[str, float]] = {}
    rows = (LeafScore.objects.filter(campaign=campaign, framework=framework, column=column)
            .annotate(covered=Sum("parts__max_points")).filter(covered__gt=0).select_related("target"))
    if kinds is not None:
        rows = rows.filter(target__kind__in=list(kinds))
    for leaf in rows:
        points.setdefault(leaf.target.code, {})[leaf.code] = leaf.points
    return list(score_targets(fw, column, points))

"""人工采集 services (issue 5 §8): generate and assign work items, score them with evidence, reconcile double scores,
and the Excel round trip. Every rule is enforced here; views and admin actions only call these functions.

Scores that end a work item go to the leaf through `scores.services.leaf_score_set(source_kind="manual",
source_id=<ManualScore id>)`, so each leaf's points link back to the record and its evidence.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dgeval.errors import InputError, WorkflowError
from dgeval.framework import Framework
from dgeval.reports.scoring_sheets import TEMPLATE_HEADER, TemplateRow, template_workbook
from dgeval.scoring.io import read_point_rows
from dgeval.scoring.panel import assign_balanced
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import today as platform_today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.collection.models import CollectionPolicy, ManualScore, ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.collection.uploads import IMAGE_TYPES, upload_check
from dgeval.web.foi.models import FOI_LEAF
from dgeval.web.scores.services import framework_for, leaf_max_points, leaf_score_set

#: Which leaves a generation covers: those no monitor check scores, or every base leaf of the column.
Scope = Literal["manual", "all"]

#: Extra template columns so that an import knows the framework and column of each row (a province is scored in two).
EXPORT_HEADER = (*TEMPLATE_HEADER, "指标体系", "评估类别")


def machine_judged_codes() -> frozenset[str]:
    """Leaf codes some monitor check scores: those the finding rules (the one map from checks to leaves) name.

    Read from the rules file so that a new rule moves its leaf out of manual collection without an edit here.
    """
    from dgeval.monitor.leaves import finding_rules

    return frozenset(code for rule in finding_rules().rules for code in rule.leaves)


def _require_admin(actor: Any) -> None:
    require_role(actor, Role.ADMIN)


def _phase_open(*, campaign: Any, actor: Any, today: date | None, override_reason: str) -> None:
    """人工采集 must be open on TODAY (the platform's as-of date by default); an admin may override, audited."""
    phase_require_open(
        campaign=campaign,
        kind=PhaseKind.MANUAL_COLLECTION,
        on=today or platform_today(),
        user=actor,
        override_reason=override_reason,
    )


def collection_policy_for(*, campaign: Any) -> CollectionPolicy:
    """The campaign's policy, created with the defaults on first use."""
    policy, _created = CollectionPolicy.objects.get_or_create(campaign=campaign)
    return policy


def collection_policy_set(*, campaign: Any, reconcile_margin_percent: int, actor: Any, reason: str = "") -> CollectionPolicy:
    """Change the double-scoring margin (admin only, audited)."""
    _require_admin(actor)
    if not 0 <= int(reconcile_margin_percent) <= 100:
        raise ValidationError({"reconcile_margin_percent": "差异阈值应在 0 到 100 之间"})
    with transaction.atomic():
        policy = collection_policy_for(campaign=campaign)
        before = {"reconcile_margin_percent": policy.reconcile_margin_percent}
        policy.reconcile_margin_percent = int(reconcile_margin_percent)
        policy.save()
        audit_record(
            actor=actor,
            action="collection.policy_set",
            obj=policy,
            before=before,
            after={"reconcile_margin_percent": policy.reconcile_margin_percent},
            reason=reason,
        )
    return policy


def _require_evaluators(users: Sequence[Any], field: str) -> None:
    for user in users:
        if role_of(user) != Role.EVALUATOR:
            raise ValidationError({field: f"{user} 不是评估员，不能分配采集任务"})


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
    """Create the work items of TARGETS × their leaves and assign them over EVALUATORS, balanced
    round-robin (`dgeval.scoring.panel.assign_balanced`; admin only).

    Framework and column come from `Target.evaluations()`. Bonus categories are left out: they belong to the cases
    workflow. With `scope="manual"` the leaves a monitor check scores are left out too. CODES restricts the leaves;
    a code that applies to none of a target's evaluations is refused. With DOUBLE every item gets the next evaluator
    in the rotation as its second assignee (so at least two evaluators are needed). Existing items are kept as they
    are, which makes the call safe to repeat after adding targets. Give one evaluator for an explicit assignment.
    The 依申请公开 leaf is left out of the "manual" scope: its points come from the request record.
    """
    _require_admin(actor)
    evaluators = list(evaluators)
    if not evaluators:
        raise ValidationError({"evaluators": "请至少选择一位评估员"})
    _require_evaluators(evaluators, "evaluators")
    if double and len(evaluators) < 2:
        raise ValidationError({"evaluators": "双人评分至少需要两位评估员"})
    if scope not in ("manual", "all"):
        raise ValidationError({"scope": f"未知范围 {scope!r}（可选：manual、all）"})
    wanted = None if codes is None else list(dict.fromkeys(codes))
    # The 依申请公开 leaf is scored from its request record (foi app), never twice by hand.
    excluded = machine_judged_codes() | {FOI_LEAF} if scope == "manual" else frozenset()
    frameworks: dict[str, Framework] = {}

    created: list[WorkItem] = []
    pending: list[tuple[Any, str, str, str]] = []
    with transaction.atomic():
        for target in targets:
            leaves: list[tuple[str, str, str]] = []
            for framework_name, column in target.evaluations():
                fw = frameworks.setdefault(framework_name, framework_for(campaign=campaign, framework=framework_name))
                for leaf in fw.leaves_for(column):
                    if leaf.bonus or leaf.code in excluded:
                        continue
                    if wanted is None or leaf.code in wanted:
                        leaves.append((framework_name, column, leaf.code))
            if wanted is not None:
                missing = [c for c in wanted if c not in {code for _f, _c, code in leaves}]
                if missing:
                    raise ValidationError(
                        {"codes": f"{target.name}：指标 {'、'.join(missing)} 不适用于该对象或不属于人工采集范围"}
                    )
            for framework_name, column, code in leaves:
                if WorkItem.objects.filter(
                    campaign=campaign, target=target, framework=framework_name, column=column, code=code
                ).exists():
                    continue
                pending.append((target, framework_name, column, code))
        by_pk = {evaluator.pk: evaluator for evaluator in evaluators}
        panels = assign_balanced(range(len(pending)), list(by_pk), per_item=2 if double else 1)
        for n, (target, framework_name, column, code) in enumerate(pending):
            assignee, *second = (by_pk[pk] for pk in panels[n])
            created.append(
                WorkItem.objects.create(
                    campaign=campaign,
                    target=target,
                    framework=framework_name,
                    column=column,
                    code=code,
                    assignee=assignee,
                    second_assignee=second[0] if second else None,
                )
            )
        if created:
            audit_record(
                actor=actor,
                action="collection.generate",
                obj=campaign,
                before=None,
                after={
                    "created": len(created),
                    "targets": sorted({i.target.code for i in created}),
                    "double": double,
                    "scope": scope,
                },
            )
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
            raise ValidationError({"second_assignee": "第二评估员不能与第一评估员相同"})
    if reconciler is not None:
        _require_evaluators([reconciler], "reconciler")
        if reconciler.pk in (assignee.pk, getattr(second_assignee, "pk", None)):
            raise ValidationError({"reconciler": "复核人须是两位评估员之外的第三人"})
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        people_change = (item.assignee_id, item.second_assignee_id) != (
            assignee.pk,
            getattr(second_assignee, "pk", None),
        )
        if people_change and item.scores.filter(submitted_at__isnull=False).exists():
            raise WorkflowError("已有评分提交，不能再更换评估员")
        before = item.snapshot()
        item.assignee, item.second_assignee, item.reconciler = assignee, second_assignee, reconciler
        item.save()
        audit_record(actor=actor, action="collection.assign", obj=item, before=before, after=item.snapshot(), reason=reason)
    return item


def item_max_points(item: WorkItem) -> float:
    """The leaf's weight in the item's column (ValidationError if the leaf does not apply)."""
    fw = framework_for(campaign=item.campaign, framework=item.framework)
    return leaf_max_points(fw, item.column, item.code)


def points_check(item: WorkItem, points: Any) -> float:
    """POINTS as a number within 0..weight of the item's leaf; ValidationError on the `points` field otherwise."""
    return points_within(points, item_max_points(item))


def points_within(points: Any, maximum: float) -> float:
    """POINTS as a number within 0..MAXIMUM, rounded to 3 places; a Chinese message on `points` otherwise.

    Checked here before `leaf_score_set` (which checks again) so the evaluator reads the rule in the form's language.
    """
    if isinstance(points, bool):
        raise ValidationError({"points": "得分必须是数字"})
    try:
        value = float(points)
    except (TypeError, ValueError):
        raise ValidationError({"points": f"得分 {points!r} 不是数字"}) from None
    if not math.isfinite(value) or value < 0 or value > maximum + 1e-9:
        raise ValidationError({"points": f"得分 {value:g} 超出范围：该指标满分 {maximum:g} 分，应在 0 到 {maximum:g} 之间"})
    return round(value, 3)


def score_permission_check(item: WorkItem, actor: Any) -> None:
    """Only the item's assignees may score it; an admin may score a single-scored item (PermissionDenied /
    WorkflowError otherwise). Experts and webmasters never score manual items."""
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    is_assignee = actor.pk in (item.assignee_id, item.second_assignee_id)
    if role_of(actor) == Role.EVALUATOR and not is_assignee:
        raise PermissionDenied("只有被分配的评估员可以为该指标评分")
    if item.is_double and not is_assignee:
        raise WorkflowError("双人评分的指标由两位评估员各自评分，管理员请使用复核")
    if item.is_double and item.status in (WorkItemStatus.NEEDS_RECONCILE, WorkItemStatus.DONE):
        raise WorkflowError("两位评估员均已提交，评分已锁定，如需修改请由复核人复核")


def _audit_item(item: WorkItem, before: dict[str, object], actor: Any, reason: str = "") -> None:
    after = item.snapshot()
    if before != after:
        audit_record(actor=actor, action="collection.status", obj=item, before=before, after=after, reason=reason)


def _finalize(item: WorkItem, score: ManualScore, actor: Any, reason: str) -> None:
    """Make SCORE the item's final score and push its points to the leaf."""
    item.final_score = score
    item.status = WorkItemStatus.DONE
    item.save()
    leaf_score_set(
        campaign=item.campaign,
        target=item.target,
        framework=item.framework,
        column=item.column,
        code=item.code,
        points=score.points,
        source_kind="manual",
        source_id=str(score.pk),
        actor=actor,
        reason=reason,
    )


def _settle(item: WorkItem, actor: Any) -> None:
    """After a submission: finish a single-scored item, or compare two submitted scores of a double-scored one."""
    submitted = {
        s.evaluator_id: s
        for s in item.scores.filter(kind=ScoreKind.EVALUATION, submitted_at__isnull=False).order_by("submitted_at")
    }
    if not item.is_double:
        latest = max(submitted.values(), key=lambda s: s.submitted_at)
        _finalize(item, latest, actor, reason=latest.note)
        return
    first, second = submitted.get(item.assignee_id), submitted.get(item.second_assignee_id)
    if first is None or second is None:
        item.status = WorkItemStatus.SUBMITTED
        item.save()
        return
    margin = item_max_points(item) * collection_policy_for(campaign=item.campaign).reconcile_margin_percent / 100
    assert first.points is not None and second.points is not None  # submitted scores always carry points
    if abs(first.points - second.points) > margin + 1e-9:
        item.status = WorkItemStatus.NEEDS_RECONCILE
        item.save()
        return
    consensus = ManualScore.objects.create(
        work_item=item,
        evaluator=actor,
        kind=ScoreKind.CONSENSUS,
        points=round((first.points + second.points) / 2, 3),
        evidence_url=first.evidence_url or second.evidence_url,
        note=f"双评一致：{first.points:g} 与 {second.points:g}，取平均",
        submitted_at=timezone.now(),
    )
    _finalize(item, consensus, actor, reason=consensus.note)


def manual_score_save(
    *,
    item: WorkItem,
    actor: Any,
    points: Any,
    submit: bool,
    evidence_url: str = "",
    screenshot: UploadedFile | None = None,
    note: str = "",
    today: date | None = None,
    override_reason: str = "",
) -> ManualScore:
    """Save (draft) or submit ACTOR's score of ITEM with its evidence.

    A draft may leave the points empty; a submission needs points in 0..weight and at least one piece of evidence
    (URL, screenshot or note). Submitting a single-scored item finishes it and sets the leaf; a double-scored item
    finishes when both agree within the campaign margin (the mean is used), or waits for a reconciliation.
    """
    score_permission_check(item, actor)
    _phase_open(campaign=item.campaign, actor=actor, today=today, override_reason=override_reason)
    value = None if points in (None, "") else points_check(item, points)
    if submit and value is None:
        raise ValidationError({"points": "提交评分须填写得分"})
    stored_name = upload_check(screenshot, allowed=IMAGE_TYPES, field="screenshot") if screenshot else None
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        score_permission_check(item, actor)  # the status may have moved while the form was open
        score = ManualScore.objects.filter(work_item=item, evaluator=actor, kind=ScoreKind.EVALUATION).first()
        before = score.snapshot() if score else None
        if score is None:
            score = ManualScore(work_item=item, evaluator=actor, kind=ScoreKind.EVALUATION)
        score.points = value
        score.evidence_url = evidence_url.strip()
        score.note = note.strip()
        if submit and not (score.evidence_url or score.note or screenshot is not None or score.screenshot):
            raise ValidationError({"evidence_url": "提交评分须附至少一项证据：网址、截图或说明"})
        if screenshot is not None:
            score.screenshot.save(stored_name, screenshot, save=False)
        score.submitted_at = timezone.now() if submit else None
        score.save()
        audit_record(
            actor=actor,
            action="collection.score_submit" if submit else "collection.score_draft",
            obj=score,
            before=before,
            after=score.snapshot(),
            reason=override_reason,
        )
        item_before = item.snapshot()
        if submit:
            _settle(item, actor)
        elif item.status == WorkItemStatus.TODO:
            item.status = WorkItemStatus.IN_PROGRESS
            item.save()
        _audit_item(item, item_before, actor)
    return score


def reconcile_permission_check(item: WorkItem, actor: Any) -> None:
    """An admin, or the item's designated third evaluator, may reconcile a double-scored item awaiting it."""
    role = role_of(actor)
    if role == Role.ADMIN:
        allowed = item.status in (WorkItemStatus.NEEDS_RECONCILE, WorkItemStatus.DONE)
    elif role == Role.EVALUATOR and item.reconciler_id == actor.pk:
        allowed = item.status == WorkItemStatus.NEEDS_RECONCILE
    else:
        raise PermissionDenied("只有管理员或指定的复核人可以复核")
    if not item.is_double:
        raise WorkflowError("只有双人评分的指标需要复核")
    if not allowed:
        raise WorkflowError(f"该任务当前状态为「{item.get_status_display()}」，不能复核")


def work_item_reconcile(
    *,
    item: WorkItem,
    actor: Any,
    points: Any,
    reason: str,
    evidence_url: str = "",
    note: str = "",
    today: date | None = None,
    override_reason: str = "",
) -> ManualScore:
    """Set the final points of a double-scored item whose two scores differ too much, with a reason (audited).

    An admin may also correct an item already done this way.
    """
    reconcile_permission_check(item, actor)
    _phase_open(campaign=item.campaign, actor=actor, today=today, override_reason=override_reason)
    value = points_check(item, points)
    if not reason.strip():
        raise ValidationError({"reason": "复核须说明理由"})
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        reconcile_permission_check(item, actor)
        item_before = item.snapshot()
        score = ManualScore.objects.create(
            work_item=item,
            evaluator=actor,
            kind=ScoreKind.RECONCILIATION,
            points=value,
            evidence_url=evidence_url.strip(),
            note=note.strip(),
            reason=reason.strip(),
            submitted_at=timezone.now(),
        )
        audit_record(
            actor=actor, action="collection.reconcile", obj=score, before=None, after=score.snapshot(), reason=reason
        )
        _finalize(item, score, actor, reason=reason.strip())
        _audit_item(item, item_before, actor, reason=reason)
    return score


# --- Excel round trip ---------------------------------------------------------------------------------------------

def work_items_export_xlsx(*, items: Iterable[WorkItem]) -> bytes:
    """The foundation's template (same header, read back by `dgeval.scoring.io.read_point_rows`) for ITEMS only.

    `dgeval.reports.scoring_sheets.write_template` writes every leaf of a column for the targets it is given; an evaluator's
    sheet must hold only the items assigned to them, so the rows are chosen here, with two more columns naming the
    framework and column of each row.
    """
    frameworks: dict[tuple[int, str], Framework] = {}
    rows = []
    for item in items:
        key = (item.campaign_id, item.framework)
        fw = frameworks.setdefault(key, framework_for(campaign=item.campaign, framework=item.framework))
        final = item.final_score.points if item.final_score_id and item.final_score else None
        rows.append(TemplateRow(
            target=item.target.code,
            leaf=fw.indicator(item.code),
            maximum=leaf_max_points(fw, item.column, item.code),
            points=final,
            extra=(item.framework, item.column),
        ))
    out = io.BytesIO()
    template_workbook(rows, extra_header=EXPORT_HEADER[len(TEMPLATE_HEADER):], extra_widths=(14, 12)).save(out)
    return out.getvalue()


@dataclass(frozen=True)
class RowError:
    """One bad row of an imported sheet: its line, the field and what is wrong."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行，字段「{self.field}」：{self.message}"


class SheetImportError(ValidationError):
    """Every bad row of a sheet; nothing was stored."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = errors
        super().__init__([str(e) for e in errors])


def _first_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def work_items_import_xlsx(
    *, campaign: Any, upload: UploadedFile, actor: Any, today: date | None = None, override_reason: str = ""
) -> int:
    """Submit the scores of a filled template; all rows or none. Returns the number of scores submitted.

    Blank points are skipped (not scored yet). Each scored row must name one of ACTOR's items (admins: any
    single-scored item) and carry evidence in 证据 (a URL) or 备注. Every bad row is reported with its line and field
    (SheetImportError), and then nothing is stored.
    """
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    _phase_open(campaign=campaign, actor=actor, today=today, override_reason=override_reason)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(upload.read())
        try:
            rows = read_point_rows(path)
        except InputError as exc:
            message = str(exc).replace(str(path), upload.name or "上传文件")
            raise ValidationError({"file": f"无法读取表格：{message}"}) from exc

    errors: list[RowError] = []
    planned: list[tuple[WorkItem, float, str, str]] = []
    seen: dict[int, int] = {}
    for row in rows:
        if row.points is None:
            continue
        framework = row.extra.get("指标体系", "").strip()
        column = row.extra.get("评估类别", "").strip()
        candidates = WorkItem.objects.filter(campaign=campaign, target__code=row.target, code=row.code)
        if framework:
            candidates = candidates.filter(framework=framework)
        if column:
            candidates = candidates.filter(column=column)
        found = list(candidates.select_related("campaign", "target")[:2])
        if len(found) != 1:
            what = "没有对应的采集任务" if not found else "对应多项任务，请填写「指标体系」和「评估类别」"
            errors.append(RowError(row.line, "指标代码", f"{row.target} / {row.code}：{what}"))
            continue
        item = found[0]
        if item.pk in seen:
            errors.append(RowError(row.line, "指标代码", f"与第 {seen[item.pk]} 行重复"))
            continue
        seen[item.pk] = row.line
        try:
            score_permission_check(item, actor)
        except (PermissionDenied, WorkflowError) as exc:
            errors.append(RowError(row.line, "参评单位", str(exc)))
            continue
        try:
            value = points_check(item, row.points)
        except ValidationError as exc:
            errors.append(RowError(row.line, "得分", _first_message(exc)))
            continue
        evidence = row.extra.get("证据", "").strip()
        note = row.extra.get("备注", "").strip()
        url = evidence if evidence.startswith(("http://", "https://")) else ""
        if evidence and not url:
            note = f"{evidence}\n{note}".strip()
        if not (url or note):
            errors.append(RowError(row.line, "证据", "提交评分须附证据（网址）或备注"))
            continue
        planned.append((item, value, url, note))
    if errors:
        raise SheetImportError(errors)
    with transaction.atomic():
        for item, value, url, note in planned:
            manual_score_save(
                item=item, actor=actor, points=value, submit=True, evidence_url=url, note=note,
                today=today, override_reason=override_reason,
            )
    return len(planned)

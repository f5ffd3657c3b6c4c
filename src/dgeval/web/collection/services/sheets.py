"""Manual collection's Excel round trip: an evaluator's items as the scoring template, and a filled template back.

The sheet is the scoring template (`dgeval.reports.scoring_sheets`), read back by `dgeval.scoring.io.read_point_rows`
(in the sandbox), with more columns naming the framework and column of each row, the item's status and the review
reason. The exporter's own score comes out with its evidence URL and note (else the item's final score), so an
evaluator who works in Excel loses nothing on the way back: a row equal to what is stored is skipped, and a sheet
imported unchanged changes nothing. 状态 and 复核理由 are for reading; they are not imported. Every row is checked
before anything is stored.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import InputError, WorkflowError
from dgeval.errors import RowError as CellInputError
from dgeval.framework import Framework
from dgeval.reports.scoring_sheets import TEMPLATE_HEADER, TemplateRow, template_workbook
from dgeval.scoring.io import read_point_rows
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.collection.models import ManualScore, ScoreKind, WorkItem
from dgeval.web.collection.services.scoring import (
    manual_phase_require_open,
    item_max_points,
    item_points_check,
    manual_score_save,
    score_permission_check,
)
from dgeval.web.common.batches import chunked
from dgeval.web.common.forms import error_text
from dgeval.web.common.sheets import CellError, SheetError
from dgeval.web.common.frameworks import framework_for

#: Extra template columns so that an import knows the framework and column of each row (a province is scored in two),
#: and what the item's status and review reason are (read only).
EXPORT_HEADER = (*TEMPLATE_HEADER, "指标体系", "评估类别", "状态", "复核理由")
#: The sheet's name, as errors name it.
SHEET = "人工采集"


def _own_scores(items: Iterable[WorkItem], actor: Any) -> dict[int, ManualScore]:
    """ACTOR's own scores of ITEMS, by item (none without an actor); an admin's whole template may hold more items
    than one query can name, so they are asked a chunk at a time."""
    if actor is None:
        return {}
    own: dict[int, ManualScore] = {}
    for chunk in chunked([item.pk for item in items]):
        scores = ManualScore.objects.filter(work_item__in=chunk, evaluator=actor, kind=ScoreKind.EVALUATION)
        for score in scores.order_by("pk"):
            own.setdefault(score.work_item_id, score)
    return own


def _shown_score(item: WorkItem, own: dict[int, ManualScore]) -> ManualScore | None:
    """The score a sheet shows for ITEM: the reader's own (OWN), else the item's final score."""
    return own.get(item.pk) or (item.final_score if item.final_score_id else None)


def work_items_export_xlsx(*, items: Iterable[WorkItem], actor: Any = None) -> bytes:
    """The scoring template (same header, read back by `dgeval.scoring.io.read_point_rows`) for ITEMS only.

    `dgeval.reports.scoring_sheets.write_template` writes every leaf of a column for the targets it is given; an evaluator's
    sheet must hold only the items assigned to them, so the rows are chosen here, with two more columns naming the
    framework and column of each row.
    """
    frameworks: dict[tuple[int, str], Framework] = {}
    items = list(items)
    own = _own_scores(items, actor)
    rows = []
    for item in items:
        key = (item.campaign_id, item.framework)
        fw = frameworks.setdefault(key, framework_for(campaign=item.campaign, framework=item.framework))
        shown = _shown_score(item, own)
        final = item.final_score if item.final_score_id else None
        rows.append(TemplateRow(
            target=item.target.code,
            leaf=fw.indicator(item.code),
            maximum=item_max_points(item),
            points=shown.points if shown else None,
            evidence=shown.evidence_url if shown else None,
            note=shown.note if shown else None,
            extra=(item.framework, item.column, item.get_status_display(),
                   (shown.reason if shown and shown.reason else (final.reason if final else "")) or None),
        ))
    out = io.BytesIO()
    template_workbook(rows, extra_header=EXPORT_HEADER[len(TEMPLATE_HEADER):], extra_widths=(14, 12, 16, 30)).save(out)
    return out.getvalue()


class SheetImportError(SheetError):
    """Every bad row of an imported scoring sheet; nothing was stored."""


def work_items_import_xlsx(
    *, campaign: Any, upload: UploadedFile, actor: Any, today: date | None = None, override_reason: str = ""
) -> int:
    """Submit the scores of a filled template; all rows or none. Returns the number of scores submitted.

    Blank points are skipped (not scored yet), and so are rows equal to the score the sheet was exported with (the
    same points, evidence and note): importing an unchanged sheet changes nothing. Each scored row must name one of ACTOR's items (admins: any
    single-scored item) and carry evidence in 证据 (a URL) or 备注. Every bad row is reported with its line and field
    (SheetImportError), and then nothing is stored.
    """
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    manual_phase_require_open(campaign=campaign, actor=actor, today=today, override_reason=override_reason)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(upload.read())
        try:
            rows = read_point_rows(path)
        except CellInputError as exc:
            raise SheetImportError([_row_error(exc)]) from exc
        except InputError as exc:
            message = str(exc).replace(str(path), upload.name or _("上传文件"))
            raise ValidationError({"file": _("无法读取表格：%(message)s") % {"message": message}}) from exc

    errors: list[CellError] = []
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
            what = _("没有对应的采集任务") if not found else _("对应多项任务，请填写「指标体系」和「评估类别」")
            errors.append(CellError(SHEET, row.line, _("指标代码"), f"{row.target} / {row.code}：{what}"))
            continue
        item = found[0]
        if item.pk in seen:
            errors.append(CellError(SHEET, row.line, _("指标代码"), _("与第 %(line)s 行重复") % {"line": seen[item.pk]}))
            continue
        seen[item.pk] = row.line
        evidence = row.extra.get("证据", "").strip()
        note = row.extra.get("备注", "").strip()
        url = evidence if evidence.startswith(("http://", "https://")) else ""
        if evidence and not url:
            note = f"{evidence}\n{note}".strip()
        if _unchanged(_shown_score(item, _own_scores([item], actor)), row.points, url, note):
            continue
        try:
            score_permission_check(item, actor)
        except (PermissionDenied, WorkflowError) as exc:
            errors.append(CellError(SHEET, row.line, _("参评单位"), str(exc)))
            continue
        try:
            value = item_points_check(item, row.points)
        except ValidationError as exc:
            errors.append(CellError(SHEET, row.line, _("得分"), error_text(exc)))
            continue
        if not (url or note):
            errors.append(CellError(SHEET, row.line, _("证据"), _("提交评分须附证据（网址）或备注")))
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


def _unchanged(score: ManualScore | None, points: float, url: str, note: str) -> bool:
    """A row that says what SCORE already says (submitted, same points, evidence and note)."""
    return (score is not None and score.is_submitted and score.points is not None
            and abs(score.points - points) < 1e-9 and score.evidence_url == url and score.note.strip() == note)


#: The reader's field names as the sheet's columns name them.
_COLUMNS = {"target": "参评单位", "code": "指标代码", "points": "得分"}


def _row_error(exc: CellInputError) -> CellError:
    column = _COLUMNS.get(exc.field, exc.field)
    if exc.field == "points":
        return CellError(SHEET, exc.line, column, _("应为数字（收到 %(value)s）") % {"value": exc.value})
    return CellError(SHEET, exc.line, column, _("不能为空"))

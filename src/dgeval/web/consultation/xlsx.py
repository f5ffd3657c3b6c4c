"""Export of consultation comments and answers to Excel (team only)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from django.utils import timezone

from dgeval.reports.xlsx import Sheet, write_workbook
from dgeval.web.consultation.models import Comment

COLUMNS = ("编号", "指标体系", "指标编码", "指标", "留言人", "意见内容", "留言时间", "回复", "回复人", "回复时间", "已隐藏")


def _local(dt: object) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""  # type: ignore[arg-type]


def comments_export_xlsx(out: str | Path | IO[bytes], comments: Iterable[Comment]) -> None:
    """One row per comment, with its answer; times in Asia/Shanghai. Comments are public input: never formulas."""
    rows = ([c.pk, c.framework, c.indicator_code, c.indicator_name, c.author_name, c.body, _local(c.created_at),
             c.answer, str(c.answered_by) if c.answered_by_id else "", _local(c.answered_at), "是" if c.hidden else "否"]
            for c in comments)
    write_workbook(out, [Sheet("意见征集", COLUMNS, rows, (8, 14, 26, 40, 12, 60, 17, 60, 12, 17, 8),
                               wrap=tuple(range(1, len(COLUMNS) + 1)))])

"""Excel export/import of targets and channels (sheets 评估对象 and 渠道).

The header row uses the Chinese column names below; kinds may be given as code (`county`) or label
(`区县`). Every problem is reported with sheet, row number (as Excel shows it) and column name, and
the import is all-or-nothing (see `targets_import_xlsx`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import InputError
from dgeval.reports.xlsx import Sheet, write_workbook
from dgeval.spreadsheets import read_workbook
from dgeval.web.audit.services import audit_record
from dgeval.web.targets.models import Channel, ChannelKind, Target, TargetKind
from dgeval.web.targets.services import ImportResult, target_fields

TARGET_SHEET = "评估对象"
CHANNEL_SHEET = "渠道"
TARGET_COLUMNS = ("编码", "名称", "简称", "类型", "上级编码", "行政区划代码", "有门户网站", "网站网址")
CHANNEL_COLUMNS = ("对象编码", "渠道类型", "名称", "地址")
_TRUE = {"是", "有", "true", "1", "yes", "y"}
_FALSE = {"否", "无", "false", "0", "no", "n"}


def targets_export_xlsx(out: str | Path | IO[bytes], targets: Iterable[Target] | None = None) -> None:
    """Write every target (or the given ones) and their channels to an .xlsx workbook."""
    if targets is None:
        targets = Target.objects.select_related("parent").order_by("kind", "code")
    targets = list(targets)
    channels = Channel.objects.filter(target__in=targets).select_related("target").order_by("target__code", "kind")
    write_workbook(out, [
        Sheet(TARGET_SHEET, TARGET_COLUMNS, ([
            t.code, t.name, t.short_name, t.get_kind_display(), t.parent.code if t.parent_id else "",
            t.division_code, "是" if t.has_website else "否", t.website_url] for t in targets),
            (16, 30, 14, 14, 12, 14, 10, 40)),
        Sheet(CHANNEL_SHEET, CHANNEL_COLUMNS,
              ([ch.target.code, ch.get_kind_display(), ch.name, ch.url] for ch in channels), (16, 10, 30, 40)),
    ])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value: str, choices: type[TargetKind] | type[ChannelKind]) -> str | None:
    """Accept the code or the Chinese label of a choice."""
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    return None


def _url_ok(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def _header(rows: list[tuple], sheet: str, expected: tuple[str, ...]) -> dict[str, int]:
    if not rows:
        raise InputError(_("工作表“%(sheet)s”为空，应有表头：%(columns)s") % {"sheet": sheet, "columns": "、".join(expected)})
    header = [_text(c) for c in rows[0]]
    missing = [c for c in expected if c not in header]
    if missing:
        raise InputError(_("工作表“%(sheet)s”第 1 行：缺少列 %(columns)s") % {"sheet": sheet, "columns": "、".join(missing)})
    return {name: header.index(name) for name in expected}


def targets_import_xlsx(source: str | Path | IO[bytes], *, actor: Any = None) -> ImportResult:
    """Create or update targets and channels from a workbook written by `targets_export_xlsx`.

    Raises InputError listing every bad row ("工作表“评估对象”第 3 行，列“类型”：…") and changes
    nothing if there is any; otherwise applies the whole file in one transaction and audits it.
    """
    # Parsed in a limited worker process, never in the web server's (dgeval.spreadsheets).
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    sheets = read_workbook(data, getattr(source, "name", None) or str(source), sheets=(TARGET_SHEET, CHANNEL_SHEET))
    if TARGET_SHEET not in sheets:
        raise InputError(_("缺少工作表“%(sheet)s”") % {"sheet": TARGET_SHEET})
    target_rows = sheets[TARGET_SHEET]
    channel_rows = sheets.get(CHANNEL_SHEET, [])

    errors: list[str] = []
    cols = _header(target_rows, TARGET_SHEET, TARGET_COLUMNS)
    parsed: list[tuple[int, dict[str, Any], str]] = []
    seen: dict[str, int] = {}
    existing = set(Target.objects.values_list("code", flat=True))

    def err(sheet: str, row: int, column: str, message: str) -> None:
        errors.append(_("工作表“%(sheet)s”第 %(row)s 行，列“%(column)s”：%(message)s") % {
            "sheet": sheet, "row": row, "column": column, "message": message})

    for rownum, row in enumerate(target_rows[1:], start=2):
        cell = {name: _text(row[i]) if i < len(row) else "" for name, i in cols.items()}
        if not any(cell.values()):
            continue
        code, name = cell["编码"], cell["名称"]
        if not code:
            err(TARGET_SHEET, rownum, "编码", "不能为空")
        elif len(code) > 64:
            err(TARGET_SHEET, rownum, "编码", "超过 64 个字符")
        elif code in seen:
            err(TARGET_SHEET, rownum, "编码", _("“%(code)s”与第 %(row)s 行重复") % {"code": code, "row": seen[code]})
        else:
            seen[code] = rownum
        if not name:
            err(TARGET_SHEET, rownum, "名称", "不能为空")
        kind = _choice(cell["类型"], TargetKind)
        if kind is None:
            allowed = "、".join(str(label) for _, label in TargetKind.choices)
            err(TARGET_SHEET, rownum, "类型", _("“%(value)s”不是有效类型，应为：%(allowed)s") % {"value": cell["类型"], "allowed": allowed})
        has_text = cell["有门户网站"].lower()
        if has_text and has_text not in _TRUE | _FALSE:
            err(TARGET_SHEET, rownum, "有门户网站", _("“%(value)s”应为“是”或“否”") % {"value": cell["有门户网站"]})
        url = cell["网站网址"]
        if url and not _url_ok(url):
            err(TARGET_SHEET, rownum, "网站网址", _("“%(url)s”不是有效网址，应以 http:// 或 https:// 开头并包含域名") % {"url": url})
        has_website = (has_text in _TRUE) if has_text else bool(url)
        values = {
            "name": name,
            "short_name": cell["简称"],
            "kind": kind,
            "division_code": cell["行政区划代码"],
            "has_website": has_website,
            "website_url": url,
        }
        parsed.append((rownum, values, code))
        if cell["上级编码"] == code and code:
            err(TARGET_SHEET, rownum, "上级编码", "不能是自身")
        values["_parent"] = cell["上级编码"]
    for rownum, values, _code in parsed:
        parent = values["_parent"]
        if parent and parent not in seen and parent not in existing:
            err(TARGET_SHEET, rownum, "上级编码", _("“%(code)s”既不在本文件中，也不是已有评估对象") % {"code": parent})

    channel_specs: list[tuple[int, str, str, str, str]] = []
    if channel_rows:
        ccols = _header(channel_rows, CHANNEL_SHEET, CHANNEL_COLUMNS)
        for rownum, row in enumerate(channel_rows[1:], start=2):
            cell = {name: _text(row[i]) if i < len(row) else "" for name, i in ccols.items()}
            if not any(cell.values()):
                continue
            tcode = cell["对象编码"]
            if not tcode:
                err(CHANNEL_SHEET, rownum, "对象编码", "不能为空")
            elif tcode not in seen and tcode not in existing:
                err(CHANNEL_SHEET, rownum, "对象编码", _("“%(code)s”不是本文件或已有的评估对象") % {"code": tcode})
            ckind = _choice(cell["渠道类型"], ChannelKind)
            if ckind is None:
                allowed = "、".join(str(label) for _, label in ChannelKind.choices)
                err(CHANNEL_SHEET, rownum, "渠道类型", _("“%(value)s”不是有效类型，应为：%(allowed)s") % {"value": cell["渠道类型"], "allowed": allowed})
            if not cell["名称"]:
                err(CHANNEL_SHEET, rownum, "名称", "不能为空")
            if ckind == ChannelKind.WEBSITE and cell["地址"] and not _url_ok(cell["地址"]):
                err(CHANNEL_SHEET, rownum, "地址", _("“%(url)s”不是有效网址") % {"url": cell["地址"]})
            channel_specs.append((rownum, tcode, ckind or "", cell["名称"], cell["地址"]))

    if errors:
        raise InputError(_("导入失败，未做任何修改：\n%(errors)s") % {"errors": "\n".join(errors)})
    return _apply(parsed, channel_specs, actor=actor)


@transaction.atomic
def _apply(
    parsed: list[tuple[int, dict[str, Any], str]],
    channel_specs: list[tuple[int, str, str, str, str]],
    *,
    actor: Any,
) -> ImportResult:
    """Write validated rows: targets first, then parents (rows may refer to later rows), then channels."""
    result = ImportResult()
    by_code: dict[str, Target] = {}
    parents: dict[str, str] = {}
    for _rownum, values, code in parsed:
        parents[code] = values.pop("_parent")
        target = Target.objects.filter(code=code).first()
        before = target_fields(target) if target else None
        if target is None:
            target = Target(code=code, **values)
            target.save()
            result.created += 1
        else:
            changed = any(getattr(target, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(target, k, v)
            target.save()
            result.updated += changed
            result.unchanged += not changed
        by_code[code] = target
        result.codes.append(code)
        target._import_before = before  # type: ignore[attr-defined]
    for code, parent_code in parents.items():
        target = by_code[code]
        target.parent = (by_code.get(parent_code) or Target.objects.get(code=parent_code)) if parent_code else None
        target.save(update_fields=["parent"])
    for _rownum, tcode, ckind, name, url in channel_specs:
        target = by_code.get(tcode) or Target.objects.get(code=tcode)
        _, created = Channel.objects.update_or_create(target=target, kind=ckind, name=name, defaults={"url": url})
        result.channels_created += created
        result.channels_updated += not created
    for target in by_code.values():
        before = target._import_before  # type: ignore[attr-defined]
        after = target_fields(target)
        if before != after:
            audit_record(
                actor=actor,
                action="target.import",
                obj=target,
                before=before,
                after=after,
                reason="Excel 导入",
            )
    return result

"""Reading an export file (CSV, XLSX or JSON) into numbered records, with bounds on what a file may cost.

An export comes from outside (a platform's back office, an evaluator's spreadsheet), so reading it is bounded before
anything is parsed: the file's size, its rows and columns, and for XLSX — a ZIP archive — the declared uncompressed
size and compression ratio of its members, checked before openpyxl opens it (read-only), so that a small “XLSX
bomb” cannot inflate into gigabytes. Python's zipfile never inflates a member beyond its declared size, which makes
the declared sizes a bound. Every error names the file and, where there is one, the row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Mapping

from dgeval.errors import InputError
from dgeval.i18n import gettext as _
from dgeval.spreadsheets import read_workbook

Unit = Literal["row", "item"]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one export file may cost; the defaults hold a year of posts of a busy account many times over."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    max_columns: int = 64
    xlsx_max_uncompressed: int = 100 * 1024 * 1024
    xlsx_max_ratio: float = 100.0
    xlsx_max_members: int = 500


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad value: the row (line of a CSV or sheet, item of a JSON list; None for the whole file), the column."""

    row: int | None
    column: str
    message: str
    unit: Unit = "row"

    def __str__(self) -> str:
        if self.row is None:
            label = _("“%(column)s”字段") if self.unit == "item" else _("“%(column)s”列")
            where = label % {"column": self.column} if self.column else ""
        elif self.unit == "item":
            where = _("第 %(row)d 条记录") % {"row": self.row}
            where += _("，“%(column)s”字段") % {"column": self.column} if self.column else ""
        else:
            where = _("第 %(row)d 行") % {"row": self.row}
            where += _("，“%(column)s”列") % {"column": self.column} if self.column else ""
        return f"{where}：{self.message}" if where else self.message


class ExportError(InputError):
    """An export file was refused; `errors` lists every bad row and column found (at most a screenful)."""

    def __init__(self, source: str, errors: list[RowError] | tuple[RowError, ...]) -> None:
        self.source = source
        self.errors = tuple(errors)
        shown = "；".join(str(e) for e in self.errors[:3])
        more = _("（共 %(count)d 处错误）") % {"count": len(self.errors)} if len(self.errors) > 3 else ""
        super().__init__(f"{source}：{shown}{more}")


@dataclass(frozen=True, slots=True)
class Record:
    """One row or item: its number as the user sees it, and its values by column name (text, stripped)."""

    number: int
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    source: str
    unit: Unit
    header: tuple[str, ...]
    records: tuple[Record, ...] = field(repr=False)


def _refuse(source: str, message: str, row: int | None = None, unit: Unit = "row") -> ExportError:
    return ExportError(source, [RowError(row, "", message, unit)])


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without “.0”, dates and times in ISO form (what the parsers read)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _kind(data: bytes, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in ("xlsx", "xlsm"):
        return "not-xlsx"
    if suffix == "json" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_table(data: bytes, filename: str, limits: Limits = Limits()) -> Table:
    """The records of an export file given as bytes; ExportError naming the file (and row) if it is refused."""
    source = filename or _("上传的文件")
    if not data:
        raise _refuse(source, _("文件为空"))
    if len(data) > limits.max_bytes:
        raise _refuse(source, _("文件过大：%(size).1f MB，上限 %(limit).1f MB") % {
            "size": len(data) / 1048576, "limit": limits.max_bytes / 1048576})
    kind = _kind(data, filename)
    if kind == "not-xlsx":
        raise _refuse(source, _("文件扩展名为 .xlsx，但内容不是 Excel 工作簿"))
    if kind == "xlsx":
        return _table(source, "row", _xlsx_rows(data, source, limits), limits)
    if kind == "json":
        return _json_table(data, source, limits)
    return _table(source, "row", _csv_rows(data, source), limits)


def _decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 — Excel in China saves CSV as GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(source, _("无法识别文件编码（应为 UTF-8 或 GBK）"))


def _csv_rows(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(_decode(data, source), newline=""))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(source, _("CSV 格式错误：%(error)s") % {"error": exc}, line) from exc


def xlsx_check(data: bytes, source: str, limits: Limits = Limits()) -> None:
    """Refuse an XLSX whose members would inflate beyond the limits, before anything inflates them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _refuse(source, _("不是有效的 Excel 工作簿（%(error)s）") % {"error": exc}) from exc
    if len(members) > limits.xlsx_max_members:
        raise _refuse(source, _("工作簿包含 %(count)d 个部件，超过上限 %(limit)d") % {
            "count": len(members), "limit": limits.xlsx_max_members})
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > limits.xlsx_max_uncompressed:
        raise _refuse(source, _("工作簿解压后 %(size).0f MB，超过上限 %(limit).0f MB") % {
            "size": total / 1048576, "limit": limits.xlsx_max_uncompressed / 1048576})
    if total > 1024 * 1024 and total > limits.xlsx_max_ratio * max(packed, 1):
        raise _refuse(source, _("工作簿压缩比异常（%(ratio).0f 倍，上限 %(limit).0f 倍），疑似压缩炸弹") % {
            "ratio": total / max(packed, 1), "limit": limits.xlsx_max_ratio})


def _xlsx_rows(data: bytes, source: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    xlsx_check(data, source, limits)
    # Parsed in a limited worker process, never in the caller's (a web server's): dgeval.spreadsheets.
    (rows,) = read_workbook(data, source, first_only=True).values()
    for number, row in enumerate(rows, 1):
        yield number, [cell_text(v) for v in row[:limits.max_columns]]


def _table(source: str, unit: Unit, rows: Iterator[tuple[int, list[str]]], limits: Limits) -> Table:
    header: list[str] | None = None
    records: list[Record] = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > limits.max_columns:
            raise _refuse(source, _("超过 %(limit)d 列") % {"limit": limits.max_columns}, number)
        if header is None:
            header = _header(source, [c.strip() for c in cells], number)
            continue
        if len(records) >= limits.max_rows:
            raise _refuse(source, _("超过 %(limit)d 行，请分成多个文件导入") % {"limit": limits.max_rows}, number)
        values = {name: cells[i].strip() for i, name in enumerate(header) if name and i < len(cells)}
        records.append(Record(number, values))
    if header is None:
        raise _refuse(source, _("没有表头行"))
    return Table(source=source, unit=unit, header=tuple(header), records=tuple(records))


def _header(source: str, names: list[str], number: int) -> list[str]:
    while names and not names[-1]:
        names.pop()
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in seen:
            raise _refuse(source, _("表头“%(name)s”出现了两次（第 %(a)d 列和第 %(b)d 列）") % {
                "name": name, "a": seen[name] + 1, "b": i + 1}, number)
        seen[name] = i
    return names


def _json_table(data: bytes, source: str, limits: Limits) -> Table:
    try:
        raw = json.loads(_decode(data, source))
    except json.JSONDecodeError as exc:
        raise _refuse(source, _("JSON 格式错误（第 %(line)d 行第 %(col)d 列）：%(error)s") % {
            "line": exc.lineno, "col": exc.colno, "error": exc.msg}) from exc
    if isinstance(raw, dict) and isinstance(raw.get("data"), list):
        raw = raw["data"]
    if not isinstance(raw, list):
        raise _refuse(source, _("JSON 应为记录列表（或含“data”列表的对象）"))
    if len(raw) > limits.max_rows:
        raise _refuse(source, _("超过 %(limit)d 条记录，请分成多个文件导入") % {"limit": limits.max_rows})
    header: dict[str, None] = {}
    records = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise _refuse(source, _("每条记录应为对象（键为列名）"), number, "item")
        if len(item) > limits.max_columns:
            raise _refuse(source, _("超过 %(limit)d 个字段") % {"limit": limits.max_columns}, number, "item")
        values = {}
        for key, value in item.items():
            if isinstance(value, (dict, list)):
                raise ExportError(source, [RowError(number, str(key), _("应为文字或数字，不能是嵌套结构"), "item")])
            values[str(key).strip()] = cell_text(value)
            header.setdefault(str(key).strip(), None)
        records.append(Record(number, values))
    return Table(source=source, unit="item", header=tuple(header), records=tuple(records))

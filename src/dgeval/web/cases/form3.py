"""附件3 (优秀创新案例推荐表) as files: the blank form as XLSX and DOCX, and reading filled ones back.

The plan has units e-mail the form; evaluators import what they receive. Reading is by label, not by position, so
a form whose rows were moved, or the printed Word layout with several label/value pairs per row, still reads.
Every problem is reported with the file, the row and the field; nothing is stored unless every file reads cleanly
(`nominations_import` in `screening.py`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import docx
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from dgeval.errors import InputError
from dgeval.sandbox import Refused
from dgeval.spreadsheets import read_workbook
from dgeval.web.cases.categories import CaseCategory
from dgeval.web.cases.models import CASES_PER_NOMINATION, REASON_MAX_CHARS
from dgeval.web.cases.nominations import reason_problem
from dgeval.word import read_docx

TITLE = "2020年数字政府服务能力评估暨第十九届政府网站绩效评估优秀创新案例推荐表"
SECTIONS = ("推荐案例一", "推荐案例二", "推荐案例三")
#: (field, label printed on the form)
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("nominator", "推荐单位（个人）"),
    ("nominated_on", "推荐日期"),
    ("unit_name", "单位名称"),
    ("unit_url", "单位网址"),
    ("contact_name", "联系人姓名"),
    ("contact_phone", "联系电话"),
    ("contact_email", "E-MAIL"),
    ("contact_address", "通讯地址"),
)
CASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("category", "案例类型"),
    ("name", "案例名称"),
    ("url", "案例网址"),
    ("reason", f"推荐理由（{REASON_MAX_CHARS} 字以内）"),
)
NOTES = (
    "注1：部分案例类别评估内容可能存在一定程度上的交叉，参评单位可结合实际情况选择最适合本地情况的案例类别提供相关材料。",
    "注2：推荐理由可从展现功能、做法模式、效益效果、制度机制、可推广性等方面简要描述，案例具体内容请以附件形式提供。",
    "注3：部分案例无法通过互联网渠道提供展现内容的，可不填“案例网址”栏，但需要提供必要的佐证材料。",
)
#: Label spellings met on filled forms → field. Matched on the label with spaces and punctuation removed.
_ALIASES: dict[str, str] = {
    "推荐单位个人": "nominator", "推荐单位": "nominator", "推荐日期": "nominated_on", "单位名称": "unit_name",
    "单位网址": "unit_url", "联系人姓名": "contact_name", "姓名": "contact_name", "联系电话": "contact_phone",
    "email": "contact_email", "电子邮箱": "contact_email", "邮箱": "contact_email", "通讯地址": "contact_address",
    "案例类型": "category", "案例名称": "name", "案例网址": "url", "推荐理由": "reason",
}
_SECTION = {"推荐案例一": 0, "推荐案例二": 1, "推荐案例三": 2, "推荐案例1": 0, "推荐案例2": 1, "推荐案例3": 2}
_MARKS = "☑☒■√✓✔▣●◼"
_FIELD_LABELS = dict(HEADER_FIELDS) | dict(CASE_FIELDS) | {"reason": "推荐理由"}


def _norm(label: str) -> str:
    """A label without spaces, punctuation or the parenthesised hint: "推荐理由（300 字以内）" → "推荐理由"."""
    text = re.sub(r"[（(][^）)]*[）)]", "", label)
    return re.sub(r"[\s:：_\-—()（）“”\"'·]", "", text).lower()


def _field_of(label: str) -> str | None:
    key = _norm(label)
    if label.strip().startswith("推荐单位（个人）") or key == "推荐单位个人":
        return "nominator"
    return _ALIASES.get(key)


def _section_of(label: str) -> int | None:
    return _SECTION.get(_norm(label))


def category_labels() -> dict[str, str]:
    """Category label as printed → value, with the quote-less spelling of “新基建”助力 too."""
    out = {str(label): value for value, label in CaseCategory.choices}
    out["新基建助力"] = CaseCategory.NEW_INFRASTRUCTURE
    out['"新基建"助力'] = CaseCategory.NEW_INFRASTRUCTURE
    return out


# --- the blank form ---------------------------------------------------------------------------------------------

def blank_xlsx() -> bytes:
    """The blank 附件3 as a workbook: labels in column A, answers in column B, a drop-down for 案例类型."""
    book = Workbook()
    sheet = book.active
    sheet.title = "推荐表"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 80
    sheet.append([TITLE])
    sheet.merge_cells("A1:B1")
    sheet["A1"].font = Font(bold=True, size=13)
    for _field, label in HEADER_FIELDS:
        sheet.append([label, None])
    choices = ",".join(str(label) for _v, label in CaseCategory.choices).replace('"', '""')
    category_rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                                   errorTitle="案例类型", error="请从下拉列表中选择案例类型")
    sheet.add_data_validation(category_rule)
    for section in SECTIONS:
        sheet.append([])
        sheet.append([section])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for name, label in CASE_FIELDS:
            sheet.append([label, None])
            cell = sheet.cell(row=sheet.max_row, column=2)
            if name == "category":
                category_rule.add(cell)
            if name == "reason":
                sheet.row_dimensions[sheet.max_row].height = 120
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    for note in NOTES:
        sheet.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank_docx() -> bytes:
    """The blank 附件3 as Word, laid out like the printed form (□ boxes to tick for 案例类型)."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    document.add_paragraph("附件 3")
    document.add_heading(TITLE, level=1)
    document.add_paragraph("推荐单位（个人）：")
    document.add_paragraph("推荐日期：    年   月   日")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for _field, label in HEADER_FIELDS[2:]:
        row = table.add_row().cells
        row[0].text = label
    boxes = "  ".join(f"□{label}" for _v, label in CaseCategory.choices)
    for section in SECTIONS:
        head = table.add_row().cells
        head[0].merge(head[1]).text = section
        for name, label in CASE_FIELDS:
            row = table.add_row().cells
            row[0].text = label
            if name == "category":
                row[1].text = boxes
    for note in NOTES:
        document.add_paragraph(note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- reading filled forms ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormError:
    """One problem in an imported form: the file, where in it, the field, and what is wrong."""

    file: str
    place: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.place}" if self.place else ""
        return _("%(file)s %(place)s「%(field)s」：%(message)s") % {
            "file": self.file, "place": where, "field": self.field, "message": self.message}


@dataclass
class ParsedCase:
    category: str = ""
    name: str = ""
    url: str = ""
    reason: str = ""
    places: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedForm:
    """A filled 附件3 as read: header values, up to three cases, and where each value was found."""

    file: str
    values: dict[str, str] = field(default_factory=dict)
    nominated_on: date | None = None
    cases: list[ParsedCase] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)


#: (place, label, value, date value if the cell held one)
Cell = tuple[str, str, str, date | None]


def _xlsx_cells(data: bytes, name: str) -> Iterator[Cell]:
    (rows,) = read_workbook(data, name, first_only=True).values()
    for number, row in enumerate(rows, start=1):
        cells = [c for c in row if c is not None and str(c).strip() != ""]
        if not cells:
            continue
        label = str(cells[0])
        value = cells[1] if len(cells) > 1 else None
        day = value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None
        text = "" if value is None else str(value).strip()
        yield _("第 %(row)d 行") % {"row": number}, label, text, day


def _docx_cells(data: bytes, name: str) -> Iterator[Cell]:
    document = read_docx(data, name)
    for paragraph in document.paragraphs:
        text = paragraph.strip()
        match = re.match(r"^(推荐单位（个人）|推荐单位\(个人\)|推荐日期)[：:]\s*(.*)$", text)
        if match:
            yield _("表格上方"), match.group(1), match.group(2).strip(), None
    for number, row in enumerate((r for t in document.tables for r in t), start=1):
        seen: list[str] = []
        for cell in row:
            text = cell.strip()
            if not seen or seen[-1] != text:
                seen.append(text)
        place = _("表格第 %(row)d 行") % {"row": number}
        index = 0
        while index < len(seen):
            label = seen[index]
            if _section_of(label) is not None:
                yield place, label, "", None
                index += 1
            elif _field_of(label) is not None:
                value = seen[index + 1] if index + 1 < len(seen) and _field_of(seen[index + 1]) is None else ""
                yield place, label, value, None
                index += 2 if value else 1
            else:
                index += 1


def _category_from(text: str) -> tuple[str | None, int]:
    """(category value, how many were marked) from a cell: a ticked box, or a single category name."""
    labels = category_labels()
    marked = []
    for label, value in labels.items():
        for match in re.finditer(re.escape(label), text):
            before = text[:match.start()].rstrip()
            if before and before[-1] in _MARKS and value not in marked:
                marked.append(value)
    if marked:
        return (marked[0] if len(marked) == 1 else None), len(marked)
    bare = re.sub(r"[□\s]", "", text)
    if bare in labels:
        return labels[bare], 1
    return None, 0


def _date_from(text: str) -> date | None:
    match = re.search(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})", text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_form(name: str, data: bytes) -> ParsedForm:
    """Read a filled 附件3 (XLSX or DOCX, told apart by content) in a sandbox worker (`dgeval.spreadsheets`,
    `dgeval.word`); raises ValidationError if it is neither, or if a limit stopped the reading (a bomb: the message
    says which limit)."""
    form = ParsedForm(file=name)
    try:
        cells: Iterable[Cell] = list(_docx_cells(data, name) if is_docx(data) else _xlsx_cells(data, name))
    except InputError as exc:
        if isinstance(exc.__cause__, Refused):
            raise ValidationError(str(exc)) from exc
        raise ValidationError(_("%(file)s：无法读取，请上传 Excel（.xlsx）或 Word（.docx）格式的推荐表") % {"file": name}) from exc
    current: ParsedCase | None = None
    for place, label, value, day in cells:
        section = _section_of(label)
        if section is not None:
            while len(form.cases) <= section:
                form.cases.append(ParsedCase())
            current = form.cases[section]
            continue
        name_ = _field_of(label)
        if name_ is None:
            continue
        if name_ in {n for n, _l in CASE_FIELDS}:
            if current is None:
                continue
            setattr(current, name_, value)
            current.places[name_] = place
        else:
            form.values[name_] = value
            form.places[name_] = place
            if name_ == "nominated_on":
                form.nominated_on = day or _date_from(value)
    # An untouched block (blank, or only the printed □ boxes) is no case.
    form.cases = [c for c in form.cases if c.name or c.url or c.reason or _category_from(c.category)[1]]
    return form


def is_docx(data: bytes) -> bool:
    """A Word file: a ZIP whose first entries include the word/ part (read forms are never huge)."""
    return data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]


def form_errors(form: ParsedForm) -> list[FormError]:
    """Every rule the form breaks, with its place and field (empty list: the form is good)."""
    errors: list[FormError] = []

    def add(place: str, field_name: str, message: str) -> None:
        errors.append(FormError(form.file, place, _FIELD_LABELS.get(field_name, field_name), message))

    unit = form.values.get("unit_name") or form.values.get("nominator", "")
    if not unit:
        add(form.places.get("unit_name", ""), "unit_name", _("请填写单位名称"))
    for name_ in ("contact_name", "contact_phone", "contact_address"):
        if not form.values.get(name_):
            add(form.places.get(name_, ""), name_, _("必填"))
    email = form.values.get("contact_email", "")
    try:
        validate_email(email)
    except ValidationError:
        add(form.places.get("contact_email", ""), "contact_email", _("“%(value)s”不是有效的电子邮箱") % {"value": email})
    if form.values.get("unit_url") and not _is_url(form.values["unit_url"]):
        add(form.places["unit_url"], "unit_url", _("“%(value)s”不是有效网址") % {"value": form.values["unit_url"]})
    if form.nominated_on is None:
        add(form.places.get("nominated_on", ""), "nominated_on",
            _("请按“2020年11月10日”或“2020-11-10”填写推荐日期"))
    if not form.cases:
        add("", "name", _("推荐表中没有填写任何案例"))
    if len(form.cases) > CASES_PER_NOMINATION:
        add("", "name", _("每张推荐表最多 %(max)d 个案例") % {"max": CASES_PER_NOMINATION})
    for case in form.cases:
        errors.extend(_case_errors(form.file, case))
    return errors


def _case_errors(file: str, case: ParsedCase) -> list[FormError]:
    errors: list[FormError] = []

    def add(field_name: str, message: str) -> None:
        errors.append(FormError(file, case.places.get(field_name, ""), _FIELD_LABELS[field_name], message))

    value, marked = _category_from(case.category)
    if value is None:
        add("category", _("请勾选一项案例类型（勾选了 %(count)d 项）") % {"count": marked} if marked
            else _("请勾选或填写一项案例类型"))
    else:
        case.category = value
    if not case.name:
        add("name", _("请填写案例名称"))
    if case.url and not _is_url(case.url):
        add("url", _("“%(value)s”不是有效网址") % {"value": case.url})
    problem = reason_problem(case.reason)
    if problem:
        add("reason", problem)
    return errors


def _is_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True

"""The blank 附件2 (区县政府网站参评报名表) to download, as XLSX and DOCX, laid out as the plan prints it.

The county fills it in, stamps it and uploads the scan with the online form; the workbook keeps labels in column A
and answers in column B so a filled copy reads back by label (`filled_xlsx_values`).
"""

from __future__ import annotations

import io
import re

import docx
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from dgeval.spreadsheets import read_workbook

TITLE = "区县政府网站参评报名表"
#: (field, label as the plan prints it) above the 联系人信息 block.
SITE_FIELDS: tuple[tuple[str, str], ...] = (
    ("site_name", "网站名称"),
    ("site_url", "网站网址"),
    ("competent_unit", "主管单位"),
    ("sponsor_unit", "主办单位"),
    ("organizer_unit", "承办单位"),
)
CONTACT_HEADING = "联系人信息"
CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("contact_name", "姓    名"),
    ("contact_title", "职    务"),
    ("contact_phone", "工作电话"),
    ("contact_mobile", "手机号码"),
    ("contact_email", "E-MAIL"),
    ("contact_address", "通讯地址"),
)
UNIT_LABEL = "报名单位名称："
STAMP = "（单位盖章）"
DATE_LINE = "年    月    日"


def _key(label: str) -> str:
    return re.sub(r"[\s:：]", "", label).lower()


#: Label (spaces and colons removed) → field.
LABELS: dict[str, str] = {_key(label): name for name, label in (*SITE_FIELDS, *CONTACT_FIELDS)} | {
    _key(UNIT_LABEL): "unit_name", "联系人姓名": "contact_name", "email": "contact_email", "电子邮箱": "contact_email"}


def blank_xlsx() -> bytes:
    """The blank 附件2 as a workbook: the plan's labels in column A, the answers to fill in column B."""
    book = Workbook()
    sheet = book.active
    sheet.title = "参评报名表"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 60
    sheet.append(["附件2："])
    sheet.append([TITLE])
    sheet.merge_cells("A2:B2")
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append([UNIT_LABEL, None])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    first = sheet.max_row + 1
    for _name, label in SITE_FIELDS:
        sheet.append([label, None])
    sheet.append([CONTACT_HEADING])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for _name, label in CONTACT_FIELDS:
        sheet.append([label, None])
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=2):
        for cell in row:
            cell.border = box
    sheet.append([])
    sheet.append([None, STAMP])
    sheet.append([None, DATE_LINE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank_docx() -> bytes:
    """The blank 附件2 as Word: the title, the unit line, the two-column table and the stamp line."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph("附件2：")
    document.add_heading(TITLE, level=1)
    document.add_paragraph(UNIT_LABEL)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for _name, label in SITE_FIELDS:
        table.add_row().cells[0].text = label
    heading = table.add_row().cells
    heading[0].merge(heading[1]).text = CONTACT_HEADING
    for _name, label in CONTACT_FIELDS:
        table.add_row().cells[0].text = label
    document.add_paragraph(STAMP)
    document.add_paragraph(DATE_LINE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filled_xlsx_values(data: bytes, name: str) -> dict[str, str]:
    """The answers of a filled 附件2 workbook by field, read by label (rows may have moved); parsed in the sandbox.

    "报名单位名称：西湖区人民政府" in one cell is read too, as people type the answer after the colon.
    """
    (rows,) = read_workbook(data, name, first_only=True).values()
    values: dict[str, str] = {}
    for row in rows:
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if not cells:
            continue
        head = cells[0]
        if head.startswith(("报名单位名称：", "报名单位名称:")) and len(head) > len(UNIT_LABEL):
            values["unit_name"] = head[len(UNIT_LABEL):].strip()
            continue
        field = LABELS.get(_key(head))
        if field and len(cells) > 1:
            values[field] = cells[1]
    return values

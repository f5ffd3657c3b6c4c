"""附件3 as files: the blank form reads back, filled XLSX and DOCX import, errors name file, row and field."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dgeval.web.audit.models import AuditEntry
from dgeval.web.cases import form3
from dgeval.web.cases.models import CaseStatus, Nomination, NominationSource
from dgeval.web.cases.screening import FormImportError, nominations_import

from .conftest import REASON

pytestmark = pytest.mark.django_db

HEADER = {"推荐单位（个人）": "浙江省大数据发展管理局", "推荐日期": "2020年11月12日", "单位名称": "浙江省大数据发展管理局",
          "单位网址": "http://www.zj.gov.cn/", "联系人姓名": "陈静", "联系电话": "0571-87050000",
          "E-MAIL": "chenjing@zj.gov.cn", "通讯地址": "浙江省杭州市省府路 8 号"}


def filled_xlsx(cases: list[dict[str, str]], **header: str) -> bytes:
    """The blank workbook filled in column B the way a unit would."""
    book = load_workbook(io.BytesIO(form3.blank_xlsx()))
    sheet = book.active
    values = {**HEADER, **header}
    section = -1
    for row in sheet.iter_rows(min_col=1, max_col=2):
        label = row[0].value or ""
        if label in form3.SECTIONS:
            section = form3.SECTIONS.index(label)
        elif section < 0 and label in values:
            row[1].value = values[label]
        elif 0 <= section < len(cases):
            key = "推荐理由" if label.startswith("推荐理由") else label
            row[1].value = cases[section].get(key)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filled_docx(cases: list[dict[str, str]]) -> bytes:
    """The blank Word form filled in: header paragraphs, table values, the chosen category's box ticked."""
    document = docx.Document(io.BytesIO(form3.blank_docx()))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("推荐单位（个人）"):
            paragraph.text = "推荐单位（个人）：浙江省大数据发展管理局"
        elif paragraph.text.startswith("推荐日期"):
            paragraph.text = "推荐日期：2020 年 11 月 12 日"
    section = -1
    for row in document.tables[0].rows:
        label = row.cells[0].text
        if label in form3.SECTIONS:
            section = form3.SECTIONS.index(label)
        elif section < 0 and label in HEADER:
            row.cells[1].text = HEADER[label]
        elif 0 <= section < len(cases):
            key = "推荐理由" if label.startswith("推荐理由") else label
            if key == "案例类型":
                chosen = cases[section]["案例类型"]
                row.cells[1].text = row.cells[1].text.replace(f"□{chosen}", f"☑{chosen}")
            elif key in cases[section]:
                row.cells[1].text = cases[section][key]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CASE_ONE = {"案例类型": "一体化服务", "案例名称": "浙江政务服务网“一网通办”", "案例网址": "https://www.zjzwfw.gov.cn/",
            "推荐理由": REASON}
CASE_TWO = {"案例类型": "“新基建”助力", "案例名称": "浙江省政务云统一平台", "案例网址": "", "推荐理由": "全省政务云集约共享。"}


def test_the_blank_forms_read_back_as_empty():
    for data in (form3.blank_xlsx(), form3.blank_docx()):
        parsed = form3.parse_form("空白.xlsx", data)
        assert parsed.cases == []
        assert any(e.field == "单位名称" for e in form3.form_errors(parsed))


@pytest.mark.parametrize("make", [filled_xlsx, filled_docx])
def test_a_filled_form_reads_back(make):
    parsed = form3.parse_form("推荐表", make([CASE_ONE, CASE_TWO]))
    assert form3.form_errors(parsed) == []
    assert parsed.values["unit_name"] == "浙江省大数据发展管理局" and parsed.nominated_on.isoformat() == "2020-11-12"
    assert [(c.category, c.name) for c in parsed.cases] == [
        ("integrated_service", "浙江政务服务网“一网通办”"), ("new_infrastructure", "浙江省政务云统一平台")]


def test_errors_name_the_file_row_and_field():
    data = filled_xlsx([{**CASE_ONE, "推荐理由": "字" * 301, "案例类型": "智慧城市"}], **{"E-MAIL": "不是邮箱"})
    errors = [str(e) for e in form3.form_errors(form3.parse_form("西湖区.xlsx", data))]
    assert "西湖区.xlsx 第 8 行「E-MAIL」：“不是邮箱”不是有效的电子邮箱" in errors
    assert any(e.startswith("西湖区.xlsx 第 12 行「案例类型」") for e in errors)
    assert "西湖区.xlsx 第 15 行「推荐理由」：推荐理由共 301 字，超过 300 字上限 1 字" in errors


def test_two_ticked_categories_are_refused():
    data = filled_docx([CASE_ONE])
    document = docx.Document(io.BytesIO(data))
    for row in document.tables[0].rows:
        if row.cells[0].text == "案例类型" and "☑" in row.cells[1].text:
            row.cells[1].text = row.cells[1].text.replace("□集约化建设", "☑集约化建设")
    out = io.BytesIO()
    document.save(out)
    errors = form3.form_errors(form3.parse_form("x.docx", out.getvalue()))
    assert [e.message for e in errors] == ["请勾选一项案例类型（勾选了 2 项）"]


def test_import_is_all_or_nothing(campaign_2020, evaluator_user, province_target):
    good = SimpleUploadedFile("浙江.xlsx", filled_xlsx([CASE_ONE]))
    bad = SimpleUploadedFile("坏表.docx", b"not a form at all")
    with pytest.raises(FormImportError) as exc:
        nominations_import(campaign=campaign_2020, files=[good, bad], actor=evaluator_user)
    assert [str(e) for e in exc.value.form_errors][0].startswith("坏表.docx")
    assert not Nomination.objects.exists()
    good.seek(0)
    created = nominations_import(campaign=campaign_2020, actor=evaluator_user, targets=[province_target],
                                 files=[good, SimpleUploadedFile("浙江.docx", filled_docx([CASE_ONE, CASE_TWO]))])
    assert [n.cases.count() for n in created] == [1, 2]
    assert all(n.source == NominationSource.IMPORT and n.source_file for n in created)
    stored = created[1].cases.get(position=2)
    assert stored.status == CaseStatus.SUBMITTED and list(stored.targets.all()) == [province_target]
    assert AuditEntry.objects.filter(action="case.nomination_import").count() == 2


def test_the_import_page_lists_every_problem(evaluator_client, campaign_2020):
    data = filled_xlsx([{**CASE_ONE, "推荐理由": "字" * 310}])
    response = evaluator_client.post(reverse("cases:import"), {"files": [SimpleUploadedFile("表.xlsx", data)]})
    assert response.status_code == 400
    assert "表.xlsx 第 15 行「推荐理由」：推荐理由共 310 字，超过 300 字上限 10 字" in response.text


def docx_bomb(inflated_mb: int = 200) -> bytes:
    """A Word file of a few hundred KB whose document part inflates to INFLATED_MB megabytes of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            for _chunk in range(inflated_mb):
                part.write(b" " * (1 << 20))
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
    return out.getvalue()


def test_a_docx_bomb_is_refused_and_nothing_is_stored(campaign_2020, evaluator_user):
    bomb = docx_bomb()
    assert len(bomb) < 1 << 20 and form3.is_docx(bomb)
    with pytest.raises(FormImportError) as exc:
        nominations_import(campaign=campaign_2020, actor=evaluator_user,
                           files=[SimpleUploadedFile("炸弹.docx", bomb), SimpleUploadedFile("浙江.xlsx", filled_xlsx([CASE_ONE]))])
    (problem,) = [str(e) for e in exc.value.form_errors]
    assert problem.startswith("炸弹.docx") and "拒绝读取该 Word 文档" in problem and "上限" in problem
    assert not Nomination.objects.exists() and not AuditEntry.objects.filter(action="case.nomination_import").exists()


def test_a_file_that_is_neither_form_is_named(campaign_2020):
    with pytest.raises(ValidationError, match="无法读取，请上传 Excel（.xlsx）或 Word（.docx）格式的推荐表"):
        form3.parse_form("说明.pdf", b"%PDF-1.4 not a form")

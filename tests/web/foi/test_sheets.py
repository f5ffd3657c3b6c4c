"""The 依申请公开 register through Excel and back: receipts, answers and scores applied through the services (audited),
errors naming the sheet, the row and the column, and an unchanged file changing nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dgeval.web.audit.models import AuditEntry
from dgeval.web.foi.models import FoiRequest, FoiStatus
from dgeval.web.foi.sheets import FoiSheetError, foi_requests_export_xlsx, foi_requests_import_xlsx

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _export() -> bytes:
    return foi_requests_export_xlsx(requests=FoiRequest.objects.select_related("target").order_by("pk"), as_of=AS_OF)


def _edit(content: bytes, changes: dict[str, object], line: int = 2) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["依申请公开"]
    header = [c.value for c in sheet[1]]
    for column, value in changes.items():
        sheet.cell(row=line, column=header.index(column) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(data: bytes, campaign, actor) -> int:
    return foi_requests_import_xlsx(campaign=campaign, data=data, source="foi.xlsx", actor=actor)


def test_export_keeps_dates_answer_and_status(answered):
    row = list(load_workbook(io.BytesIO(_export()))["依申请公开"].iter_rows(min_row=2, values_only=True))[0]
    assert row[6].date() == dt.date(2020, 9, 30) and row[7] == "受理编号 2020-117"
    assert row[8].date() == dt.date(2020, 11, 4) and row[10].startswith("相关信息已在门户网站")
    assert row[11] == "已答复"


def test_unchanged_file_changes_nothing(answered, campaign_2020, evaluator_user):
    entries = AuditEntry.objects.count()
    assert _import(_export(), campaign_2020, evaluator_user) == 0
    assert AuditEntry.objects.count() == entries


def test_edited_receipt_answer_and_score_go_through_the_services(sent, campaign_2020, evaluator_user):
    edited = _edit(_export(), {"收到日期": dt.datetime(2020, 9, 30), "收到确认说明": "电话确认",
                               "答复日期": dt.datetime(2020, 10, 30), "答复内容": "已在门户网站公开",
                               "得分": 1, "评分说明": "按期答复，内容完整"})
    assert _import(edited, campaign_2020, evaluator_user) == 1
    request = FoiRequest.objects.get(pk=sent.pk)
    assert request.due_on == dt.date(2020, 11, 4)  # 20 working days from 09-30, counted by dgeval.workdays
    assert (request.status, request.points, request.score_note) == (FoiStatus.ANSWERED, 1, "按期答复，内容完整")
    actions = set(AuditEntry.objects.filter(object_id=str(sent.pk)).values_list("action", flat=True))
    assert {"foi.acknowledge", "foi.answer", "foi.score"} <= actions
    assert _import(edited, campaign_2020, evaluator_user) == 0  # the edited file again: nothing left to do


def test_bad_cells_are_named_and_nothing_is_kept(acknowledged, campaign_2020, evaluator_user):
    edited = _edit(_export(), {"答复日期": dt.datetime(2020, 10, 30), "答复内容": "已公开", "得分": "两分"})
    with pytest.raises(FoiSheetError) as refused:
        _import(edited, campaign_2020, evaluator_user)
    assert [str(e) for e in refused.value.cell_errors] == ["工作表「依申请公开」第 2 行，「得分」列：应为数字（收到 两分）"]
    early = _edit(_export(), {"答复日期": dt.datetime(2020, 9, 1), "答复内容": "已公开"})
    with pytest.raises(FoiSheetError) as refused:
        _import(early, campaign_2020, evaluator_user)
    assert str(refused.value.cell_errors[0]).startswith("工作表「依申请公开」第 2 行，「答复日期」列：答复日期不能早于")
    assert FoiRequest.objects.get(pk=acknowledged.pk).status == FoiStatus.ACKNOWLEDGED


def test_views_export_and_import_for_evaluators(answered, evaluator_client, webmaster_client):
    assert webmaster_client.get("/foi/export.xlsx").status_code == 403
    content = evaluator_client.get("/foi/export.xlsx").content
    upload = io.BytesIO(_edit(content, {"得分": 0.5, "评分说明": "答复未附依据"}))
    upload.name = "foi.xlsx"
    assert evaluator_client.post("/foi/import/", {"file": upload}).status_code == 302
    assert FoiRequest.objects.get(pk=answered.pk).points == 0.5

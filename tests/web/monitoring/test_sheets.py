"""The findings review list through Excel and back: edits applied through the services (audited), errors naming the
sheet, the row and the column, and an unchanged file changing nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dgeval.web.audit.models import AuditEntry
from dgeval.web.monitoring.models import FindingRecord, FindingStatus
from dgeval.web.monitoring.services import (
    FindingsSheetError,
    findings_export_xlsx,
    findings_import_xlsx,
    findings_send,
    finding_review,
)

from .conftest import _store

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(campaign_2020, county_target, province_target, evaluator_user, today_is):
    today_is(dt.date(2020, 11, 20))
    sent = _store(campaign_2020, county_target, "中华人民共合国")
    finding_review(finding=sent, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    findings_send(campaign=campaign_2020, findings=[sent], actor=evaluator_user)
    pending = _store(campaign_2020, province_target, "=HYPERLINK(\"http://x\")")
    return [FindingRecord.objects.get(pk=sent.pk), pending]


def _export() -> bytes:
    return findings_export_xlsx(findings=FindingRecord.objects.order_by("pk"))


def _edit(content: bytes, changes: dict[tuple[int, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["监测问题"]
    header = [c.value for c in sheet[1]]
    for (line, column), value in changes.items():
        sheet.cell(row=line, column=header.index(column) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_holds_status_reason_deadline_and_neutralises_formulas(findings):
    sheet = load_workbook(io.BytesIO(_export()))["监测问题"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][8] == "确认" and rows[1][10].date() == dt.date(2020, 12, 4)
    assert rows[2][8] == "待审核"
    formula = sheet.cell(row=3, column=5)
    assert formula.data_type == "s"  # the sentence quoting the page's text is text, never a formula


def test_unchanged_file_changes_nothing(findings, campaign_2020, evaluator_user):
    entries = AuditEntry.objects.count()
    assert findings_import_xlsx(campaign=campaign_2020, data=_export(), source="findings.xlsx",
                                actor=evaluator_user) == 0
    assert AuditEntry.objects.count() == entries


def test_edited_review_and_deadline_are_applied_and_audited(findings, campaign_2020, evaluator_user):
    edited = _edit(_export(), {(3, "状态"): "误报", (3, "审核意见"): "转载的是国家标准原文",
                               (2, "整改期限"): dt.datetime(2020, 12, 11)})
    assert findings_import_xlsx(campaign=campaign_2020, data=edited, source="findings.xlsx",
                                actor=evaluator_user) == 2
    sent, pending = (FindingRecord.objects.get(pk=f.pk) for f in findings)
    assert sent.deadline == dt.date(2020, 12, 11)
    assert (pending.status, pending.review_reason) == (FindingStatus.FALSE_POSITIVE, "转载的是国家标准原文")
    assert AuditEntry.objects.get(action="finding.deadline").after["deadline"] == "2020-12-11"
    assert AuditEntry.objects.filter(action="finding.review", object_id=str(pending.pk)).exists()
    # The file as edited, imported again: nothing left to change.
    assert findings_import_xlsx(campaign=campaign_2020, data=edited, source="findings.xlsx",
                                actor=evaluator_user) == 0


def test_bad_cells_are_named_and_nothing_is_applied(findings, campaign_2020, evaluator_user):
    edited = _edit(_export(), {(2, "整改期限"): "下周五", (3, "状态"): "误报", (3, "审核意见"): None})
    with pytest.raises(FindingsSheetError) as refused:
        findings_import_xlsx(campaign=campaign_2020, data=edited, source="findings.xlsx", actor=evaluator_user)
    assert [str(e) for e in refused.value.cell_errors] == [
        "工作表「监测问题」第 2 行，「整改期限」列：应为日期，如 2020-12-04（收到 下周五）",
        "工作表「监测问题」第 3 行，「审核意见」列：判定为误报或存疑时必须填写理由",
    ]
    assert FindingRecord.objects.get(pk=findings[1].pk).status == FindingStatus.PENDING


def test_views_round_trip_for_the_team_only(findings, evaluator_client, webmaster_client):
    assert webmaster_client.get("/monitoring/findings/export.xlsx").status_code == 403
    content = evaluator_client.get("/monitoring/findings/export.xlsx").content
    ids = [row[0] for row in load_workbook(io.BytesIO(content))["监测问题"].iter_rows(min_row=2, values_only=True)]
    line = ids.index(findings[1].pk) + 2  # the list's order: by target code
    upload = io.BytesIO(_edit(content, {(line, "状态"): "存疑", (line, "审核意见"): "需人工核实原文"}))
    upload.name = "findings.xlsx"
    response = evaluator_client.post("/monitoring/findings/import/", {"file": upload})
    assert response.status_code == 302
    assert FindingRecord.objects.get(pk=findings[1].pk).status == FindingStatus.DOUBTFUL

"""The Excel round trip: export an evaluator's items as the scoring engine's template, import it filled, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dgeval.scoring.io import read_point_rows
from dgeval.web.collection.models import ManualScore, WorkItemStatus
from dgeval.web.collection.services import (
    EXPORT_HEADER,
    SheetImportError,
    manual_score_save,
    work_items_export_xlsx,
    work_items_import_xlsx,
)
from dgeval.web.common import batches
from dgeval.web.scores.models import LeafScore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filled(content: bytes, values: dict[str, tuple[object, str, str]]) -> SimpleUploadedFile:
    """The exported sheet with (points, evidence, note) filled in per leaf code."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[1].value in values:
            row[2].value, row[6].value, row[7].value = values[row[1].value]
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("filled.xlsx", out.getvalue(), content_type=XLSX)


def test_export_holds_only_the_items_with_template_header(items, double_item, tmp_path):
    content = work_items_export_xlsx(items=items)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADER
    assert {(r[0], r[1], r[5], r[8], r[9]) for r in rows[1:]} == {
        ("330106", "info.statutory_disclosure", 19, "local_site", "county"),
        ("330106", "info.three_battles", 3, "local_site", "county"),
    }
    assert "法定主动公开" in rows[1][3] and rows[1][4].startswith("网站主动公开")
    # The scoring engine's reader takes the sheet as it is.
    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    assert [(r.target, r.code, r.points) for r in read_point_rows(path)] == [
        ("330106", "info.statutory_disclosure", None),
        ("330106", "info.three_battles", None),
    ]


def test_import_submits_every_filled_row(items, campaign_2020, evaluator_user):
    sheet = filled(
        work_items_export_xlsx(items=items),
        {"info.statutory_disclosure": (17, "http://www.hzxh.gov.cn/zfxxgk/", None),
         "info.three_battles": (2.5, None, "专题栏目更新较慢")},
    )
    assert work_items_import_xlsx(campaign=campaign_2020, upload=sheet, actor=evaluator_user) == 2
    points = dict(LeafScore.objects.values_list("code", "points"))
    assert points == {"info.statutory_disclosure": 17, "info.three_battles": 2.5}
    assert all(i.status == WorkItemStatus.DONE for i in type(items[0]).objects.all())
    assert ManualScore.objects.get(work_item__code="info.statutory_disclosure").evidence_url.startswith("http://")


def test_import_skips_blank_rows(items, campaign_2020, evaluator_user):
    sheet = filled(work_items_export_xlsx(items=items), {"info.three_battles": (3, None, "齐全")})
    assert work_items_import_xlsx(campaign=campaign_2020, upload=sheet, actor=evaluator_user) == 1


def test_bad_row_names_line_and_field_and_stores_nothing(items, campaign_2020, evaluator_user):
    sheet = filled(
        work_items_export_xlsx(items=items),
        {"info.statutory_disclosure": (17, "http://www.hzxh.gov.cn/", None),  # fine, line 2
         "info.three_battles": (5, None, "超过满分")},  # weight 3, line 3
    )
    with pytest.raises(SheetImportError) as exc:
        work_items_import_xlsx(campaign=campaign_2020, upload=sheet, actor=evaluator_user)
    (error,) = exc.value.cell_errors
    assert (error.line, error.column) == (3, "得分") and "满分 3" in error.message
    assert "第 3 行" in str(error)
    assert not ManualScore.objects.exists() and not LeafScore.objects.exists()


def test_rows_of_others_and_unknown_codes_and_missing_evidence_are_all_reported(
    items, campaign_2020, evaluator2
):
    book = load_workbook(io.BytesIO(work_items_export_xlsx(items=items)))
    sheet = book.active
    sheet.append(["330106", "no.such.leaf", 1, None, None, None, "http://x.gov.cn/", None, "local_site", "county"])
    sheet["C2"], sheet["G2"] = 10, "http://www.hzxh.gov.cn/"  # evaluator2 is not the assignee
    sheet["C3"] = 1  # no evidence (and not evaluator2's item either)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SheetImportError) as exc:
        work_items_import_xlsx(
            campaign=campaign_2020, upload=SimpleUploadedFile("f.xlsx", out.getvalue()), actor=evaluator2
        )
    assert [(e.line, e.column) for e in exc.value.cell_errors] == [(2, "参评单位"), (3, "参评单位"), (4, "指标代码")]
    assert not ManualScore.objects.exists()


def test_unreadable_file_is_a_clear_error(items, campaign_2020, evaluator_user):
    with pytest.raises(ValidationError, match="无法读取表格"):
        work_items_import_xlsx(
            campaign=campaign_2020, upload=SimpleUploadedFile("f.xlsx", b"not a workbook"), actor=evaluator_user
        )


def test_import_view_lists_cell_errors(items, evaluator_client):
    sheet = filled(
        work_items_export_xlsx(items=items), {"info.three_battles": (-1, None, "负分")}
    )
    response = evaluator_client.post(reverse("collection:import"), {"file": sheet})
    assert response.status_code == 400
    body = response.content.decode()
    assert "第 3 行" in body and "未导入任何评分" in body
    assert not ManualScore.objects.exists()


def test_export_view_gives_the_evaluators_own_items(items, double_item, evaluator2, evaluator2_client):
    response = evaluator2_client.get(reverse("collection:export"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    assert [(r[0], r[1]) for r in rows] == [("330000", "info.statutory_disclosure")]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("collection.xlsx", content, content_type=XLSX)


def test_export_keeps_evidence_note_status_and_reimport_unchanged_changes_nothing(items, campaign_2020,
                                                                                    evaluator_user):
    from dgeval.web.audit.models import AuditEntry

    first = filled(work_items_export_xlsx(items=items, actor=evaluator_user),
                   {"info.statutory_disclosure": (17, "http://www.hzxh.gov.cn/zfxxgk/", "目录齐全，个别栏目滞后"),
                    "info.three_battles": (2.5, None, "专题栏目更新较慢")})
    assert work_items_import_xlsx(campaign=campaign_2020, upload=first, actor=evaluator_user) == 2
    exported = work_items_export_xlsx(items=type(items[0]).objects.filter(pk__in=[i.pk for i in items]),
                                      actor=evaluator_user)
    rows = {r[1]: r for r in load_workbook(io.BytesIO(exported)).active.iter_rows(min_row=2, values_only=True)}
    assert rows["info.statutory_disclosure"][2:3] + rows["info.statutory_disclosure"][6:8] == (
        17, "http://www.hzxh.gov.cn/zfxxgk/", "目录齐全，个别栏目滞后")
    assert rows["info.three_battles"][7] == "专题栏目更新较慢" and rows["info.three_battles"][10] == "已完成"
    entries = AuditEntry.objects.count()
    # The same file back: nothing is submitted again, nothing is audited, nothing moves.
    assert work_items_import_xlsx(campaign=campaign_2020, upload=_upload(exported), actor=evaluator_user) == 0
    assert AuditEntry.objects.count() == entries
    assert ManualScore.objects.get(work_item__code="info.statutory_disclosure").note == "目录齐全，个别栏目滞后"


@pytest.mark.parametrize("chunk", [1000, 1])
def test_export_shows_the_readers_drafts_however_many_items(items, evaluator_user, chunk, monkeypatch):
    """The reader's own scores (drafts: no final score yet) are read a chunk at a time; every item shows its own."""
    monkeypatch.setattr(batches, "IN_CHUNK", chunk)
    drafts = {"info.statutory_disclosure": 15, "info.three_battles": 2}
    for item in items:
        manual_score_save(item=item, actor=evaluator_user, points=drafts[item.code], submit=False)
    rows = load_workbook(io.BytesIO(work_items_export_xlsx(items=items, actor=evaluator_user))).active
    assert {r[1]: r[2] for r in rows.iter_rows(min_row=2, values_only=True)} == drafts


def test_an_edited_row_of_a_reexported_sheet_is_applied_and_audited(items, campaign_2020, evaluator_user):
    from dgeval.web.audit.models import AuditEntry

    sheet = filled(work_items_export_xlsx(items=items, actor=evaluator_user),
                   {"info.three_battles": (2.5, None, "专题栏目更新较慢"),
                    "info.statutory_disclosure": (17, "http://www.hzxh.gov.cn/zfxxgk/", None)})
    work_items_import_xlsx(campaign=campaign_2020, upload=sheet, actor=evaluator_user)
    exported = work_items_export_xlsx(items=items, actor=evaluator_user)
    submits = AuditEntry.objects.filter(action="collection.score_submit").count()
    too_much = filled(exported, {"info.three_battles": (4, None, "复查：专题栏目已补齐")})
    with pytest.raises(SheetImportError) as refused:
        work_items_import_xlsx(campaign=campaign_2020, upload=too_much, actor=evaluator_user)
    assert str(refused.value.cell_errors[0]).startswith("工作表「人工采集」第 3 行，「得分」列")
    edited = filled(exported, {"info.three_battles": (3, None, "复查：专题栏目已补齐")})
    assert work_items_import_xlsx(campaign=campaign_2020, upload=edited, actor=evaluator_user) == 1
    score = ManualScore.objects.get(work_item__code="info.three_battles")
    assert (score.points, score.note) == (3, "复查：专题栏目已补齐")
    assert AuditEntry.objects.filter(action="collection.score_submit").count() == submits + 1
    assert ManualScore.objects.get(work_item__code="info.statutory_disclosure").points == 17


def test_points_that_are_not_a_number_are_named_in_chinese(items, campaign_2020, evaluator_user):
    sheet = filled(work_items_export_xlsx(items=items, actor=evaluator_user),
                   {"info.three_battles": ("三分", None, "齐全")})
    with pytest.raises(SheetImportError) as refused:
        work_items_import_xlsx(campaign=campaign_2020, upload=sheet, actor=evaluator_user)
    assert [str(e) for e in refused.value.cell_errors] == ["工作表「人工采集」第 3 行，「得分」列：应为数字（收到 三分）"]

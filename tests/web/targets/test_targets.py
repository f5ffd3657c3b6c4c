"""Targets: the registry import, hierarchy and evaluations, and the Excel round trip."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dgeval.errors import InputError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.scores.labels import evaluation_label
from dgeval.web.targets.models import Channel, ChannelKind, Target, TargetKind
from dgeval.web.targets.services import targets_import_registry
from dgeval.web.targets.xlsx import CHANNEL_SHEET, TARGET_SHEET, targets_export_xlsx, targets_import_xlsx

pytestmark = pytest.mark.django_db


def test_registry_import_loads_provinces_key_cities_and_ministries(admin_user):
    result = targets_import_registry(actor=admin_user)
    assert result.created == 128
    kinds = {k: Target.objects.filter(kind=k).count() for k in TargetKind.values}
    assert kinds == {"province": 31, "corps": 1, "key_city": 32, "city": 0, "county": 0, "ministry": 64}
    no_site = set(Target.objects.filter(has_website=False).values_list("short_name", flat=True))
    assert no_site == {"国家安全部", "国务院研究室", "中央广播电视总台"}
    assert Channel.objects.filter(kind=ChannelKind.WEBSITE).count() == 125
    hangzhou = Target.objects.get(code="330100")
    assert hangzhou.parent.code == "330000"
    assert AuditEntry.objects.filter(action="targets.import_registry").count() == 1


def test_registry_import_is_idempotent(admin_user):
    targets_import_registry(actor=admin_user)
    again = targets_import_registry(actor=admin_user)
    assert (again.created, again.updated) == (0, 128)
    assert Target.objects.count() == 128 and Channel.objects.count() == 125


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (TargetKind.PROVINCE, [("local_site", "province"), ("digital_gov", "government")]),
        (TargetKind.CORPS, [("local_site", "province"), ("digital_gov", "government")]),
        (TargetKind.KEY_CITY, [("local_site", "city"), ("digital_gov", "government")]),
        (TargetKind.CITY, [("local_site", "city")]),
        (TargetKind.COUNTY, [("local_site", "county")]),
        (TargetKind.MINISTRY, [("ministry_site", "ministry")]),
    ],
)
def test_evaluations_by_kind(kind, expected):
    assert Target(code="x", name="x", kind=kind).evaluations() == expected


def test_hierarchy(county_target, city_target, province_target):
    assert county_target.ancestors() == [city_target, province_target]
    assert list(province_target.children.all()) == [city_target]


def _export() -> BytesIO:
    buf = BytesIO()
    targets_export_xlsx(buf)
    buf.seek(0)
    return buf


def _row_of(ws, code: str) -> int:
    return next(cell.row for cell in ws["A"] if cell.value == code)


def test_excel_round_trip_keeps_everything(county_target):
    Channel.objects.create(target=county_target, kind=ChannelKind.WECHAT, name="西湖发布", url="")
    before = {t.code: (t.name, t.kind, t.parent_id, t.website_url) for t in Target.objects.all()}
    channels = set(Channel.objects.values_list("target__code", "kind", "name", "url"))
    result = targets_import_xlsx(_export())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert {t.code: (t.name, t.kind, t.parent_id, t.website_url) for t in Target.objects.all()} == before
    assert set(Channel.objects.values_list("target__code", "kind", "name", "url")) == channels


def test_excel_import_creates_and_updates(county_target, admin_user):
    buf = _export()
    wb = load_workbook(buf)
    ws = wb[TARGET_SHEET]
    ws.append(["330108", "杭州市滨江区人民政府", "滨江", "区县", "330100", "330108", "是", "http://www.hhtz.gov.cn/"])
    ws[f"B{_row_of(ws, '330106')}"] = "西湖区人民政府（新）"
    wb[CHANNEL_SHEET].append(["330108", "微博", "滨江发布", "https://weibo.com/binjiang"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    result = targets_import_xlsx(out, actor=admin_user)
    assert result.created == 1 and result.updated == 1
    binjiang = Target.objects.get(code="330108")
    assert binjiang.parent.code == "330100" and binjiang.kind == TargetKind.COUNTY
    assert binjiang.channels.get(kind=ChannelKind.WEIBO).name == "滨江发布"
    assert Target.objects.get(code="330106").name == "西湖区人民政府（新）"
    assert AuditEntry.objects.filter(action="target.import").count() == 2


def test_excel_bad_row_names_row_and_field_and_changes_nothing(county_target):
    wb = load_workbook(_export())
    ws = wb[TARGET_SHEET]
    ws[f"B{_row_of(ws, '330000')}"] = "改了名字"
    ws.append(["330109", "萧山区", "", "乡镇", "330100", "", "是", "ftp://x"])
    ws.append(["330110", "余杭区", "", "区县", "999999", "", "", ""])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(InputError) as exc:
        targets_import_xlsx(out)
    message = str(exc.value)
    assert "未做任何修改" in message
    assert "工作表“评估对象”第 5 行，列“类型”：“乡镇”不是有效类型" in message
    assert "第 5 行，列“网站网址”" in message
    assert "第 6 行，列“上级编码”：“999999”" in message
    assert Target.objects.get(code="330000").name == "浙江省人民政府"
    assert not Target.objects.filter(code__in=["330109", "330110"]).exists()


def test_excel_missing_column_and_not_xlsx():
    with pytest.raises(InputError, match="无法读取"):
        targets_import_xlsx(BytesIO(b"not a workbook"))
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = TARGET_SHEET
    wb.active.append(["编码", "名称"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(InputError, match="第 1 行：缺少列 简称"):
        targets_import_xlsx(out)


def test_export_view_and_import_view_with_error_message(evaluator_client, county_target):
    response = evaluator_client.get(reverse("targets:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    assert wb[TARGET_SHEET].max_row == 4
    wb[TARGET_SHEET]["D2"] = "火星"
    out = BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("t.xlsx", out.getvalue())
    response = evaluator_client.post(reverse("targets:import"), {"file": upload}, follow=True)
    assert "第 2 行，列“类型”" in response.text


def test_list_and_detail_views(evaluator_client, county_target):
    response = evaluator_client.get(reverse("targets:list"), {"kind": "county"})
    assert "杭州市西湖区人民政府" in response.text and "浙江省人民政府" not in response.text
    response = evaluator_client.get(reverse("targets:detail", args=["330106"]))
    assert "杭州市人民政府" in response.text and evaluation_label("local_site", "county") in response.text


@pytest.mark.django_db
def test_export_never_writes_a_target_name_as_formula():
    Target.objects.create(code="x1", name="=HYPERLINK(\"http://evil\")", kind="county")
    out = BytesIO()
    targets_export_xlsx(out)
    out.seek(0)
    cell = load_workbook(out)[TARGET_SHEET]["B2"]
    assert cell.value == "=HYPERLINK(\"http://evil\")" and cell.data_type == "s"

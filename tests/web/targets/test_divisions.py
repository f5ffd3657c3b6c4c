"""The division registry in the platform: a registering county finds its province and 地级市 by its code, and the
plan's local-website scope (every 地级市, the districts and counties directly included) imports as targets."""

from __future__ import annotations

import pytest

from dgeval.errors import TargetError
from dgeval.targets.divisions import load_divisions
from dgeval.web.audit.models import AuditEntry
from dgeval.web.registration.forms import RegistrationForm
from dgeval.web.targets.models import Target, TargetKind
from dgeval.web.targets.services import directly_included, division_parent, local_scope_import


def test_a_county_maps_to_its_city_and_province(province_target, city_target):
    assert division_parent(division_code="330110") == city_target  # 余杭区 → 杭州市 (there already)
    ningbo = division_parent(division_code="330282")  # 慈溪市 → 宁波市, made from the registry
    assert (ningbo.code, ningbo.kind, ningbo.parent) == ("330200", TargetKind.KEY_CITY, province_target)
    assert ningbo.website_url == "" and ningbo.name == "宁波市人民政府"
    jiyuan = division_parent(division_code="419001")  # 济源市, directly under 河南省
    assert (jiyuan.code, jiyuan.kind, jiyuan.parent) == ("410000", TargetKind.PROVINCE, None)
    with pytest.raises(TargetError, match="330200"):
        division_parent(division_code="330200")
    with pytest.raises(TargetError, match="999999"):
        division_parent(division_code="999999")


@pytest.mark.parametrize(("code", "included"), [
    ("330106", True),   # 西湖区: a district of 杭州, a provincial capital
    ("330282", True),   # 慈溪市: under 宁波, a separately planned city
    ("110105", True),   # 朝阳区: a district of 北京, a municipality
    ("500101", True),   # 万州区: 重庆
    ("330402", False),  # 南湖区 of 嘉兴: volunteers through registration
    ("419001", False),  # 济源市: directly under 河南省, not a municipality
])
def test_directly_included_counties_follow_the_plan(code, included):
    divisions = load_divisions()
    assert directly_included(divisions.get(code), divisions) is included


def test_the_local_scope_imports_once_with_blank_websites(campaign_2020, admin_user, province_target, city_target):
    result = local_scope_import(campaign=campaign_2020, actor=admin_user)
    divisions = load_divisions()
    prefectures = len(divisions.of_level("prefecture"))
    counties = sum(1 for d in divisions.of_level("county") if directly_included(d, divisions))
    assert len(result.created) + len(result.existing) == prefectures + counties
    assert "330100" in result.existing and "330106" in result.created
    xihu = Target.objects.get(division_code="330106")
    assert (xihu.kind, xihu.parent, xihu.campaign_joined, xihu.website_url) == (
        TargetKind.COUNTY, city_target, campaign_2020, "")
    assert Target.objects.get(division_code="330400").kind == TargetKind.CITY
    assert not Target.objects.filter(division_code="330402").exists()
    again = local_scope_import(campaign=campaign_2020, actor=admin_user)
    assert again.created == [] and AuditEntry.objects.filter(action="targets.import_local_scope").count() == 2


def test_only_admins_import_the_scope(campaign_2020, evaluator_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        local_scope_import(campaign=campaign_2020, actor=evaluator_user)


@pytest.mark.parametrize(("code", "message"), [
    ("330100", "请填写区县的代码"), ("999999", "不在区划名录中"), ("", "请填写"),
])
def test_the_registration_form_wants_a_county_code(code, message):
    from tests.web.conftest import REGISTRATION_DATA

    form = RegistrationForm(data={**REGISTRATION_DATA, "division_code": code})
    assert not form.is_valid() and message in " ".join(form.errors["division_code"])


def test_campaign_import_scope_command(campaign_2020, capsys):
    from dgeval.web.cli import main

    assert main(["campaign", "import-scope"]) == 0
    assert "新增评估对象" in capsys.readouterr().out
    assert Target.objects.filter(kind=TargetKind.COUNTY, campaign_joined=campaign_2020).count() > 300

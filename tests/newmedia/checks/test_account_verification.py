"""account_verification: unverified accounts, verification subjects and names that do not show the owner."""

from __future__ import annotations

import pytest

from dgeval.newmedia.checks import account_verification
from dgeval.newmedia.model import Owner

from ..conftest import account, on

NHC = Owner(code="nhc", name="中华人民共和国国家卫生健康委员会", short_name="国家卫生健康委")


def test_verified_account_named_after_its_owner_is_clean(config):
    result = account_verification.run(on("weibo", account(kind="weibo")), config)
    assert result.findings == () and result.observed == 1


def test_unverified_account_is_a_finding(config):
    result = account_verification.run(on("weibo", account(kind="weibo", verification="unverified",
                                                          verified_subject="")), config)
    assert [f.kind for f in result.findings] == ["unverified"]
    assert "未经平台认证" in result.findings[0].summary


@pytest.mark.parametrize("subject", ["杭州某某科技有限公司", "上海市人民政府新闻办公室", ""])
def test_subject_that_does_not_name_the_owner(config, subject):
    result = account_verification.run(on("app", account(kind="app", verified_subject=subject)), config)
    (finding,) = result.findings
    assert finding.kind == "subject_mismatch" and "杭州市人民政府" in finding.summary


def test_name_tied_to_duties_passes_when_the_verification_names_the_owner(config):
    health = account(name="健康中国", verified_subject="国家卫生健康委员会")
    assert account_verification.run(on("wechat", health, owner=NHC), config).findings == ()


def test_name_without_the_owner_and_without_verification_is_for_the_reviewer(config):
    unverified = account(name="健康中国", verification="unverified", verified_subject="")
    result = account_verification.run(on("wechat", unverified, owner=NHC), config)
    assert [f.kind for f in result.findings] == ["unverified", "name_mismatch"]
    assert "审核时判为误报" in result.findings[1].summary


def test_owner_names_drop_the_formal_prefix_and_suffix():
    assert NHC.names() == ("中华人民共和国国家卫生健康委员会", "国家卫生健康委员会", "国家卫生健康委")


def test_unknown_verification_is_not_observed(config):
    result = account_verification.run(on("weibo", account(kind="weibo", verification="unknown", name="某某")), config)
    assert result.observed == 0 and result.findings == ()

"""Findings as Chinese sentences: every finding every check gives on its fixtures reads as Chinese, without a dict,
a code or an English word; stored findings the check no longer understands still get a sentence."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from dgeval.monitor.checks import CHECK_MODULES, Skip, check_site
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.describe import (
    check_title,
    finding_sentence,
    leaf_state_label,
    severity_label,
    skip_sentence,
)
from dgeval.monitor.model import Finding, Page, Site
from tests.monitor.checks._site import (
    FIXTURES,
    ROOT,
    cases,
    fixture_files,
    html_page,
    json_fixture,
    make_site,
    page_site,
)
from tests.monitor.checks.conftest import build_site

#: English words a sentence may hold: protocol and record names people know as such.
ALLOWED_WORDS = frozenset({"URL", "HTTPS", "HTTP", "IPv6", "ICP", "ID", "HSTS", "CSP"})
#: Values quoted from a page that are codes, not words: a ministry's 网站标识码 (bm + 8 digits).
CODES = re.compile(r"\b[Bb][Mm]\d{8}\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: A word: letters not glued to digits before them (the X check character ends an ID number, it is no word).
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*")


def _fixture_sites() -> list[Site]:
    """Every fixture the check tests use, as sites: fixture folders, page files, homepages, probe results."""
    sites = [build_site(spec.parent) for spec in sorted(FIXTURES.glob("*/*/site.toml"))]
    for check in ("id_number_leak", "phone_leak", "bank_card_leak", "wrong_word"):
        sites += [page_site(check, name) for name in fixture_files(check)]
    sites += [make_site([html_page(FIXTURES / "identification" / name, url=ROOT)]) for name in cases("identification")]
    for probe in ("https", "ipv6", "search"):
        for name in fixture_files(probe):
            case = json_fixture(probe, name)
            if case["probe"] is not None:
                sites.append(make_site([], probes={probe: case["probe"]}))
    for name in fixture_files("security_headers"):
        case = json_fixture("security_headers", name)
        sites.append(make_site([Page(url=ROOT, final_url=case["final_url"], status=200, headers=case["headers"],
                                     content_type="text/html", text="<html><body>首页</body></html>")]))
    return sites


def _fixture_findings() -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = defaultdict(list)
    for site in _fixture_sites():
        for report in check_site(site, CHECK_MODULES, CheckConfig()).values():
            for finding in report.findings:
                found[finding.check].append(finding)
    return found


FINDINGS = _fixture_findings()


def test_fixtures_give_findings_of_every_check() -> None:
    assert set(FINDINGS) == set(CHECK_MODULES)


def _assert_reads_as_chinese(sentence: str) -> None:
    assert CJK.search(sentence), sentence
    assert not any(mark in sentence for mark in "{}[]'\\"), sentence
    words = set(WORD.findall(CODES.sub("", sentence)))
    assert words <= ALLOWED_WORDS, (words - ALLOWED_WORDS, sentence)


@pytest.mark.parametrize("check", CHECK_MODULES)
def test_every_fixture_finding_reads_as_a_chinese_sentence(check: str) -> None:
    for finding in FINDINGS[check]:
        sentence = finding_sentence(finding.check, finding.value, finding.evidence)
        _assert_reads_as_chinese(sentence)
        assert sentence == finding_sentence(check, finding.value, dict(finding.to_json()["evidence"]))


@pytest.mark.parametrize(("check", "value", "evidence", "expected"), [
    ("https", "no_https", {}, "首页未启用 HTTPS（规则：政府网站应支持 HTTPS 访问）"),
    ("stale_column", "通知公告", {"column_class": "notice", "latest_date": "2020-05-02", "days_since_update": 202,
                                  "threshold_days": 180},
     "栏目“通知公告”最新条目为 2020-05-02，已 202 天未更新（该类栏目须 180 天内更新）"),
    ("id_number_leak", "110101199003074514", {"field": "table", "context": "…"},
     "网页表格中公开了居民身份证号码 110101********4514（规则：网站不得泄露个人隐私信息）"),
    ("security_headers", "50/100", {"missing": ["content-security-policy", "x-frame-options"]},
     "首页响应缺少安全响应头：内容安全策略（CSP）、防止页面被嵌套（点击劫持防护），得分 50/100"
     "（规则：网站应配置安全响应头，防范常见网络攻击）"),
    ("missing_gov_badge", "网站显示的是事业单位标识，而非党政机关标识",
     {"found": "public_institution", "where": "footer", "raw": "<img src='//dcs.conac.cn/image/blue.png'>"},
     "首页页脚展示的是事业单位网站标识（蓝色），而非党政机关网站标识（红色）（规则：政府网站应在首页底部展示党政机关网站标识）"),
    ("missing_gov_badge", None, {"found": False}, "首页没有找到党政机关网站标识（规则：政府网站应在首页底部展示党政机关网站标识）"),
    ("missing_site_code", "3308020001", {"found": True, "where": "footer", "in_label": True},
     "首页页脚在图片或链接的说明文字中标注了网站标识码“3308020001”"),
    ("missing_site_code", "3308020001", {"found": True, "where": "footer"}, "首页页脚标注了网站标识码“3308020001”"),
    ("wrong_word", "浙江省人民政府办公听", {"correct": "浙江省人民政府办公厅", "note": "同音字", "context": "…"},
     "错别字：“浙江省人民政府办公听”应为“浙江省人民政府办公厅”，“厅”误写为同音字“听”（规则：网站不得出现严重错别字）"),
    ("wrong_word", "攻务公开", {"correct": "政务公开", "note": "形近字", "context": "…"},
     "错别字：“攻务公开”应为“政务公开”，“政”误写为形近字“攻”（规则：网站不得出现严重错别字）"),
    ("wrong_word", "共合过", {"correct": "共和国", "note": "国名", "context": "…"},
     "错别字：“共合过”应为“共和国”（规则：网站不得出现严重错别字）"),
])
def test_sentences_say_where_what_and_the_rule(check: str, value: str, evidence: dict[str, object],
                                               expected: str) -> None:
    assert finding_sentence(check, value, evidence) == expected


def test_fixture_findings_of_every_kind_get_their_own_sentence() -> None:
    """The blue 事业单位 badge, a site code read from a picture's alt text and a generated misspelling of an official
    name, as the fixtures give them, each read as what was seen (not as a missing mark or a bare correction)."""
    def sentences(check: str, keep: Any) -> list[str]:
        return [finding_sentence(check, f.value, f.evidence) for f in FINDINGS[check] if keep(f.evidence)]

    blue = sentences("missing_gov_badge", lambda evidence: evidence["found"] == "public_institution")
    assert len(blue) == 2 and all("展示的是事业单位网站标识" in sentence for sentence in blue)
    labelled = sentences("missing_site_code", lambda evidence: evidence.get("in_label"))
    assert labelled == ["首页页脚在图片或链接的说明文字中标注了网站标识码“3308020001”"]
    generated = sentences("wrong_word", lambda evidence: evidence["note"] in ("同音字", "形近字"))
    assert len(generated) >= 10 and all(re.search("误写为(同音字|形近字)“.”", sentence) for sentence in generated)


def test_a_personal_number_is_masked_in_the_sentence() -> None:
    for finding in FINDINGS["bank_card_leak"] + FINDINGS["phone_leak"] + FINDINGS["id_number_leak"]:
        assert finding.value is not None
        assert finding.value not in finding_sentence(finding.check, finding.value, finding.evidence)


def test_stored_finding_the_check_no_longer_understands_gets_a_general_sentence() -> None:
    assert finding_sentence("stale_column", "通知公告", {}) == "栏目不更新：系统监测发现的问题"
    assert finding_sentence("https", "an old English value", {}) == "HTTPS与证书：系统监测发现的问题"
    _assert_reads_as_chinese(finding_sentence("retired_check", "x", None))


def test_labels_are_chinese() -> None:
    assert [severity_label(s) for s in ("high", "medium", "low", "info")] == ["高", "中", "低", "信息"]
    assert [leaf_state_label(s) for s in ("deducted", "clean", "not_observed")] == [
        "已扣分", "未发现问题", "未观察到（转人工采集）"]
    assert skip_sentence("search", Skip("not applicable", "no search form")) == "站内搜索：未完成（不适用）"
    assert skip_sentence("wrong_word", Skip("stopped", "time budget")) == "严重错误（错敏字）：未完成（超出检查限额，已停止）"
    assert check_title("ipv6") == "IPv6支持" and check_title("retired_check") == "retired_check"

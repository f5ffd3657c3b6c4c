"""phone_leak: mobile numbers in lists of private persons are reported; office contacts, directories, hotlines,
landlines and masked numbers are not (fixtures in fixtures/phone_leak, expectations in its cases.toml)."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import phone_leak
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page
from tests.monitor.checks._site import ROOT, cases, findings_of, fixture_files, make_site, page_site

CASES = cases("phone_leak")


def _findings(body: str, title: str = "公示") -> list:
    url = ROOT + "gs/1.html"
    page = Page(url=url, final_url=url, status=200, headers={}, content_type="text/html",
                text=f"<html><head><title>{title}</title></head><body>{body}</body></html>")
    return findings_of(phone_leak.run(make_site([page]), CheckConfig()))


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(CASES) == fixture_files("phone_leak")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name: str) -> None:
    expected = CASES[name]
    findings = findings_of(phone_leak.run(page_site("phone_leak", name), CheckConfig()))
    assert sorted(f.value for f in findings) == sorted(expected["expect"])
    for finding in findings:
        assert (finding.check, finding.severity) == ("phone_leak", "high")
        assert finding.evidence["field"] == expected["field"]
        assert finding.evidence["reason"]


def test_single_named_mobile_line_is_an_office_contact() -> None:
    assert _findings("<p>王明 13812345678</p>") == []


def test_two_named_mobile_lines_are_a_list() -> None:
    findings = _findings("<p>王明 13812345678</p><p>李华 13987654321</p>")
    assert sorted(f.value for f in findings) == ["13812345678", "13987654321"]


def test_person_table_on_a_contact_page_still_counts_when_strongly_personal() -> None:
    table = "<table><tr><th>户主</th><th>电话</th></tr><tr><td>王明</td><td>13812345678</td></tr></table>"
    assert [f.value for f in _findings(table, title="联系我们")] == ["13812345678"]
    weak = "<table><tr><th>姓名</th><th>电话</th></tr><tr><td>王明</td><td>13812345678</td></tr></table>"
    assert _findings(weak, title="联系我们") == []
    assert [f.value for f in _findings(weak)] == ["13812345678"]


def test_one_finding_per_number_and_context_from_the_page() -> None:
    table = ("<table><tr><th>申请人</th><th>电话</th></tr><tr><td>王明</td><td>13812345678</td></tr></table>"
             "<p>申请人：王明，电话13812345678</p>")
    (finding,) = _findings(table)
    assert "13812345678" in finding.evidence["context"]


def test_contact_page_is_known_by_its_pinyin_url() -> None:
    body = "<table><tr><th>姓名</th><th>电话</th></tr><tr><td>王明</td><td>13812345678</td></tr></table>"
    page = Page(url=ROOT + "lxwm/index.html", final_url=ROOT + "lxwm/index.html", status=200, headers={},
                content_type="text/html", text=f"<html><head><title>某县</title></head><body>{body}</body></html>")
    assert findings_of(phone_leak.run(make_site([page]), CheckConfig())) == []


def test_contact_person_name_label_is_an_office_contact() -> None:
    assert _findings("<p>联系人姓名：王明，联系电话：13812345678。</p>") == []
    assert [f.value for f in _findings("<p>姓名：王明，联系电话：13812345678。</p>")] == ["13812345678"]


def test_footer_mobile_alone_is_not_read() -> None:
    footer = "<div class='footer'>主办：某县政府办公室 值班手机：13812345678</div>"
    assert _findings(f"<p>新闻正文</p>{footer}") == []


def test_directory_cells_holding_name_and_mobile_are_judged_by_their_table() -> None:
    table = ("<table><tr><th>单位</th><th>联系人及电话</th></tr>"
             "<tr><td>城关镇</td><td>王建军 13598761234</td></tr><tr><td>柳林乡</td><td>孙红梅 13698761235</td></tr></table>")
    assert _findings(table) == []


def test_rows_naming_organisations_are_their_contacts() -> None:
    table = ("<table><tr><th>申请人</th><th>联系电话</th><th>许可事项</th></tr>"
             "<tr><td>某某食品有限公司</td><td>13598761234</td><td>食品经营许可</td></tr>"
             "<tr><td>王建军</td><td>13698761235</td><td>食品经营许可</td></tr></table>")
    assert [f.value for f in _findings(table)] == ["13698761235"]

"""missing_gov_badge: the 党政机关网站标识 found in the homepage markup (info) or absent (medium)."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import missing_gov_badge
from tests.monitor.checks._site import assert_identification_case, homepage, identification_cases, only_finding


@pytest.mark.parametrize("name", identification_cases("missing_gov_badge"))
def test_fixture(name: str) -> None:
    assert_identification_case(missing_gov_badge, name)


def test_link_to_conac_homepage_is_not_the_badge() -> None:
    page = homepage("<a href='http://www.conac.cn/'>中国机构编制网</a><p>党政机关网站标识管理</p>")
    assert only_finding(missing_gov_badge, page).evidence["found"] is False


def test_badge_image_by_alt_text() -> None:
    finding = only_finding(missing_gov_badge, homepage("<div class='foot'><img src='/b.png' alt='党政机关网站'></div>"))
    assert finding.severity == "info" and "党政机关" in (finding.value or "")


def test_placeholder_span_alone_counts() -> None:
    finding = only_finding(missing_gov_badge, homepage("<div id='footer'><span id='_ideConac'></span></div>"))
    assert (finding.value, finding.evidence["where"]) == ("_ideConac", "footer")

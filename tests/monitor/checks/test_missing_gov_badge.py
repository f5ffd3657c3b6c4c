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


@pytest.mark.parametrize(
    ("img", "kind"),
    [
        ("<img src='//dcs.conac.cn/image/blue.png' alt='党政机关网站标识'>", "事业单位"),  # the picture decides
        ("<img src='/images/sydw.png'>", "事业单位"),
        ("<img src='/a.png' title='事业单位'>", "事业单位"),
        ("<img src='https://dcs.conac.cn/image/red.png'>", "党政机关"),
        ("<img src='/images/dzjg.png' alt='党政机关'>", "党政机关"),
        ("<img src='/images/logo.png' alt='市政府'>", None),
    ],
)
def test_badge_kind_by_picture_then_label(img: str, kind: str | None) -> None:
    assert missing_gov_badge.badge_kind(img) == kind


def test_commented_out_badge_is_not_shown() -> None:
    page = homepage("<div class='footer'><!-- <span id='_ideConac'></span> --><p>主办：某某县人民政府</p></div>")
    assert only_finding(missing_gov_badge, page).evidence["found"] is False

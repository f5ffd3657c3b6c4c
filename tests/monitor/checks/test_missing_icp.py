"""missing_icp: ICP备案编号 found (info, with the number) or absent/malformed (medium) on the homepage."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import missing_icp
from tests.monitor.checks._site import assert_identification_case, homepage, identification_cases, only_finding


@pytest.mark.parametrize("name", identification_cases("missing_icp"))
def test_fixture(name: str) -> None:
    assert_identification_case(missing_icp, name)


@pytest.mark.parametrize(
    ("footer", "value"),
    [("京ICP备05070218号", "京ICP备05070218号"), ("京 ICP 备 05070218 号 - 2", "京ICP备05070218号-2"),
     ("粤ICP备2021012345号", "粤ICP备2021012345号"), ("沪ICP备案号：12345678", "沪ICP备案号：12345678"),
     ("浙icp备12345678号", "浙icp备12345678号")],
)
def test_number_forms(footer: str, value: str) -> None:
    assert only_finding(missing_icp, homepage(f"<div class='footer'>{footer}</div>")).value == value


def test_headline_about_icp_filing_is_not_a_malformed_number() -> None:
    page = homepage("<ul><li>关于开展ICP备案核查的通知</li></ul><div class='footer'>主办：某县政府</div>")
    assert only_finding(missing_icp, page).evidence["found"] is False


def test_label_without_number_in_footer_is_malformed() -> None:
    finding = only_finding(missing_icp, homepage("<div class='footer'>ICP备案号：暂无</div>"))
    assert (finding.evidence["found"], finding.severity) == ("malformed", "medium")
    assert "暂无" in finding.evidence["raw"]

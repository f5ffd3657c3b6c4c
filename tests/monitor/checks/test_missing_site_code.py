"""missing_site_code: 网站标识码 found (info, with the code) or absent/malformed (medium) on the homepage."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import CheckNotApplicable, missing_site_code
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page
from tests.monitor.checks._site import (ROOT, assert_identification_case, findings_of, homepage, identification_cases,
                                        make_site, only_finding)


@pytest.mark.parametrize("name", identification_cases("missing_site_code"))
def test_fixture(name: str) -> None:
    assert_identification_case(missing_site_code, name)


@pytest.mark.parametrize(
    ("footer", "found", "value"),
    [("网站标识码：1100000088", True, "1100000088"), ("网站标识码:BM01000001", True, "BM01000001"),
     ("网站标识码：11000000889", "malformed", None), ("网站标识码：bm0100001", "malformed", None),
     ("标识码 6501000003", True, "6501000003"), ("站点编号 1100000088", False, None)],
)
def test_code_forms(footer: str, found: object, value: str | None) -> None:
    finding = only_finding(missing_site_code, homepage(f"<div class='footer'>{footer}</div>"))
    assert (finding.evidence["found"], finding.value) == (found, value)


def test_no_homepage_is_not_applicable() -> None:
    failed = Page(url=ROOT, final_url=ROOT, status=None, headers={}, content_type="", text="", error="timeout")
    for site in (make_site([]), make_site([failed])):
        with pytest.raises(CheckNotApplicable):
            findings_of(missing_site_code.run(site, CheckConfig()))

"""missing_psb_filing: 公安机关备案号 found (info) or absent/malformed (medium) on the homepage."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import missing_psb_filing
from tests.monitor.checks._site import assert_identification_case, homepage, identification_cases, only_finding


@pytest.mark.parametrize("name", identification_cases("missing_psb_filing"))
def test_fixture(name: str) -> None:
    assert_identification_case(missing_psb_filing, name)


@pytest.mark.parametrize(
    ("footer", "found"),
    [("京公网安备11010202000001号", True), ("苏公网安备 32010202010123号", True), ("京公网安备110102020000011号", "malformed"),
     ("京公网安备1101020200000号", "malformed"), ("公安机关备案", False)],
)
def test_needs_14_digits(footer: str, found: object) -> None:
    assert only_finding(missing_psb_filing, homepage(f"<footer>{footer}</footer>")).evidence["found"] == found

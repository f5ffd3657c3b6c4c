"""broken_link: one finding per broken target; homepage links told apart; blocked and unchecked are not broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.checks import broken_link
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("broken_link"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(broken_link, folder)


def test_page_is_the_first_linking_page_and_linked_from_is_capped() -> None:
    site = build_site(FIXTURES / "broken_link" / "links_mixed")
    by_url = {f.url: f for f in findings_of(broken_link.run(site, CheckConfig()))}
    image = by_url["http://www.example.gov.cn/images/missing-photo.png"]
    assert image.page == "http://www.example.gov.cn/inner.html"
    assert image.evidence["linked_from"] == ["http://www.example.gov.cn/inner.html",
                                             "http://www.example.gov.cn/xwzx/index.html"]
    assert all(len(f.evidence["linked_from"]) <= broken_link.MAX_LINKED_FROM for f in by_url.values())

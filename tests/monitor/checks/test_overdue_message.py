"""overdue_message: messages unanswered over 5 working days (chinese_calendar), on lists and detail pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dgeval.monitor.checks import _columns, overdue_message
from dgeval.monitor.page import decode, parse_html
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("overdue_message"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(overdue_message, folder)


@pytest.mark.parametrize(
    ("sent", "as_of", "expected"),
    [
        ("2020-09-29", "2020-10-12", 4),  # National Day: Oct 1-8 off, Oct 10 (Sat) a make-up working day
        ("2020-09-25", "2020-10-12", 7),  # Sep 27 (Sun) a make-up working day
        ("2020-09-28", "2020-10-12", 5),
        ("2020-10-09", "2020-10-09", 0),
        ("2020-10-09", "2020-10-11", 1),
    ],
)
def test_working_days_follow_the_official_calendar(sent: str, as_of: str, expected: int) -> None:
    assert overdue_message.working_days_after(dt.date.fromisoformat(sent), dt.date.fromisoformat(as_of)) == expected


def test_threshold_is_configuration() -> None:
    site = build_site(FIXTURES / "stale_column" / "county_utf8")
    values = {f.value for f in findings_of(overdue_message.run(site, CheckConfig(message_reply_working_days=10)))}
    assert values == {"关于城区道路积水的反映", "关于医保报销比例的咨询"}


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("**/*.html")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_outline_from_the_crawlers_tree_is_the_checks_own(path: Path) -> None:
    """The crawler's tree (parsed for links) gives the title and breadcrumb the check would parse the page for."""
    body = path.read_bytes()
    parsed = parse_html(body, "text/html", "http://a.gov.cn/x.html", inspect=overdue_message.read_tree)
    text, _ = decode(body, "text/html")
    needed = overdue_message.SENT_LABEL.search(text) or overdue_message.PENDING.search(text)
    if not needed:
        assert parsed.note is None
        return
    tree = _columns.parse(text)
    assert parsed.note == (_columns.page_title(tree), _columns.breadcrumb(tree))

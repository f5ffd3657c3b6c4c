"""orphan_interpretation: 解读 articles that link no policy; 原文 links, 《》 links, attachments satisfy it; articles
a 解读 list page shows beside its own (最新发布, 热点新闻 boxes) are not interpretations."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.checks import orphan_interpretation
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks.conftest import fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("orphan_interpretation"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(orphan_interpretation, folder)


NAV = '<div class="nav"><a href="/zcjd/">政策解读</a></div>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"<title>关于医保政策的解读_某县</title>{NAV}", True),
        (f'<TITLE>x</TITLE>{NAV}<h1 class="t">图解：政府工作报告解读</h1>', True),
        (f'{NAV}<div class="position">当前位置：首页 &gt; <a href="/zcjd/">政策解读</a> &gt; 正文</div>', True),
        (f'{NAV}<div class="position">当前位置：首页 &gt; 工作动态</div><p>县政府召开常务会议</p>', False),
        (f"<title>工作动态</title>{NAV}<h2>解读</h2>", False),
    ],
)
def test_raw_html_prefilter_looks_only_where_a_page_names_itself(html: str, expected: bool) -> None:
    """The pre-filter runs on every page before any parse: the nav's 政策解读 alone must not pass it."""
    assert orphan_interpretation.says_interpretation(html) is expected

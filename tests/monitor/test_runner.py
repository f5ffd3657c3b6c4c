"""The runner: checks run in the worker while the crawl goes on give the same reports (findings in registry order,
observations, skip reasons) as running every check in-process over the complete site; `run_page` checks agree with
their `run`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from dgeval.monitor import stream
from dgeval.monitor.checks import CHECK_MODULES, CheckStopped, check_site, load_check, skip_reasons
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.model import Finding
from dgeval.monitor.runner import scan_site

AS_OF = dt.date(2020, 10, 12)
CONFIG = CrawlConfig(allow_private=True, external="skip", total_timeout=5, connect_timeout=2, read_timeout=5,
                     backoff_base=0.01, max_wall_time=60)
HOME = """<html><head><title>某县人民政府</title></head><body>
<div class="nav"><a href="news/index.html">政务动态</a><a href="notice/index.html">通知公告</a></div>
<ul><li><a href="news/a1.html">关于开展全县安全生产大检查的通知</a><span>2020-10-09</span></li>
<li><a href="news/a2.html">县政府召开常务会议研究部署重点工作</a><span>2020-09-01</span></li>
<li><a href="gone.html">已经删除的一篇文章标题很长</a><span>2020-08-01</span></li>
<li><a href="xinxiang/1.html">群众来信：小区路灯不亮</a></li>
<li><a href="jiedu/1.html">《县城老旧小区改造实施方案》政策解读</a></li></ul>
<div class="footer">网站标识码：1234567890 京ICP备12345678号</div></body></html>"""
NEWS = """<html><head><title>政务动态</title></head><body><div class="nav"><a href="../index.html">首页</a></div>
<ul><li><a href="a1.html">关于开展全县安全生产大检查的通知</a><span>2020-10-09</span></li>
<li><a href="a2.html">县政府召开常务会议研究部署重点工作</a><span>2020-09-01</span></li></ul></body></html>"""
ARTICLE_ID = """<html><head><title>低保名单</title></head><body><table><tr><th>姓名</th><th>身份证号</th><th>电话</th></tr>
<tr><td>王小明</td><td>110101199003074514</td><td>13812345678</td></tr>
<tr><td>李大华</td><td>110101199003072332</td><td>13987654321</td></tr></table>
<p>中华人民共合国 社会注义 核心价值观</p><a href="../files/list.txt">附件：名单</a></body></html>"""
ATTACHMENT = "姓名\t身份证号\t银行卡号\n赵一\t110101199003073319\t6222021234567890128\n中华人民共合国\n"
MESSAGE = """<html><head><title>留言详情_某县人民政府</title></head><body><div class="position">当前位置：首页 &gt; 县长信箱</div>
<div class="content"><p>留言标题：小区路灯不亮 留言时间：2020-09-01</p><p>状态：未回复</p></div></body></html>"""
INTERPRETATION = ("<html><head><title>《县城老旧小区改造实施方案》政策解读_某县人民政府</title></head><body>"
                  "<div class='position'>当前位置：首页 &gt; 政策解读</div><h1>《县城老旧小区改造实施方案》政策解读</h1>"
                  "<p>" + "为便于群众理解，现就方案的出台背景、主要内容和保障措施解读如下。" * 4 + "</p></body></html>")
ARTICLE = "<html><head><title>常务会议</title></head><body><p>县政府召开常务会议。</p><img src='missing.png'></body></html>"


def _site(root: Path, write_site: Any) -> None:
    write_site(root, {"index.html": HOME, "news/index.html": NEWS, "news/a1.html": ARTICLE_ID,
                      "news/a2.html": ARTICLE, "xinxiang/1.html": MESSAGE, "jiedu/1.html": INTERPRETATION, "files/list.txt": ATTACHMENT, "notice/index.html": "<html><body>暂无信息</body></html>"})


def _sorted(findings: list[Any]) -> list[str]:
    return sorted(repr(f.to_json()) for f in findings)


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
@pytest.mark.parametrize("pending_bytes", [stream.PENDING_ATTACHMENT_BYTES, 0], ids=["queued", "one-at-a-time"])
async def test_worker_findings_match_in_process_checks(site_server: Any, write_site: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, pending_bytes: int) -> None:
    monkeypatch.setattr(stream, "PENDING_ATTACHMENT_BYTES", pending_bytes)
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    streamed = await scan_site(server.url, as_of=AS_OF, config=CONFIG)
    crawled = await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=[])
    reports = check_site(crawled.site, CHECK_MODULES)
    assert _sorted(streamed.findings) == _sorted([f for report in reports.values() for f in report.findings])
    assert streamed.skipped == skip_reasons(reports)
    assert streamed.observed == {name: report.observed for name, report in reports.items()}
    assert streamed.observed["id_number_leak"] == len([p for p in crawled.site.pages if p.text and
                                                       (p.error is None or p.is_attachment)])
    checks = [f.check for f in streamed.findings]
    assert checks == sorted(checks, key=CHECK_MODULES.index)  # registry order, as run_checks gives
    assert {"id_number_leak", "wrong_word", "broken_link", "overdue_message", "orphan_interpretation"} <= set(checks)
    assert len(streamed.site.pages) == len(crawled.site.pages)
    assert streamed.site.pages[0].text == crawled.site.pages[0].text  # the homepage stays whole for the probes
    # attachments are extracted and checked by the crawling process, their findings merged in page order
    assert any(f.check == "id_number_leak" and f.evidence.get("field") == "attachment" for f in streamed.findings)
    assert [p.text for p in streamed.site.pages if p.is_attachment] == [p.text for p in crawled.site.pages
                                                                          if p.is_attachment]


async def test_run_page_checks_agree_with_run(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    site = (await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=[])).site
    config = CheckConfig()
    page_checks = [name for name in CHECK_MODULES if hasattr(load_check(name), "run_page")]
    assert {"id_number_leak", "phone_leak", "bank_card_leak", "wrong_word"} <= set(page_checks)
    for name in page_checks:
        module = load_check(name)
        per_page = [item for page in site.pages for item in module.run_page(page, site, config)]
        assert list(module.run(site, config)) == per_page


async def test_notes_change_no_finding(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    site = (await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=[])).site
    config = CheckConfig()
    noting = [name for name in CHECK_MODULES if hasattr(load_check(name), "notice_page")]
    assert {"overdue_message", "orphan_interpretation"} <= set(noting)
    for name in noting:
        module = load_check(name)
        notes = {page.url: note for page in site.pages
                 if (note := module.notice_page(page, site, config)) is not None}
        noted = dataclasses.replace(site, notes={name: notes})
        found = list(module.run(site, config))
        assert any(isinstance(item, Finding) for item in found) and list(module.run(noted, config)) == found


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_empty_selection_runs_nothing(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    result = await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=[])
    assert (result.findings, result.skipped, result.observed) == ([], {}, {})
    assert all(page.text for page in result.site.pages if page.is_html)  # no worker: pages stay whole


def _exit_at_once(*args: Any) -> None:
    """A checks worker that dies before reading anything."""


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_a_dead_worker_ends_no_scan(site_server: Any, write_site: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    crawled = await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=[])
    monkeypatch.setattr(stream, "_serve", _exit_at_once)
    result = await scan_site(server.url, as_of=AS_OF, config=CONFIG)
    assert len(result.site.pages) == len(crawled.site.pages) and result.findings == []
    assert set(result.skipped) == set(CHECK_MODULES)
    assert all(reason.startswith("error: checks worker ended") for reason in result.skipped.values())
    assert set(result.observed.values()) == {0}


def _stop_on_third_page(run_page: Any) -> Any:
    """RUN_PAGE, stopped by a budget on the third page it is given, as a DOM or time cap would stop it."""
    pages_seen: list[str] = []

    def stopped(page: Any, site: Any, config: CheckConfig) -> Any:
        pages_seen.append(page.url)
        if len(pages_seen) == 3:
            raise CheckStopped("time budget spent")
        yield from run_page(page, site, config)

    return stopped


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_a_stopped_page_check_keeps_what_it_observed_and_is_not_completed(
        site_server: Any, write_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _site(tmp_path, write_site)
    server = await site_server(tmp_path)
    module = load_check("wrong_word")
    monkeypatch.setattr(module, "run_page", _stop_on_third_page(module.run_page))
    monkeypatch.setattr(module, "run", lambda site, config: (item for page in site.pages
                                                             for item in module.run_page(page, site, config)))
    streamed = await scan_site(server.url, as_of=AS_OF, config=CONFIG, checks=["wrong_word"])
    report = streamed.reports["wrong_word"]
    assert report.skip is not None and report.skip.kind == "stopped" and not report.completed
    assert report.observed == 2  # the two pages read before the budget ran out
    assert streamed.skipped == {"wrong_word": "stopped: time budget spent"}


def test_the_stream_names_no_check() -> None:
    source = Path(stream.__file__).read_text(encoding="utf-8")
    named = [name for name in CHECK_MODULES if re.search(rf"[\"'.]{name}\b|import [^\n]*\b{name}\b", source)]
    assert named == [], "the checks worker goes through the check contract only"

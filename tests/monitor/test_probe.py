"""Probes: `dgeval probe` records and 故障率, and the site probes the crawler fills in."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from dgeval.cli import main
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.probes import find_search_form, pick_query
from dgeval.monitor.runner import scan_site

CONFIG = CrawlConfig(allow_private=True, external="skip", total_timeout=5, connect_timeout=2)


async def test_probe_command_counts_and_failure_rate(site_server: Any, write_site: Any, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_site(tmp_path / "site", {"index.html": "ok"})
    server = await site_server(tmp_path / "site")
    jsonl = tmp_path / "probes.jsonl"
    down = server.url + "status/503"
    code = await asyncio.to_thread(main, ["probe", server.url, down, "--interval", "0", "--count", "3",
                                          "--timeout", "5", "--allow-private", "--jsonl", str(jsonl)])
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert code == 0
    assert len(rows) == 2 * 2 * 3  # targets × families × rounds
    ipv4 = [r for r in rows if r["family"] == "ipv4" and r["target"] == server.url]
    assert len(ipv4) == 3 and all(r["ok"] and r["status"] == 200 for r in ipv4)
    assert {"time", "target", "family", "status", "latency_ms", "error", "ok"} <= set(ipv4[0])
    assert server.count("/") == 3 and server.count("/status/503") == 3  # one attempt per probe, no retries
    assert f"{server.url} ipv4: 故障率 0.0% (0/3) < 5%" in out
    assert f"{down} ipv4: 故障率 100.0% (3/3) ≥ 5% 站点无法访问" in out
    assert f"{server.url} ipv6：没有地址，未探测" in out


@pytest.mark.parametrize("argv", [
    ["probe", "http://127.0.0.1:9/", "--count", "3"],  # --interval missing
    ["probe", "http://127.0.0.1:9/", "--interval", "1"],  # --count missing
    ["probe", "http://127.0.0.1:9/", "--interval", "1", "--count", "20000", "--allow-private"],
    ["probe", "http://127.0.0.1:9/", "--interval", "1", "--count", "2"],  # private without --allow-private
])
async def test_probe_arguments_are_bounded(argv: list[str]) -> None:
    try:
        code = await asyncio.to_thread(main, argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2


async def test_scan_fills_site_probes(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {
        "index.html": "<html><head><title>某市人民政府</title></head><body>"
                      "<form action='/search.html' method='get'><input type='text' name='searchword'>"
                      "<input type='hidden' name='channel' value='1'></form><a href='n/1.html'>通知</a></body></html>",
        "n/1.html": "<html><head><title>关于开展政府网站检查的通知_某市人民政府</title></head><body>x</body></html>",
        "search.html": "<html><body><ul><li><a href='n/1.html'>关于开展政府网站检查的通知</a></li></ul></body></html>",
    })
    server = await site_server(tmp_path)
    result = await scan_site(server.url, as_of=__import__("datetime").date(2020, 10, 12), config=CONFIG, checks=[])
    probes = result.site.probes
    assert probes["ipv4"]["addresses"] == ["127.0.0.1"] and probes["ipv4"]["reachable"] is True
    assert probes["ipv6"]["addresses"] == [] and probes["ipv6"]["reachable"] is None
    assert probes["https"]["scheme"] == "http" and probes["https"]["https_reachable"] is False
    assert probes["https"]["http_redirects_to_https"] is False
    # plain http on its own port: port 443 of the loopback host (someone else's service) is not touched
    assert probes["https"]["cert_error"].startswith("not probed") and probes["https"]["cert_valid"] is None
    search = probes["search"]
    assert search["form_found"] and search["param"] == "searchword"
    assert search["query"] == "关于开展政府网站检查的通知" and search["found"] is True
    assert any(p.startswith("/search.html?") and "channel=1" in p for _, p in server.requests)


async def test_scan_without_search_form(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<form action='/login'><input name='user'><input type='password'></form>"})
    server = await site_server(tmp_path)
    config = dataclasses.replace(CONFIG)
    result = await scan_site(server.url, as_of=__import__("datetime").date(2020, 10, 12), config=config, checks=[])
    assert result.site.probes["search"]["form_found"] is False


def test_search_form_by_action_and_query_from_titles() -> None:
    form = find_search_form("<form action='/jsearch/s.jsp'><input name='xm'></form>", "http://a.gov.cn/")
    assert form == ("http://a.gov.cn/jsearch/s.jsp", "xm", {})
    titles = [("http://a/", "某市人民政府"), ("http://a/1", "某市人民政府 - 首页"), ("http://a/2", "政策解读 | 某市人民政府")]
    assert pick_query(titles, "http://a/") == ("政策解读", "http://a/2")

"""`dgeval scan` contract: one JSON object, exit codes, SSRF refusal, WARC archive, verdict (issue 4 §3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from dgeval.cli import main


async def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `dgeval` in a worker thread: the command starts its own event loop, the test loop serves the site."""
    import asyncio

    code = await asyncio.to_thread(main, argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
async def small_site(site_server: Any, write_site: Any, tmp_path: Path) -> Any:
    write_site(tmp_path, {
        "index.html": "<html><head><title>首页</title></head><body><a href='a.html'>A</a>"
                      "<a href='missing.html'>坏链接</a><a href='http://www.gov.cn/'>中国政府网</a></body></html>",
        "a.html": "<html><head><title>关于开展检查的通知</title></head><body><a href='/'>首页</a></body></html>",
    })
    return await site_server(tmp_path)


async def test_json_contract(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--as-of", "2020-10-12",
                                  "--checks", "broken_link", small_site.url], capsys)
    assert code == 0
    payload = json.loads(out)  # exactly one object: json.loads fails on anything extra
    assert list(payload)[:4] == ["target", "as_of", "pages", "findings"]
    assert payload["target"] == small_site.url and payload["as_of"] == "2020-10-12" and payload["pages"] == 2
    broken = [f for f in payload["findings"] if f["check"] == "broken_link"]
    assert [(f["url"], f["page"]) for f in broken] == [(small_site.url + "missing.html", small_site.url)]
    assert {"check", "url", "page", "value", "severity", "evidence", "leaves"} <= set(broken[0])
    assert not any("gov.cn" in p for _, p in small_site.requests)


async def test_no_checks_still_reports_pages(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--checks", "",
                                  small_site.url], capsys)
    assert code == 0 and json.loads(out)["findings"] == []


@pytest.mark.parametrize("argv", [
    ["scan", "--as-of", "2020-13-01", "http://127.0.0.1:9/"],
    ["scan", "--checks", "no_such_check", "--allow-private", "http://127.0.0.1:9/"],
    ["scan", "ftp://127.0.0.1/"],
    ["scan", "not a url"],
    ["scan", "--max-pages", "0", "http://127.0.0.1:9/"],
])
async def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code, _, _ = await run_cli(argv, capsys)
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    assert code == 2


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/", "http://localhost:9/", "http://10.0.0.1/",
                                    "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/"])
async def test_private_target_refused_without_allow_private(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = await run_cli(["scan", "--json", "--external", "skip", target], capsys)
    assert code == 2 and out == ""
    assert "--allow-private" in err


async def test_unreachable_site_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        code, out, err = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--checks", "",
                                        f"http://127.0.0.1:{port}/"], capsys)
    assert code == 3 and out == "" and "cannot reach" in err


async def test_warc_holds_every_response(small_site: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = tmp_path / "scan.warc.gz"
    code, _, _ = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--checks", "",
                                "--warc", str(warc), small_site.url], capsys)
    assert code == 0
    responses: dict[str, bytes] = {}
    requests = 0
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                responses[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
            elif record.rec_type == "request":
                requests += 1
    assert requests == len(responses) + 1  # "/" twice: the crawl, then the https probe asks http:// again
    assert {small_site.url + p.lstrip("/") for _, p in small_site.requests} == set(responses)
    assert "关于开展检查的通知".encode() in responses[small_site.url + "a.html"]
    assert small_site.url + "missing.html" in responses


async def test_human_summary_groups_by_check(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--allow-private", "--external", "skip", "--checks", "broken_link",
                                  small_site.url], capsys)
    assert code == 0 and "broken_link (1)" in out and "missing.html" in out


async def test_verdict_in_json(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--json", "--verdict", "--allow-private", "--external", "skip", "--checks",
                                  "broken_link", small_site.url], capsys)
    verdict = json.loads(out)["verdict"]
    assert code == 0 and verdict["result"] == "合格" and verdict["deciding"] == []


async def test_human_summary_lists_observations_apart(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--allow-private", "--external", "skip", "--checks",
                                  "broken_link,missing_icp", small_site.url], capsys)
    problems, _, observations = out.partition("observations (not problems)")
    assert code == 0 and "missing.html" in problems
    assert ("missing_icp" in observations) != ("missing_icp" in problems)  # a value found, or a problem: never both

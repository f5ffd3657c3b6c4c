"""`dgeval scan` contract: one JSON object, exit codes, SSRF refusal, WARC archive, verdict, and with `--framework`
the state and points of each rule-covered leaf, from what the checks observed (fixture sites in fixtures/sites)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from dgeval.cli import main
from dgeval.framework import load_framework


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
                                    "http://[::1]:9/"])
async def test_private_target_refused_without_allow_private(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = await run_cli(["scan", "--json", "--external", "skip", target], capsys)
    assert code == 2 and out == ""
    assert "--allow-private" in err


@pytest.mark.parametrize("flags", [[], ["--allow-private"]])
async def test_metadata_target_refused_even_with_allow_private(flags: list[str],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = await run_cli(["scan", "--json", *flags, "--external", "skip",
                                    "http://169.254.169.254/latest/meta-data/"], capsys)
    assert code == 2 and out == ""
    assert "元数据" in err and len(err.strip().splitlines()) == 1


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
    assert code == 0 and "不可用链接（1）" in out and "missing.html" in out
    assert "首页上的链接不可用：返回 HTTP 404 错误" in out and "broken_link" not in out


async def test_human_summary_lists_pages_too_deep_to_judge(site_server: Any, write_site: Any, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    write_site(tmp_path, {"index.html": "<a href='deep.html'>深</a>",
                          "deep.html": "<div>" * 3_000 + "正文" + "</div>" * 3_000})
    server = await site_server(tmp_path)
    code, out, _ = await run_cli(["scan", "--allow-private", "--external", "skip", "--checks", "broken_link",
                                  server.url], capsys)
    assert code == 0 and "未能判断的页面和附件（1）" in out
    assert server.url + "deep.html" in out and "页面过深，未能判断：嵌套约" in out


async def test_verdict_in_json(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--json", "--verdict", "--allow-private", "--external", "skip", "--checks",
                                  "broken_link", small_site.url], capsys)
    verdict = json.loads(out)["verdict"]
    assert code == 0 and verdict["result"] == "合格" and verdict["deciding"] == []


async def test_human_summary_lists_observations_apart(small_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--allow-private", "--external", "skip", "--checks",
                                  "broken_link,missing_icp", small_site.url], capsys)
    problems, _, observations = out.partition("观察记录（不是问题）")
    assert code == 0 and "missing.html" in problems
    assert ("ICP备案编号" in observations) != ("ICP备案编号" in problems)  # a value found, or a problem: never both


# --- leaf states: points only from evidence -------------------------------------------------------------------------

SITES = Path(__file__).parent / "fixtures" / "sites"
PLAIN_KEYS = ["target", "as_of", "pages", "findings", "skipped", "stats", "probes"]
NOT_OBSERVED_ON_A_QUIET_SITE = ("interaction.message_disclosure", "response.interpretation", "function.smart_search")


def _lay_out(root: Path, *layers: str) -> Path:
    """A fixture site made of layers: each later layer's files replace or add to the earlier ones'."""
    for layer in layers:
        shutil.copytree(SITES / layer, root, dirs_exist_ok=True)
    return root


async def _scan_framework(server: Any, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--as-of", "2020-10-12",
                                    "--framework", "local_site", "--column", "county", *extra, server.url], capsys)
    assert code == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


async def test_quiet_site_leaves_what_nobody_observed_to_manual_collection(
        site_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = await site_server(_lay_out(tmp_path, "quiet_county"))
    payload = await _scan_framework(server, capsys)
    assert list(payload) == [*PLAIN_KEYS, "leaves", "checks"]
    leaves = {leaf["code"]: leaf for leaf in payload["leaves"]}
    for code in NOT_OBSERVED_ON_A_QUIET_SITE:
        assert (leaves[code]["state"], leaves[code]["points"]) == ("not_observed", None), leaves[code]
    checks = payload["checks"]
    assert checks["overdue_message"] == {"observed": 0, "findings": 0}
    assert checks["orphan_interpretation"] == {"observed": 0, "findings": 0}
    assert checks["search"] == {"observed": 0, "findings": 0} and "search" in payload["skipped"]
    assert not any(f["check"] == "search" for f in payload["findings"])
    # what was observed is scored: the footer carries every mark, the columns are fresh
    assert leaves["management.identification"]["state"] == "clean"
    assert checks["missing_icp"] == {"observed": 1, "findings": 0}
    assert checks["stale_column"]["observed"] == 2 and checks["stale_column"]["findings"] == 0
    local = load_framework("local_site", 2020)
    assert [leaf["code"] for leaf in payload["leaves"]] == [
        i.code for i in local.base_indicators if i.code in leaves]  # framework order
    for leaf in payload["leaves"]:
        assert {"framework", "column", "code", "state", "share", "max_points", "points"} == set(leaf)
        assert (leaf["framework"], leaf["column"]) == ("local_site", "county")
        weight = local.indicator(leaf["code"]).weight("county")
        assert leaf["max_points"] == round(leaf["share"] * weight, 3)
        assert leaf["points"] is None or 0 <= leaf["points"] <= leaf["max_points"]


async def test_overdue_message_is_observed_and_deducted(site_server: Any, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    server = await site_server(_lay_out(tmp_path, "quiet_county", "message_board"))
    payload = await _scan_framework(server, capsys)
    leaf = next(leaf for leaf in payload["leaves"] if leaf["code"] == "interaction.message_disclosure")
    # share 0.5 of 3 points; one overdue message takes 0.2 of that share
    assert leaf == {"framework": "local_site", "column": "county", "code": "interaction.message_disclosure",
                    "state": "deducted", "share": 0.5, "max_points": 1.5, "points": 1.2}
    assert payload["checks"]["overdue_message"]["findings"] == 1
    assert payload["checks"]["overdue_message"]["observed"] >= 1
    (overdue,) = [f for f in payload["findings"] if f["check"] == "overdue_message"]
    assert overdue["leaves"] == ["interaction.message_disclosure", "satisfaction.inquiry_reply"]
    assert overdue["evidence"]["sent_date"] == "2020-09-01"


async def test_without_framework_the_json_keys_are_a_plain_scans(small_site: Any,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--checks",
                                  "broken_link", small_site.url], capsys)
    assert code == 0 and list(json.loads(out)) == PLAIN_KEYS


async def test_human_summary_shows_leaf_states_in_chinese(site_server: Any, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    server = await site_server(_lay_out(tmp_path, "quiet_county", "message_board"))
    code, out, _ = await run_cli(["scan", "--allow-private", "--external", "skip", "--as-of", "2020-10-12",
                                  "--framework", "local_site", "--column", "county", server.url], capsys)
    assert code == 0
    flat = re.sub(r"[\s│┃]+", "", out)  # a long sentence wraps inside its table cell
    assert "留言超期未回复（1）" in out and "于2020-09-01提交，已过25个工作日仍未答复" in flat
    message = next(line for line in out.splitlines() if "留言公开" in line)
    assert "已扣分" in message and "1.2 / 1.5" in message
    search = next(line for line in out.splitlines() if "智能搜索" in line)
    assert "未观察到（转人工采集）" in search and "— / " in search
    assert "interaction.message_disclosure" not in out and "not_observed" not in out


async def test_single_column_framework_needs_no_column(site_server: Any, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    server = await site_server(_lay_out(tmp_path, "quiet_county"))
    code, out, err = await run_cli(["scan", "--json", "--allow-private", "--external", "skip", "--checks",
                                    "missing_icp", "--framework", "ministry_site", server.url], capsys)
    assert code == 0, err
    leaves = {leaf["code"]: leaf for leaf in json.loads(out)["leaves"]}
    assert leaves["management.identification"]["column"] == "ministry"
    assert leaves["management.identification"]["state"] == "clean"
    assert leaves["management.daily_operation"]["state"] == "not_observed"  # its checks were not selected


@pytest.mark.parametrize(("argv", "message"), [
    (["--framework", "no_such_framework"], "known: "),
    (["--framework", "local_site", "--column", "village"], "可选：province、city、county"),
    (["--framework", "local_site"], "请用 --column 选择：province、city、county"),
    (["--column", "county"], "--column 需要与 --framework 一起使用"),
    (["--framework", "local_site", "--column", "county", "--year", "2019"], "2019"),
])
async def test_bad_framework_arguments_exit_2(argv: list[str], message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = await run_cli(["scan", "--allow-private", *argv, "http://127.0.0.1:9/"], capsys)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err

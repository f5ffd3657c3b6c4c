"""URL resolution against the WPT URL suite, query encoding, and link extraction per the HTML standard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ada_url
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgeval.monitor.transport import target_of
from dgeval.monitor.page import encode_query, parse_html, resolve

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"


def wpt_cases() -> list[dict[str, Any]]:
    """The WPT URL cases a crawler meets: those whose base is an http(s) URL."""
    cases = json.loads((DATA / "wpt" / "urltestdata.json").read_text(encoding="utf-8"))
    return [c for c in cases if isinstance(c, dict) and (c.get("base") or "").lower().startswith(("http:", "https:"))]


WPT = wpt_cases()


def same_document(href: str) -> bool:
    """An href that names the document itself ("" or "#…"): a browser requests nothing new for it."""
    stripped = href.strip("".join(chr(i) for i in range(0x21))).replace("\t", "").replace("\n", "").replace("\r", "")
    return not stripped or stripped.startswith("#")


def expected_request(case: dict[str, Any]) -> str | None:
    """The URL a browser requests for a WPT case: its href without the fragment, when http(s)."""
    if case.get("failure") or not case["href"].startswith(("http:", "https:")):
        return None
    return case["href"].split("#", 1)[0]


def expected_target(case: dict[str, Any]) -> str:
    """The request target a browser sends: path, then the query with its "?" even when empty."""
    without_fragment = case["href"].split("#", 1)[0]
    return case["pathname"] + (case["search"] or ("?" if without_fragment.endswith("?") else ""))


def test_the_wpt_suite_is_all_there() -> None:
    assert len(WPT) == 202
    assert sum(1 for c in WPT if not same_document(c["input"])) == 193


@pytest.mark.parametrize("case", WPT, ids=[f"{i}:{c['input'][:30]!r}" for i, c in enumerate(WPT)])
def test_wpt_case_is_requested_as_a_browser_would(case: dict[str, Any]) -> None:
    resolved = resolve(case["base"], case["input"])
    if same_document(case["input"]):
        assert resolved is None
        return
    assert resolved == expected_request(case)
    if resolved is not None:
        target = target_of(resolved)
        assert target.target == expected_target(case)
        assert (target.host, target.port) == (case["hostname"].strip("[]"), int(case["port"] or target.port))


hrefs = st.lists(st.sampled_from(list("ab/.?#:\\%é \t\n@;=&") + ["..", "http:", "https:", "//", "HTTP:"]),
                 max_size=10).map("".join)
bases = st.sampled_from(["http://a.gov.cn/x/y.html?p=1#f", "https://u:p@b.gov.cn:8443/x/", "http://c.gov.cn",
                         "http://d.gov.cn/x/y/z?", "http://[::1]/a/b;c"])


@given(base=bases, href=hrefs)
def test_cached_resolution_equals_the_parser_on_the_whole_base(base: str, href: str) -> None:
    """The cache keys on part of the base only; that must never change a result."""
    base = ada_url.join_url(base, "")
    try:
        direct: str | None = ada_url.join_url(base, href).split("#", 1)[0]
    except ValueError:
        direct = None
    if direct is not None and not direct.startswith(("http:", "https:")):
        direct = None
    if same_document(href):
        direct = None
    assert resolve(base, href) == direct


@pytest.mark.parametrize("href, encoding, expected", [
    ("search?q=政务公开", "gbk", "http://a.gov.cn/x/search?q=%D5%FE%CE%F1%B9%AB%BF%AA"),
    ("search?q=政务公开", "gb18030", "http://a.gov.cn/x/search?q=%D5%FE%CE%F1%B9%AB%BF%AA"),
    ("search?q=政务公开", "utf-8", "http://a.gov.cn/x/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"),
    ("政务/list?k=丂#锚", "gbk", "http://a.gov.cn/x/%E6%94%BF%E5%8A%A1/list?k=%81@"),  # path in UTF-8 always
    ("?q=䶮", "gbk", "http://a.gov.cn/x/y.html?q=%26%2319886%3B"),  # not in GBK: the &#…; escape
    ("?q=䶮", "gb18030", "http://a.gov.cn/x/y.html?q=%FE%9F"),
    ("?q=a b", "gbk", "http://a.gov.cn/x/y.html?q=a%20b"),
])
def test_queries_are_encoded_in_the_document_encoding(href: str, encoding: str, expected: str) -> None:
    assert resolve("http://a.gov.cn/x/y.html", encode_query(href, encoding)) == expected


def test_gbk_page_links_carry_gbk_queries() -> None:
    html = "<meta charset=gbk><a href='/search?keyword=通知'>搜</a><a href='/a.html?q=通知'>a</a>".encode("gbk")
    parsed = parse_html(html, "text/html", "http://a.gov.cn/")
    assert [u for u, _, _ in parsed.links] == ["http://a.gov.cn/search?keyword=%CD%A8%D6%AA",
                                                "http://a.gov.cn/a.html?q=%CD%A8%D6%AA"]


def links_of(html: str, url: str = "http://www.example.gov.cn/zwgk/index.html") -> list[tuple[str, str]]:
    return [(u, kind) for u, kind, _ in parse_html(html.encode(), "text/html; charset=utf-8", url).links]


def test_srcset_urls_with_commas_stay_whole() -> None:
    found = links_of("<img src='a.jpg' srcset='/img/w=640,q=80/a.jpg 640w, /img/w=960,q=80/a.jpg 960w, "
                     "b.jpg 2x 3x, c.jpg'>")
    assert found == [("http://www.example.gov.cn/img/w=640,q=80/a.jpg", "srcset"),
                     ("http://www.example.gov.cn/img/w=960,q=80/a.jpg", "srcset"),
                     ("http://www.example.gov.cn/zwgk/c.jpg", "srcset"),
                     ("http://www.example.gov.cn/zwgk/a.jpg", "img")]


def test_css_urls_in_style_blocks_and_attributes() -> None:
    found = links_of("<style>@import 'print.css' print; /* url(old.png) */ .banner{background:url(\"../img/b.png\")}"
                     "</style><div style=\"background-image: url('/img/bg.jpg')\">x</div>"
                     "<p style='color:red'>no url</p>")
    assert found == [("http://www.example.gov.cn/zwgk/print.css", "css"),
                     ("http://www.example.gov.cn/img/b.png", "css"),
                     ("http://www.example.gov.cn/img/bg.jpg", "css")]


def test_link_elements_that_fetch_nothing_are_skipped() -> None:
    found = links_of("<link rel=stylesheet href=on.css><link rel='alternate stylesheet' href=off.css disabled>"
                     "<link rel=dns-prefetch href=//cdn.example><link rel=preconnect href=https://cdn.example>"
                     "<link rel=icon href=/favicon.ico>")
    assert found == [("http://www.example.gov.cn/zwgk/on.css", "link"), ("http://www.example.gov.cn/favicon.ico", "link")]


def test_the_first_base_href_applies_to_links_before_it() -> None:
    found = links_of("<a href='a.html'>a</a><base href='/sub/'><base href='/other/'><img src='i.png'>")
    assert found == [("http://www.example.gov.cn/sub/a.html", "a"), ("http://www.example.gov.cn/sub/i.png", "img")]


def test_unusual_but_valid_hrefs_are_not_dropped() -> None:
    found = links_of("<a href=':about.html'>1</a><a href='list.html?'>2</a><a href='http:detail.html'>3</a>"
                     "<a href=' \u3000x.html'>4</a><a href='mailto:a@b.cn'>5</a><a href='#top'>6</a><a href=''>7</a>")
    assert [u for u, _ in found] == ["http://www.example.gov.cn/zwgk/:about.html",
                                     "http://www.example.gov.cn/zwgk/list.html?",
                                     "http://www.example.gov.cn/zwgk/detail.html",
                                     "http://www.example.gov.cn/zwgk/%E3%80%80x.html"]


def test_gov_homepage_links() -> None:
    """A realistic county government homepage: every resource a browser loads and every link it offers."""
    body = (FIXTURES / "gov_homepage.html").read_bytes()
    parsed = parse_html(body, "text/html", "http://www.example.gov.cn/")
    assert parsed.title == "某某县人民政府门户网站"
    found = {(u.removeprefix("http://www.example.gov.cn"), kind) for u, kind, _ in parsed.links}
    expected = {(line.split()[1], line.split()[0])
                for line in (FIXTURES / "gov_homepage.links").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    assert found == expected

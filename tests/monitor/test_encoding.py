"""Encoding sniffing: html5lib-tests' encoding cases, the prescan's corners, and Chinese government-style pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.encoding import lookup, meta_content_encoding, prescan, sniff
from dgeval.monitor.page import decode_document, parse_html

HTML5LIB = Path(__file__).parent / "data" / "html5lib_encoding"


def html5lib_cases() -> list[tuple[str, bytes, str]]:
    """(id, document bytes, expected encoding label) of every case in the vendored .dat files."""
    cases = []
    for path in sorted(HTML5LIB.glob("*.dat")):
        for number, block in enumerate(path.read_bytes().split(b"#data\n")[1:]):
            data, expected = block.split(b"\n#encoding\n")
            cases.append((f"{path.stem}-{number}", data, expected.strip().decode()))
    return cases


CASES = html5lib_cases()


def test_the_html5lib_suite_is_all_there() -> None:
    assert len(CASES) == 82


@pytest.mark.parametrize("data, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_html5lib_encoding_case(data: bytes, expected: str) -> None:
    """Each case is fed with no charset in the header and the generic default the suite assumes, windows-1252;
    a <meta> past the prescan's 1,024 bytes counts once the parser meets it, as in the suite."""
    decoded = decode_document(data, "text/html", default="windows-1252")
    assert decoded.sniffed.encoding == lookup(expected)


@pytest.mark.parametrize("head, expected", [
    (b"<meta charset=gb2312>", "gbk"),
    (b"<META HTTP-EQUIV='content-type' CONTENT='text/html; charset=GB2312'>", "gbk"),
    (b"<meta content='text/html; charset=gbk' http-equiv=Content-Type>", "gbk"),
    # The description mentions a charset, but a content attribute counts only beside http-equiv.
    (b"<meta name=description content='text/html; charset=gb2312'><meta charset=utf-8>", "utf-8"),
    (b"<meta name=description content='charset=gb2312'>", None),
    (b"<!-- <meta charset=big5> --><meta charset=gbk>", "gbk"),  # comments are skipped
    (b"<meta charset=cp936><meta charset=gb18030>", "gb18030"),  # not a WHATWG label: the next meta decides
    (b"<meta charset=x-user-defined>", "windows-1252"),
    (b"<meta charset=utf-16le>", "utf-8"),
    (b"<meta charset=gbk charset=big5>", "gbk"),  # the first of a repeated attribute counts
    (b"<meta charset=nonsense content='text/html; charset=gbk' http-equiv=content-type>", None),
    (b"<script>var s = '<meta charset=big5>';</script><meta charset=gbk>", "big5"),  # the prescan sees tags only
    (b"<meta http-equiv=content-type content='charset=\"gbk\"'>", "gbk"),
    (b" " * 1020 + b"<meta charset=gbk>", None),  # past the first 1,024 bytes
])
def test_prescan(head: bytes, expected: str | None) -> None:
    assert prescan(head) == expected


@pytest.mark.parametrize("content, expected", [
    ("text/html; charset=gb2312", "gbk"),
    ("text/html;charset = 'utf-8'", "utf-8"),
    ("text/html; charset='utf-8", None),
    ("text/html; charset=", None),
    ("text/html", None),
    ("charsetcharset=big5", "big5"),
])
def test_meta_content_encoding(content: str, expected: str | None) -> None:
    assert meta_content_encoding(content) == expected


@pytest.mark.parametrize("body, content_type, encoding, source", [
    ("通知公告".encode("utf-8-sig"), "text/html; charset=gbk", "utf-8", "bom"),
    ("通知公告".encode("utf-16"), "text/html; charset=gbk", "utf-16le", "bom"),
    ("<p>x</p>".encode(), 'text/html; charset="GB2312"', "gbk", "transport"),
    ("<p>x</p>".encode(), "text/html; charset=euc-cn", "gb18030", "default"),  # browsers do not know "euc-cn"
    ("<p>x</p>".encode(), "text/html", "gb18030", "default"),  # a zh-CN browser's default
    ("<p>通知公告</p>".encode("gbk"), "text/html", "gb18030", "detected"),
    ("<p>通知公告</p>".encode(), "text/html", "utf-8", "detected"),
    (b"<p>\x80\xff</p>", "text/html; charset=x-user-defined", "x-user-defined", "transport"),
    (b"<p>\xa1\xa2</p>", "text/html; charset=hz-gb-2312", "replacement", "transport"),
])
def test_sniff_order(body: bytes, content_type: str, encoding: str, source: str) -> None:
    sniffed = sniff(body, content_type)
    assert (sniffed.encoding, sniffed.source) == (encoding, source)
    body.decode(sniffed.codec, "replace")  # every codec named is one Python has (registered when WHATWG-only)


def test_x_user_defined_and_replacement_decode_as_the_standard_says() -> None:
    assert decode_document(b"a\x80\xff", "text/html; charset=x-user-defined").text == "a\uf780\uf7ff"
    assert decode_document(b"<p>\xa1\xa2</p>", "text/html; charset=iso-2022-kr").text == "\ufffd"


# -- Chinese government-style pages --------------------------------------------------------------------------

TITLE = "某某市人民政府门户网站——政务公开·通知公告"
RARE_TITLE = "关于王䶮同志任职的通知"  # 䶮 is outside GBK: GB18030 only
BODY = ("<div class='nav'><a href='/zwgk/'>政务公开</a><a href='/bsfw/'>办事服务</a><a href='/hdjl/'>互动交流</a></div>"
        "<ul class='list'><li><a href='/art/2020/5/8/art_1229_1.html'>关于做好2020年政府信息公开工作的通知</a>"
        "<span>2020-05-08</span></li></ul><div class='footer'>主办单位：某某市人民政府办公室 "
        "网站标识码：3301000001 浙ICP备05012345号 浙公网安备33010202000101号</div>")
COMMENT = "<!--[if lt IE 9]><script src='/js/html5shiv.js'></script><![endif]-->"
LONG_HEAD = ("<meta name='keywords' content='人民政府,政务公开,政府信息公开,办事服务,互动交流,政策文件,政策解读'>"
             "<meta name='description' content='某某市人民政府门户网站是市政府在互联网上的政务公开、办事服务、互动"
             "交流平台，text/html; charset=big5'>"
             "<script>var _hmt = _hmt || []; (function() { var hm = document.createElement('script'); })();</script>"
             "<link rel='stylesheet' href='/css/common.css'><link rel='stylesheet' href='/css/index.css'>" * 3)


def gov_page(encoding: str, head: str = "", title: str = TITLE) -> bytes:
    page = f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{BODY}</body></html>"
    return page.encode(encoding)


def meta(label: str) -> str:
    return f"<meta charset='{label}'>"


def pragma(label: str) -> str:
    return f"<meta http-equiv='Content-Type' content='text/html; charset={label}'>"


GOV_PAGES: list[tuple[str, bytes, str | None, str]] = [
    # (what it exercises, body, Content-Type charset or None, expected title)
    ("gbk-header-gbk-meta", gov_page("gbk", meta("gbk")), "gbk", TITLE),
    ("gb2312-header-only", gov_page("gbk"), "gb2312", TITLE),
    ("gb2312-meta-only", gov_page("gbk", pragma("gb2312")), None, TITLE),
    ("gbk-meta-only", gov_page("gbk", meta("GBK")), None, TITLE),
    ("gb18030-header", gov_page("gb18030", title=RARE_TITLE), "gb18030", RARE_TITLE),
    ("gbk-label-rare-surname", gov_page("gb18030", meta("gbk"), RARE_TITLE), None, RARE_TITLE),
    ("gb2312-label-rare-surname", gov_page("gb18030", pragma("gb2312"), RARE_TITLE), "gb2312", RARE_TITLE),
    ("gbk-no-declaration", gov_page("gbk"), None, TITLE),
    ("gbk-meta-in-comment-only", gov_page("gbk", "<!-- <meta charset='utf-8'> -->"), None, TITLE),
    ("gbk-meta-after-comment", gov_page("gbk", COMMENT + meta("gb2312")), None, TITLE),
    ("gbk-meta-after-long-head", gov_page("gbk", LONG_HEAD + pragma("gb2312")), None, TITLE),
    ("gbk-description-mentions-big5", gov_page("gbk", LONG_HEAD), None, TITLE),
    ("gbk-header-utf8-server-default", gov_page("gbk", meta("gb2312")), "utf-8", TITLE),
    ("gbk-header-utf8-no-meta", gov_page("gbk"), "utf-8", TITLE),
    ("gbk-header-iso-8859-1-apache-default", gov_page("gbk", meta("gb2312")), "iso-8859-1", TITLE),
    ("gbk-header-latin1-pragma", gov_page("gbk", pragma("gbk")), "latin1", TITLE),
    ("gbk-header-cp936-unknown", gov_page("gbk", meta("gbk")), "cp936", TITLE),
    ("gbk-meta-utf8-template", gov_page("gbk", meta("utf-8")), None, TITLE),
    ("gbk-meta-quoted-pragma", gov_page("gbk", "<meta http-equiv=\"content-type\" content='text/html; "
                                                "charset=\"gb2312\"'>"), None, TITLE),
    ("gbk-meta-uppercase", gov_page("gbk", "<META CHARSET=GB2312>"), None, TITLE),
    ("gbk-meta-x-gbk", gov_page("gbk", meta("x-gbk")), None, TITLE),
    ("utf8-header-utf8-meta", gov_page("utf-8", meta("utf-8")), "utf-8", TITLE),
    ("utf8-header-only", gov_page("utf-8"), "UTF-8", TITLE),
    ("utf8-meta-only", gov_page("utf-8", meta("utf-8")), None, TITLE),
    ("utf8-pragma-only", gov_page("utf-8", pragma("UTF-8")), None, TITLE),
    ("utf8-no-declaration", gov_page("utf-8"), None, TITLE),
    ("utf8-bom-gbk-header", b"\xef\xbb\xbf" + gov_page("utf-8"), "gbk", TITLE),
    ("utf8-header-gb2312-iis-default", gov_page("utf-8", meta("utf-8")), "gb2312", TITLE),
    ("utf8-header-gbk-no-meta", gov_page("utf-8"), "gbk", TITLE),
    ("utf8-meta-gb2312-old-template", gov_page("utf-8", meta("gb2312")), None, TITLE),
    ("utf8-pragma-gb2312-header-gb2312", gov_page("utf-8", pragma("gb2312")), "gb2312", TITLE),
    ("utf8-meta-in-comment-gbk", gov_page("utf-8", "<!-- <meta charset=gbk> -->"), None, TITLE),
    ("utf8-meta-utf8-after-long-head", gov_page("utf-8", LONG_HEAD + meta("utf-8")), None, TITLE),
    ("utf8-header-iso-8859-1", gov_page("utf-8", meta("utf-8")), "iso-8859-1", TITLE),
    ("utf8-unicode-label", gov_page("utf-8", meta("unicode-1-1-utf-8")), None, TITLE),
]


def test_the_gov_page_set_is_large_enough() -> None:
    assert len(GOV_PAGES) >= 30


@pytest.mark.parametrize("body, charset, title", [c[1:] for c in GOV_PAGES], ids=[c[0] for c in GOV_PAGES])
def test_gov_page_title_decodes(body: bytes, charset: str | None, title: str) -> None:
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    parsed = parse_html(body, content_type, "http://www.example.gov.cn/")
    assert parsed.title == title
    assert "关于做好2020年政府信息公开工作的通知" in parsed.text


def test_a_gbk_page_with_a_few_invalid_bytes_keeps_its_declaration() -> None:
    body = gov_page("gbk", meta("gbk")).replace("通知公告".encode("gbk"), b"\xff\xfe\x81")
    decoded = decode_document(body, "text/html; charset=gbk")
    assert decoded.sniffed.encoding == "gbk" and "\ufffd" in decoded.text and "政务公开" in decoded.text

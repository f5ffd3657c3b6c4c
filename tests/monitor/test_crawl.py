"""Crawl behaviour against loopback fixture sites: scope, limits, robots, sitemap, links, retries, charsets."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler, CrawlResult
from dgeval.monitor.fetch import Fetcher


FAST = CrawlConfig(allow_private=True, external="skip", total_timeout=5, connect_timeout=2, read_timeout=5,
                   backoff_base=0.01, retry_after_cap=0.2, max_wall_time=60)


async def crawl(url: str, **overrides: Any) -> CrawlResult:
    config = dataclasses.replace(FAST, **overrides)
    async with Fetcher(config) as fetcher:
        return await Crawler(url, config, fetcher).run()


def result_of(result: CrawlResult, url: str) -> Any:
    return next(r for r in result.links if r.url == url)


def page_urls(result: CrawlResult) -> list[str]:
    return [p.url for p in result.pages]


async def test_crawls_pages_once_and_checks_resources(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {
        "index.html": "<title>首页</title><a href='a.html'>A</a><a href='a.html#top'>A again</a>"
                      "<a href='/b.html'>B</a><img src='logo.png'><a href='gone.html'>gone</a>",
        "a.html": "<a href='/'>home</a><a href='b.html'>B</a>",
        "b.html": "<a href='a.html'>A</a>",
        "logo.png": b"\x89PNG",
    })
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    assert page_urls(result)[0] == server.url
    assert sorted(page_urls(result)) == sorted([server.url, server.url + "a.html", server.url + "b.html"])
    assert server.count("/a.html") == 1  # fragment dropped, duplicates fetched once
    assert server.count("/logo.png", "HEAD") == 1 and server.count("/logo.png", "GET") == 0
    gone = result_of(result, server.url + "gone.html")
    assert (gone.status, gone.http_status) == ("broken", 404)
    assert gone.pages == (server.url,)
    assert result_of(result, server.url + "logo.png").status == "ok"


async def test_page_and_depth_limits(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    chain = {f"p{i}.html": f"<a href='p{i + 1}.html'>next</a>" for i in range(20)}
    write_site(tmp_path, {"index.html": "<a href='p0.html'>start</a>", **chain})
    server = await site_server(tmp_path)
    by_depth = await crawl(server.url, max_depth=3)
    assert sorted(p.depth for p in by_depth.pages) == [0, 1, 2, 3]
    by_pages = await crawl(server.url, max_pages=5)
    assert len(by_pages.pages) == 5


async def test_robots_txt_is_obeyed_unless_ignored(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {
        "robots.txt": "User-agent: *\nDisallow: /private/\n",
        "index.html": "<a href='private/secret.html'>s</a><a href='open.html'>o</a>",
        "private/secret.html": "secret", "open.html": "open",
    })
    server = await site_server(tmp_path)
    obeyed = await crawl(server.url)
    assert server.count("/private/secret.html") == 0
    assert result_of(obeyed, server.url + "private/secret.html").status == "skipped"
    ignored = await crawl(server.url, obey_robots=False)
    assert server.count("/private/secret.html") == 1
    assert server.url + "private/secret.html" in page_urls(ignored)


async def test_sitemap_seeds_unlinked_pages(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<p>no links</p>", "hidden.html": "<p>only in the sitemap</p>"})
    server = await site_server(tmp_path)
    (tmp_path / "sitemap.xml").write_text(
        f"<?xml version='1.0'?><urlset><url><loc>{server.url}hidden.html</loc></url></urlset>")
    result = await crawl(server.url)
    assert server.url + "hidden.html" in page_urls(result)
    without = await crawl(server.url, use_sitemap=False)
    assert server.url + "hidden.html" not in page_urls(without)


async def test_robots_sitemap_line_is_followed(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<p>x</p>", "deep/x.html": "<p>x</p>"})
    server = await site_server(tmp_path)
    (tmp_path / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {server.url}maps/index.xml\n")
    write_site(tmp_path, {
        "maps/index.xml": f"<sitemapindex><sitemap><loc>{server.url}maps/s1.xml</loc></sitemap></sitemapindex>",
        "maps/s1.xml": f"<urlset><url><loc>{server.url}deep/x.html</loc></url></urlset>",
    })
    result = await crawl(server.url)
    assert server.url + "deep/x.html" in page_urls(result)


async def test_base_href_and_srcset(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {
        "index.html": "<base href='/sub/'><a href='page.html'>p</a>"
                      "<picture><source srcset='s1.png 1x, s2.png 2x'><img src='i.png' srcset='i2.png 2x'></picture>",
        "sub/page.html": "<p>ok</p>", "sub/s1.png": b"x", "sub/i.png": b"x", "sub/i2.png": b"x",
    })
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    assert server.url + "sub/page.html" in page_urls(result)
    statuses = {r.url.rsplit("/", 1)[1]: r.status for r in result.links}
    assert statuses["s1.png"] == "ok" and statuses["i2.png"] == "ok" and statuses["i.png"] == "ok"
    assert statuses["s2.png"] == "broken"
    assert result_of(result, server.url + "sub/s2.png").kind == "srcset"


async def test_skipped_schemes_are_not_links(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='javascript:void(0)'>j</a><a href='mailto:a@b.cn'>m</a>"
                                        "<a href='tel:12345'>t</a><img src='data:image/png;base64,AAAA'>"})
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    assert result.links == [result_of(result, server.url)]


async def test_retries_honour_retry_after_then_succeed(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='/flaky/a?fail=2&code=503&retry_after=0'>f</a>"
                                        "<a href='/flaky/b?fail=9&code=500'>down</a>"})
    server = await site_server(tmp_path)
    result = await crawl(server.url, retries=2)
    assert result_of(result, server.url + "flaky/a?fail=2&code=503&retry_after=0").status == "ok"
    assert server.count("/flaky/a?fail=2&code=503&retry_after=0") == 3
    down = result_of(result, server.url + "flaky/b?fail=9&code=500")
    assert (down.status, down.http_status) == ("broken", 500)
    assert server.count("/flaky/b?fail=9&code=500") == 3  # broken only after its retries


async def test_persistent_403_and_429_are_blocked_not_broken(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='/status/403'>f</a><a href='/status/429?retry_after=0'>t</a>"
                                        "<img src='/status/410'>"})
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    assert result_of(result, server.url + "status/403").status == "blocked"
    assert result_of(result, server.url + "status/429?retry_after=0").status == "blocked"
    assert result_of(result, server.url + "status/410").status == "broken"


async def test_head_falls_back_to_get(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<img src='/head-405'>"})
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    assert result_of(result, server.url + "head-405").status == "ok"
    assert server.count("/head-405", "HEAD") == 1 and server.count("/head-405", "GET") == 1


async def test_external_skip_sends_nothing_to_other_hosts(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    other = await site_server(tmp_path / "other", host="127.0.0.2")
    write_site(tmp_path / "main", {"index.html": f"<a href='{other.url}page.html'>ext</a><img src='{other.url}x.png'>"})
    server = await site_server(tmp_path / "main")
    skipped = await crawl(server.url, external="skip")
    assert other.requests == []
    unchecked = result_of(skipped, other.url + "page.html")
    assert (unchecked.status, unchecked.external) == ("unchecked", True)
    checked = await crawl(server.url, external="check")
    assert ("HEAD", "/page.html") in other.requests
    assert result_of(checked, other.url + "page.html").status == "broken"
    assert not any(m == "GET" and p == "/robots.txt" for m, p in other.requests)  # external links are never crawled


async def test_external_link_checked_once(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    other = await site_server(None, host="127.0.0.2")
    write_site(tmp_path, {"index.html": f"<a href='{other.url}x'>1</a><a href='a.html'>a</a>",
                          "a.html": f"<a href='{other.url}x'>again</a>"})
    server = await site_server(tmp_path)
    await crawl(server.url, external="check")
    assert other.count("/x", "HEAD") == 1


async def test_gbk_page_without_charset_header_decodes(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    text = "<html><head><title>某某市人民政府门户网站</title></head><body><p>关于做好政府信息公开工作的通知</p>" \
           "<a href='a.html'>政务公开</a></body></html>"
    write_site(tmp_path, {"index.html": text, "a.html": "<p>政策文件与解读</p>"}, encoding="gbk")
    server = await site_server(tmp_path, charset=None)
    result = await crawl(server.url)
    home = result.pages[0]
    assert "关于做好政府信息公开工作的通知" in home.text
    assert home.links[0].text == "政务公开"
    assert home.charset == "gb18030"


async def test_meta_charset_gbk_and_utf8_header(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    gbk = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>" \
          "<body>网站标识码</body></html>"
    write_site(tmp_path, {"index.html": gbk}, encoding="gbk")
    server = await site_server(tmp_path, charset=None)
    result = await crawl(server.url)
    assert "网站标识码" in result.pages[0].text and result.pages[0].charset == "gb18030"


async def test_attachments_become_pages_with_text(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("公示名单 张三")
    document.save(tmp_path / "list.docx")
    write_site(tmp_path, {"index.html": "<a href='list.docx'>名单</a><a href='notes.txt'>说明</a>",
                          "notes.txt": "说明文字"}, encoding="gbk")
    server = await site_server(tmp_path)
    result = await crawl(server.url)
    attachments = {p.url.rsplit("/", 1)[1]: p for p in result.pages if p.is_attachment}
    assert "公示名单 张三" in attachments["list.docx"].text
    assert attachments["notes.txt"].text == "说明文字"
    assert not attachments["list.docx"].is_html


async def test_redirected_homepage_sets_the_root(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"portal/index.html": "<a href='a.html'>a</a>", "portal/a.html": "a"})
    server = await site_server(tmp_path)
    result = await crawl(server.url + "redirect?to=/portal/")
    assert result.final_root == server.url + "portal/"
    assert server.url + "portal/a.html" in page_urls(result)


async def test_user_agent_identifies_the_monitor(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "x"})
    server = await site_server(tmp_path)
    await crawl(server.url)
    assert all(ua.startswith("dgeval-monitor/") and "+https://" in ua for ua in server.user_agents)

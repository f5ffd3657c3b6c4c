"""Walk the platform as each role sees it and list what a Chinese reader should not meet.

Run over a built demo (`python -m tests.web.i18n_crawl DATA_DIR`): for each role it follows every same-site link from
the home page (a bounded breadth-first walk with Django's test client, in zh-hans) and prints, as JSON, the problems
found: English words outside a short allow-list, Python dict/list reprs, raw leaf codes or check names, 5xx answers,
and links that answer 403 (or send a logged-in user to the login page) to the role they were shown to.

It is a separate process because the demo is a database of its own, built by `dgeval demo`, not pytest's test
database; the checks on one page's text (`page_problems`) are importable, so a test can show they catch a leak.
"""

from __future__ import annotations

import json
import re
import sys
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

#: Latin words a Chinese page may show: protocols, file formats, filing names, units.
ALLOWED_WORDS = frozenset(
    {
        "http", "https", "url", "icp", "pdf", "xlsx", "xls", "csv", "docx", "doc", "json", "warc", "html", "css",
        "js", "dns", "ip", "ipv", "ipv6", "tls", "ssl", "id", "app", "api", "email", "e-mail", "mb", "kb", "gb", "ms",
        "www", "gov", "cn", "com", "org", "net", "robots", "txt", "sitemap", "xml", "rss", "cdn", "hsts", "cookie",
        "zip", "excel", "word", "wps", "ofd", "rar", "png", "jpg", "jpeg", "gif", "svg",
        "utf", "gbk", "gb2312", "gb18030", "big5", "dgeval", "echarts", "pc", "ua", "cpu",
        "qq", "wechat", "weibo", "captcha", "sql", "sqlite", "postgresql", "redis", "celery", "iso",
        "ca", "x", "y", "a", "b", "c", "d", "s", "h5", "h", "ai", "vr", "ar", "5g", "4g", "gps", "gis",
        "sms", "wifi", "ios", "android", "mp4", "seo", "oa", "crm", "erp", "bim", "cim", "ict", "sdk",
        "english", "cc", "uid", "webp", "sha", "z", "v", "docs", "md", "yyyy", "mm", "dd", "gb/t",
    }
)
#: Admin pages of other projects' apps (login throttling, captcha store, sessions, permissions): their names are
#: their authors', outside the platform's catalogue; the platform's own admin index and change lists are walked.
#: One change form of each model is walked too (stored JSON is shown in words there); the add, delete, history and
#: password forms are Django's own pages around the same fields (ADMIN_FORMS).
FOREIGN_ADMIN = ("/admin/axes/", "/admin/captcha/", "/admin/sessions/", "/admin/auth/", "/admin/contenttypes/",
                 "/admin/django_celery_beat/")
#: Links not worth following: leaving the session, binary downloads and the captcha images.
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/captcha/", "/media/", "/i18n/", "/admin/logout", *FOREIGN_ADMIN)
#: How many URLs of one shape (digits replaced) a role visits: every page type, not every record.
PER_SHAPE = 1
MAX_PAGES = 300

DICT_REPR = re.compile(r"\{\s*'[^']*'\s*:|\{\s*\"[^\"]*\"\s*:|\[\s*'[^']*'\s*[,\]]|\[\s*\{|\(\s*'[^']*'\s*,")
RAW_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+\b|\b[a-z]+(?:_[a-z0-9]+)+\b")
URLISH = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:cn|com|org|net|gov|xlsx|xls|"
    r"csv|pdf|docx|doc|warc\.gz|warc|txt|xml|zip|json|png|jpg|html)\b|/[\w./?=&%-]*"
)
DIGEST = re.compile(r"\b(?:email:)?[0-9a-f]{8,}\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
VISIBLE_ATTRS = ("title", "placeholder", "alt", "aria-label")


def visible_text(html: str) -> str:
    """What a reader sees: text nodes outside script/style, button values and hover/placeholder texts."""
    tree = HTMLParser(html)
    # <code> holds literal machine values (a worker's host:pid, a digest), shown as such on purpose.
    for node in tree.css("script, style, noscript, template, code"):
        node.decompose()
    parts: list[str] = []
    body = tree.body or tree.root
    if tree.head is not None:
        title = tree.head.css_first("title")
        if title is not None:
            parts.append(title.text())
    if body is not None:
        parts.append(body.text(separator="\n"))
        for node in body.css("[title], [placeholder], [alt], [aria-label], input[type=submit], input[type=button]"):
            for attr in VISIBLE_ATTRS:
                value = node.attributes.get(attr)
                # Django admin's icons carry alt="True"/"False"/"Search" in its templates, untranslatable.
                if value and not (attr == "alt" and value in ("True", "False", "None", "Search")):
                    parts.append(value)
            if node.tag == "input" and node.attributes.get("type") in ("submit", "button"):
                parts.append(node.attributes.get("value") or "")
    return "\n".join(parts)


def page_problems(text: str, *, known_codes: Iterable[str] = (), data_words: Iterable[str] = ()) -> list[str]:
    """The leaks in one page's visible TEXT: dict/list reprs, raw codes, English words not allowed.

    DATA_WORDS are values people entered or registries hold (usernames, target codes, account IDs): data, not
    interface, so they may be Latin."""
    problems: list[str] = []
    data = set(data_words)
    if data:
        text = re.sub("|".join(rf"(?<![\w.]){re.escape(word)}(?![\w.])" for word in sorted(data, key=len, reverse=True)),
                      " ", text)
    text = DIGEST.sub(" ", text)
    for match in DICT_REPR.finditer(text):
        problems.append(f"Python 数据原样显示：{text[max(0, match.start() - 20):match.end() + 30]!r}")
    codes = set(known_codes)
    stripped = URLISH.sub(" ", text)
    for match in RAW_CODE.finditer(stripped):
        problems.append(f"原始代码：{match.group(0)!r}")
    stripped = RAW_CODE.sub(" ", stripped)
    for code in codes:
        if code and re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", stripped):
            problems.append(f"原始代码：{code!r}")
    for match in WORD.finditer(stripped):
        word = match.group(0)
        if word.lower() not in ALLOWED_WORDS and not (word.isupper() and len(word) <= 4):
            context = stripped[max(0, match.start() - 25):match.end() + 25].replace("\n", " ")
            problems.append(f"英文：{word!r} 于 {context!r}")
    return problems


ADMIN_FORMS = re.compile(r"^/admin/.+/(?:add|delete|history|password)/")


def _shape(url: str, data: frozenset[str]) -> str:
    """The URL with numbers, data values (target codes) and query values blanked: /targets/moe/ and /targets/mof/
    are one shape, as are /audit/?page=2 and /audit/?page=3."""
    parts = urlsplit(url)
    keys = sorted(key.split("=")[0] for key in parts.query.split("&") if key)
    path = "/".join("X" if segment in data else segment for segment in parts.path.split("/"))
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client, *, logged_in: bool, known_codes: Iterable[str], data_words: Iterable[str] = (),
          start: Iterable[str] = ("/",)) -> dict[str, list[str]]:
    """URL → problems for every page reachable by links from START (bounded by shape and count)."""
    codes = tuple(known_codes)
    data = frozenset(data_words)
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque((url, "") for url in start)
    visited = 0
    while queue and visited < MAX_PAGES:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        shape = _shape(url, data)
        if shapes.get(shape, 0) >= PER_SHAPE and referrer:  # start pages are always visited
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        visited += 1
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        where = f"{url}（链接来自 {referrer or '起点'}）"
        problems: list[str] = []
        if response.status_code >= 500:
            problems.append(f"服务器错误 {response.status_code}")
        elif response.status_code == 403:
            problems.append("链接指向无权访问的页面（403）")
        elif response.status_code == 404:
            problems.append("链接指向不存在的页面（404）")
        elif response.status_code in (301, 302):
            target = response.headers.get("Location", "")
            if logged_in and "/accounts/login" in target:
                problems.append("链接把已登录用户送到登录页")
            elif target.startswith("/") and not target.startswith(SKIP_PREFIXES):
                queue.append((target, url))
        content_type = response.headers.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html") and not response.streaming:
            html = response.content.decode(response.charset or "utf-8", "replace")
            problems.extend(page_problems(visible_text(html), known_codes=codes, data_words=data))
            # An archived page is the monitored site's own HTML: its links are the site's, not the platform's.
            anchors = [] if "/archive/" in url else HTMLParser(html).css("a[href]")
            for anchor in anchors:
                href = anchor.attributes.get("href") or ""
                link = urljoin(url, href)
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "javascript:")):
                    if not link.startswith("http://testserver/"):
                        continue
                    link = link.removeprefix("http://testserver")
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                skipped = path.startswith(SKIP_PREFIXES) or ADMIN_FORMS.match(path)
                if skipped or "download" in path or "export" in path:
                    continue
                if path not in seen:
                    queue.append((path, url))
        if problems:
            found[where] = sorted(set(problems))
    return found


def known_codes() -> set[str]:
    """Leaf codes of every shipped framework and every check's name: none of them may show on a page."""
    from dgeval.framework.load import available, load_file
    from dgeval.monitor.checks import CHECK_MODULES

    codes = set(CHECK_MODULES)
    for _year, _name, path in available():
        codes.update(indicator.code for indicator in load_file(path).indicators)
    return {code for code in codes if "_" in code or "." in code}


def finding_pages() -> tuple[str, ...]:
    """The page of one finding of each check (the walk's shape limit would see only one finding in all)."""
    from django.apps import apps

    findings = apps.get_model("monitoring.FindingRecord").objects.order_by("check_name", "pk")
    first: dict[str, str] = {}
    for finding in findings.only("pk", "check_name"):
        first.setdefault(finding.check_name, finding.get_absolute_url())
    return tuple(first.values())


def data_words() -> set[str]:
    """Latin values the data holds: usernames, target codes (ministries are "moe", "customs"…), account IDs."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    words = set(get_user_model().objects.values_list("username", flat=True))
    words |= set(apps.get_model("targets.Target").objects.values_list("code", flat=True))
    words |= set(apps.get_model("newmedia.Account").objects.values_list("platform_id", flat=True))
    return {word for word in words if word and not word.isdigit()}


def main(data_dir: Path) -> dict[str, dict[str, list[str]]]:
    from dgeval.web.demo.build import demo_environment

    demo_environment(data_dir, "testserver")
    from dgeval.web.common.setup import django_setup

    django_setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from django.urls import reverse

    from dgeval.web.accounts.roles import Role
    from dgeval.web.campaigns.selectors import campaign_current

    codes = known_codes()
    data = data_words()
    report: dict[str, dict[str, list[str]]] = {}
    anonymous = Client(raise_request_exception=False)
    report["public"] = crawl(anonymous, logged_in=False, known_codes=codes, data_words=data)
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    for role in Role:
        user = users.filter(role=role).first()
        if user is None:
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user)
        start = ("/", "/admin/") if role == Role.ADMIN else ("/",)
        if role == Role.EVALUATOR:  # one finding of every check: each check words its findings itself
            start += finding_pages()
        if role == Role.WEBMASTER:  # the unit's own score pages, with the sources they link
            start += tuple(reverse("scores:target", args=[user.target.code, framework, column])
                           for framework, column in user.target.evaluations(campaign_current()))
        report[f"{role.value}:{user.username}"] = crawl(client, logged_in=True, known_codes=codes, data_words=data,
                                                        start=start)
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False, indent=1))

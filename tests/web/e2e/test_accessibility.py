"""Every page each role reaches from its navigation, checked with axe-core (the vendored copy) in real Chromium: no
violation of impact serious or critical is allowed. The same walk checks that no page scrolls sideways on a phone
(375 px).

The walk starts at the home page and follows same-site links (GET only, the admin site's too): not logout, not
downloads. Pages of one shape (a URL with its numbers taken out) are visited once, and at most six pages share their
first two path segments and depth (the same page for every indicator code or ranking group): a list of five hundred
targets costs one visit.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.web.e2e.demo_platform import DemoPlatform

from .conftest import login as log_in

AXE = Path(__file__).resolve().parents[3] / "src/dgeval/web/static/vendor/axe-core/axe.min.js"
ROLES = ("anonymous", "admin", "evaluator", "expert", "webmaster")
BLOCKING = ("serious", "critical")
MAX_PAGES = 400
PER_SHAPE = 1
PER_GROUP = 6
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
SKIP = re.compile(
    r"/logout|/captcha/|export|download|/warc|/archive|\.(csv|xlsx|pdf|zip|json|gz|docx|png|jpe?g)$",
    re.IGNORECASE)


def shape(url: str) -> str:
    """The URL's shape: its path with every segment holding a digit replaced, and its query's keys."""
    parts = urlsplit(url)
    path = "/".join("#" if re.search(r"\d", seg) else seg for seg in parts.path.split("/"))
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return f"{path}?{'&'.join(keys)}"


def group(url: str) -> str:
    """The URL's first two path segments (numbers replaced) and its depth: pages that differ only by a code."""
    segments = shape(url).split("?")[0].strip("/").split("/")
    return f"{'/'.join(segments[:2])}:{len(segments)}"


def login(page, platform: DemoPlatform, role: str) -> None:
    if role != "anonymous":
        log_in(page, platform, *platform.logins[role])


def walk(page, platform: DemoPlatform) -> Iterator[str]:
    """Same-site pages reachable from the home page, breadth first (the admin site's last), bounded by MAX_PAGES,
    PER_SHAPE and PER_GROUP."""
    seen_shapes: dict[str, int] = {}
    seen_groups: dict[str, int] = {}
    queued = {platform.url + "/"}
    todo = deque([platform.url + "/"])
    # The admin site's pages wait until the platform's own are done: the bound never cuts the pages people use most.
    admin_todo: deque[str] = deque()
    visited = 0
    while (todo or admin_todo) and visited < MAX_PAGES:
        url = todo.popleft() if todo else admin_todo.popleft()
        try:
            response = page.goto(url)
        except Exception as exc:  # a download starts instead of a page: not a page to check
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.header_value("content-type") or ""):
            continue
        if urlsplit(page.url).path.startswith("/accounts/login/") and not url.endswith("/accounts/login/"):
            continue  # a page this role may not open sends it to the login form
        visited += 1
        yield page.url
        if not response.ok:
            continue  # a refusal (403) is checked like any page, but its links are not this role's
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urldefrag(urljoin(page.url, href))[0]
            if not link.startswith(platform.url + "/") or link in queued or SKIP.search(urlsplit(link).path):
                continue
            key, family = shape(link), group(link)
            if seen_shapes.get(key, 0) >= PER_SHAPE or seen_groups.get(family, 0) >= PER_GROUP:
                continue
            seen_shapes[key] = seen_shapes.get(key, 0) + 1
            seen_groups[family] = seen_groups.get(family, 0) + 1
            queued.add(link)
            (admin_todo if urlsplit(link).path.startswith("/admin/") else todo).append(link)


def axe_run(page, axe: str) -> dict:
    """axe-core's results for the page as it stands (the script is injected into the page first)."""
    page.evaluate(axe)
    return page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")


def test_axe_finds_what_it_should(chromium):
    """The check can fail: an image without a text alternative and an unnamed field are caught as blocking."""
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<html lang="zh-hans"><title>t</title><main><h1>页</h1><img src="x.png">'
                     '<input type="text"></main></html>')
    found = {(v["id"], v["impact"]) for v in axe_run(page, AXE.read_text("utf-8"))["violations"]}
    context.close()
    assert {("image-alt", "critical"), ("label", "critical")} <= found


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_and_fits_a_phone(chromium, demo_platform, role):
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    axe = AXE.read_text("utf-8")
    login(page, demo_platform, role)
    problems: list[str] = []
    minor: set[str] = set()
    pages: list[str] = []
    for url in walk(page, demo_platform):
        pages.append(url)
        status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
        if status >= 500:
            problems.append(f"{url}  server error {status}")
        result = axe_run(page, axe)
        for violation in result["violations"]:
            if violation["impact"] not in BLOCKING:
                minor.add(f"[{violation['impact']}] {violation['id']} ({shape(url)})")
                continue
            for node in violation["nodes"][:5]:
                problems.append(f"{url}  [{violation['impact']}] {violation['id']}: {violation['help']}\n"
                                f"    at {node['target']}: {node['html'][:200]}")
        page.set_viewport_size(PHONE)
        # Two frames: the page's own resize handlers (a chart redrawing to the new width) run first.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            problems.append(f"{url}  page scrolls sideways at 375 px: {width[0]} > {width[1]}")
        page.set_viewport_size(DESKTOP)
    context.close()
    print(f"{role}: {len(pages)} pages checked", *pages, "not blocking:", *sorted(minor), sep="\n  ")
    assert len(pages) >= (3 if role == "anonymous" else 8), f"{role} reached only {len(pages)} pages"
    assert not problems, f"{role}: {len(problems)} problems\n" + "\n".join(problems)

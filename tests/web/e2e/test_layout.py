"""The main pages at phone (375×812) and desktop (1280×800) width, in real Chromium over the demo evaluation: the page
never scrolls sideways, the heading, the menu (or its button on a phone) and the tables are in view, and a
screenshot of each is kept — under DGEVAL_SCREENSHOT_DIR when set (CI keeps them as artefacts), else the test's
tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.e2e.test_accessibility import DESKTOP, PHONE, login

#: role → the pages the role works from.
PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("/", "/results/", "/consultation/", "/registration/"),
    "admin": ("/targets/", "/registration/review/", "/monitoring/runs/", "/monitoring/findings/",
              "/monitoring/appeals/", "/monitoring/availability/", "/collection/", "/collection/progress/", "/foi/",
              "/newmedia/", "/scores/", "/cases/screening/", "/audit/", "/foi/new/"),
    "webmaster": ("/monitoring/findings/",),
}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DGEVAL_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _name(role: str, path: str, width: int) -> str:
    slug = path.strip("/").replace("/", "-") or "home"
    return f"{role}-{slug}-{width}.png"


@pytest.mark.parametrize("role", sorted(PAGES))
def test_main_pages_fit_phone_and_desktop(chromium, demo_platform, shots, role):
    problems: list[str] = []
    for viewport in (PHONE, DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        login(page, demo_platform, role)
        for path in PAGES[role]:
            response = page.goto(demo_platform.url + path)
            assert response is not None and response.ok, f"{role} {path}: {response and response.status}"
            page.screenshot(path=str(shots / _name(role, path, viewport["width"])), full_page=True)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                problems.append(f"{role} {path} at {viewport['width']} px: page {scroll} px wide")
            if not page.locator("main h1").first.is_visible():
                problems.append(f"{role} {path} at {viewport['width']} px: no visible heading")
            menu = page.locator(".nav-toggle" if viewport is PHONE else "nav.nav")
            if not menu.is_visible():
                problems.append(f"{role} {path} at {viewport['width']} px: the menu is not in view")
            for box in page.locator(".table-wrap").all()[:3]:
                width = box.evaluate("el => el.getBoundingClientRect().right")
                if width > inner:
                    problems.append(f"{role} {path} at {viewport['width']} px: a table box ends at {width} px")
        context.close()
    assert not problems, "\n".join(problems)


def test_phone_menu_opens_and_reaches_a_page(chromium, demo_platform, shots):
    """On a phone the menu is folded; its button opens it and its links work."""
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, demo_platform, "admin")
    page.goto(demo_platform.url + "/")
    toggle = page.locator(".nav-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-nav").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(shots / "admin-menu-open-375.png"), full_page=True)
    page.locator("#site-nav").get_by_role("link", name="审计日志").click()
    page.wait_for_load_state()
    assert page.url.endswith("/audit/")
    context.close()


def test_sticky_header_stays_in_view(chromium, demo_platform):
    """A long list scrolled inside its box keeps its header row at the top of the box."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    login(page, demo_platform, "admin")
    page.goto(demo_platform.url + "/targets/")
    box = page.locator(".table-wrap").first
    box.evaluate("el => el.scrollTop = 600")
    top = box.evaluate("el => el.getBoundingClientRect().top")
    head = box.locator("th").first.evaluate("el => el.getBoundingClientRect().top")
    assert abs(head - top) <= 2
    context.close()

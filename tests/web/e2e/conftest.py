"""Playwright (sync API) against pytest-django's live server, driving Debian's Chromium.

The browser runs its own event loop in this thread while the test also uses the ORM for setup and checks, so Django's
async-safety guard is switched off for these tests only (the ORM calls never run inside the browser's loop).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: Inside 区县报名 (until 10-20), 系统监测 and 人工采集 (from 10-15): the whole key flow can happen on this day.
FLOW_DAY = dt.date(2020, 10, 16)
AS_OF = dt.date(2020, 11, 20)


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_the_browser():
    """Set for these tests only: left in os.environ it would leak into other tests' subprocesses (and `check
    --deploy` rightly refuses it)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread while it is open, which
# would break every asyncio test collected after this folder.
@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        # scripts/dev.sh installs it: a missing browser is a broken set-up, not a reason to pass quietly.
        pytest.fail("Debian's Chromium is missing: run `bash scripts/dev.sh test` or apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def e2e_sites():
    from dgeval.demo.server import DemoSites

    with DemoSites(AS_OF) as sites:
        yield {s.spec.key: s for s in sites.sites}


@pytest.fixture(autouse=True)
def _platform(settings, tmp_path):
    settings.DGEVAL_TODAY = FLOW_DAY
    settings.DGEVAL_SCAN_RUNNER = "inline"
    settings.DATA_DIR = tmp_path / "data"


def login(page, server, username: str, password: str) -> None:
    """Log in through the login form of SERVER (the live server, the demo platform: anything with a `url`), from a
    fresh page state: any earlier session is logged out first."""
    page.context.clear_cookies()
    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login as {username} failed"


# Defined once here so the test modules share one served demo for the whole session.
from tests.web.e2e.demo_platform import demo_platform  # noqa: E402,F401  (fixture)

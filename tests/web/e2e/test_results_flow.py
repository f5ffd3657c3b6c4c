"""The public's path through published results in real Chromium: home → rankings → a scorecard → the archived page
behind a finding, and the open-data download; the ranking page is also checked at phone width (375 px)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.publication.conftest import finding, other_county, published, scored  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_walks_from_home_to_an_archived_finding(live_server, browser_page, published, finding, county_target):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=published.campaign.name).first.click()
    page.get_by_role("link", name="区县政府门户网站").click()
    row = page.locator(f'tr[data-target="{county_target.code}"]')
    expected = published.results.get(group="local_site/county", target_code=county_target.code)
    assert row.locator("td.total").inner_text() == f"{expected.total:.2f}"
    row.get_by_role("link").click()
    assert page.locator("#total").inner_text() == f"{expected.total:.2f}"
    assert "整改建议" in page.content()
    with page.expect_navigation():
        page.locator("a.archive").first.click()
    assert "存档页面：通知公告" in page.content()

    page.goto(live_server.url + f"/results/{published.campaign.year}/local_site/county/")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["target_code"] for r in rows} == {county_target.code, "330922"}


def test_ranking_fits_a_phone(live_server, chromium, published):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + f"/results/{published.campaign.year}/local_site/county/")
    # The page itself does not scroll sideways: only the table's own box does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#ranking th", has_text="总分").click()
    first = page.locator("#ranking tbody tr").first.locator("td.total").inner_text()
    totals = sorted(float(t) for t in page.locator("#ranking td.total").all_inner_texts())
    assert float(first) == totals[0]  # sorted ascending by the click
    context.close()


def test_reports_and_pages_run_under_the_policy(live_server, browser_page, published, county_target):
    """The ranking's own script and the report's inline ECharts run; the browser reports no policy violation."""
    page = browser_page
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    year = published.campaign.year
    page.goto(live_server.url + f"/results/{year}/local_site/county/")
    page.locator("#ranking th", has_text="总分").click()
    response = page.goto(live_server.url + f"/results/{year}/national.html")
    assert "'sha256-" in response.headers["content-security-policy"]
    page.wait_for_selector("html[data-charts-ready]")
    assert int(page.locator("html").get_attribute("data-charts-ready")) > 0
    assert page.locator("svg").count() > 0
    assert violations == []

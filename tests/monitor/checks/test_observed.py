"""What each check counts as observed (its finding rule's `observes`): points come only from observations.

Fixture sites state their counts in `[observed]` (checked by `_expect.check_fixture_site`) and the probe fixtures in
their `observed` field; these tests cover the page checks, the identification checks and the cases no fixture has.
"""

from __future__ import annotations

import dataclasses

import pytest

from dgeval.monitor.checks import load_check, run_check
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import LinkResult, LinkStatus, Page
from tests.monitor.checks._site import ROOT, fixture_files, homepage, make_site, observed_of, page_site

PAGE_CHECKS = ("id_number_leak", "phone_leak", "bank_card_leak", "wrong_word")
IDENTIFICATION = ("missing_site_code", "missing_icp", "missing_psb_filing", "missing_gov_badge")


@pytest.mark.parametrize("check", PAGE_CHECKS)
def test_page_checks_count_every_page_and_attachment_read(check: str) -> None:
    for name in fixture_files(check):
        site = page_site(check, name)
        # an HTML fixture is one page; an attachment comes with the page linking it
        assert run_check(check, site, CheckConfig()).observed == len(site.pages) == (1 if name.endswith(".html")
                                                                                     else 2)


@pytest.mark.parametrize("check", PAGE_CHECKS)
def test_pages_without_readable_text_are_not_observed(check: str) -> None:
    read = homepage("<p>县人民政府</p>")
    failed = dataclasses.replace(read, url=ROOT + "gone.html", final_url=ROOT + "gone.html", error="timeout")
    empty = dataclasses.replace(read, url=ROOT + "empty.html", final_url=ROOT + "empty.html", text="")
    site = make_site([read, failed, empty])
    assert run_check(check, site, CheckConfig()).observed == 1
    module = load_check(check)
    assert [observed_of(module.run_page(page, site, CheckConfig())) for page in site.pages] == [1, 0, 0]


@pytest.mark.parametrize("check", IDENTIFICATION)
def test_identification_checks_observe_the_homepage_they_read(check: str) -> None:
    assert run_check(check, make_site([homepage("<div class='footer'>版权所有</div>")]), CheckConfig()).observed == 1
    not_fetched = dataclasses.replace(homepage(""), error="timeout")
    report = run_check(check, make_site([not_fetched]), CheckConfig())
    assert (report.observed, report.skip and report.skip.kind) == (0, "not applicable")


def _link(url: str, status: LinkStatus) -> LinkResult:
    return LinkResult(url=ROOT + url, status=status, http_status=404 if status == "broken" else None,
                      pages=(ROOT,))


def test_broken_link_counts_the_links_it_could_judge() -> None:
    links = [_link("a.html", "ok"), _link("b.html", "broken"), _link("c.html", "blocked"),
             _link("d.html", "skipped"), _link("e.html", "unchecked")]
    site = dataclasses.replace(make_site([homepage("")]), links=tuple(links))
    report = run_check("broken_link", site, CheckConfig())
    assert (report.observed, report.problems) == (2, 1)


def test_broken_link_without_checked_links_observed_nothing() -> None:
    site = dataclasses.replace(make_site([homepage("")]), links=(_link("c.html", "blocked"),))
    assert run_check("broken_link", site, CheckConfig()).observed == 0


def test_response_time_observes_a_timed_homepage() -> None:
    assert run_check("response_time", make_site([homepage("")]), CheckConfig()).observed == 1
    untimed = Page(url=ROOT, final_url=ROOT, status=None, headers={}, content_type="", text="", error="timeout")
    assert run_check("response_time", make_site([untimed]), CheckConfig()).observed == 0


def test_security_headers_observe_the_homepage_response() -> None:
    assert run_check("security_headers", make_site([homepage("")]), CheckConfig()).observed == 1
    assert run_check("security_headers", make_site([]), CheckConfig()).observed == 0


@pytest.mark.parametrize("check", ("stale_column", "blank_column", "homepage_not_updated", "orphan_interpretation",
                                   "overdue_message"))
def test_a_site_with_nothing_to_judge_observed_nothing(check: str) -> None:
    site = make_site([homepage("<p>欢迎访问</p>")])
    assert run_check(check, site, CheckConfig()).observed == 0

"""id_number_leak: valid resident ID numbers are reported once per page; masked, invalid and organisation numbers
are not (fixtures in fixtures/id_number_leak, expectations in its cases.toml)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.monitor.checks._site import AS_OF, ROOT, cases, findings_of, fixture_files, make_site, page_site
from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.monitor.checks import id_number_leak
from dgeval.monitor.checks._identifiers import PROVINCE_CODES, id_check_char, is_credit_code, is_resident_id
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page

CASES = cases("id_number_leak")


def _html(body: str) -> Page:
    url = ROOT + "notice.html"
    return Page(url=url, final_url=url, status=200, headers={}, content_type="text/html",
                text=f"<html><body>{body}</body></html>")


def _findings(*pages: Page) -> list:
    return findings_of(id_number_leak.run(make_site(pages), CheckConfig()))


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(CASES) == fixture_files("id_number_leak")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name: str) -> None:
    expected = CASES[name]
    site = page_site("id_number_leak", name)
    findings = findings_of(id_number_leak.run(site, CheckConfig()))
    assert sorted(f.value for f in findings) == sorted(expected["expect"])
    for finding in findings:
        assert finding.severity == "high"
        assert finding.evidence["field"] == expected["field"]
        assert finding.value[-4:] in finding.evidence["context"].upper()


def test_attachment_reported_at_its_url_and_seen_on_the_linking_page() -> None:
    site = page_site("id_number_leak", "attachment_roster.txt")
    findings = findings_of(id_number_leak.run(site, CheckConfig()))
    assert findings
    assert {f.url for f in findings} == {ROOT + "files/attachment_roster.txt"}
    assert {f.page for f in findings} == {ROOT + "list.html"}


def test_one_finding_per_number_per_page() -> None:
    findings = _findings(_html("<p>身份证号：440304198506122313</p><p>再次：440304198506122313</p>"))
    assert [f.value for f in findings] == ["440304198506122313"]
    assert findings[0].url == findings[0].page == ROOT + "notice.html"


def test_context_shows_the_text_around_the_number() -> None:
    (finding,) = _findings(_html("<p>申请人张三，身份证号：440304198506122313，住址某区。</p>"))
    assert "身份证号：440304198506122313，住址" in finding.evidence["context"]


def test_birth_date_after_as_of_is_not_a_person() -> None:
    number = "11010520201102" + "001"
    number += id_check_char(number)
    page = _html(f"<p>{number}</p>")
    assert findings_of(id_number_leak.run(make_site([page], as_of=dt.date(2020, 11, 1)), CheckConfig())) == []
    later = findings_of(id_number_leak.run(make_site([page], as_of=dt.date(2020, 11, 2)), CheckConfig()))
    assert [f.value for f in later] == [number]


def test_credit_code_that_is_also_a_valid_id_is_skipped_only_after_its_label() -> None:
    number = "111100198001010023"
    assert is_credit_code(number) and is_resident_id(number, AS_OF)
    assert _findings(_html(f"<p>统一社会信用代码：{number}</p>")) == []
    assert [f.value for f in _findings(_html(f"<p>身份证号：{number}</p>"))] == [number]


def test_page_with_error_is_skipped() -> None:
    page = Page(url=ROOT, final_url=ROOT, status=500, headers={}, content_type="text/html",
                text="<p>440304198506122313</p>", error="HTTP 500")
    assert _findings(page) == []


# Property tests: generate ID numbers that a real person could hold, then break one digit.

_birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=AS_OF)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    rest = draw(st.integers(min_value=101, max_value=9999))
    born = draw(_birth_dates)
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{province}{rest:04d}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


@settings(deadline=None)  # no timing in unit tests
@given(resident_ids())
def test_generated_ids_are_valid(number: str) -> None:
    assert is_resident_id(number, AS_OF)


@settings(deadline=None)  # no timing in unit tests
@given(resident_ids())
def test_generated_id_in_a_page_is_reported(number: str) -> None:
    findings = _findings(_html(f"<p>身份证号：{number.lower()}。</p>"))
    assert [f.value for f in findings] == [number]


@settings(deadline=None)  # no timing in unit tests
@given(resident_ids(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=9))
def test_one_changed_digit_breaks_the_check_character(number: str, position: int, shift: int) -> None:
    # MOD 11-2 detects every single-digit substitution, so a mutated number is never reported.
    chars = list(number)
    if position == 17:
        alphabet = "0123456789X"
        chars[17] = alphabet[(alphabet.index(chars[17]) + shift) % 11]
    else:
        chars[position] = str((int(chars[position]) + shift) % 10)
    mutated = "".join(chars)
    assert not is_resident_id(mutated, AS_OF)
    assert _findings(_html(f"<p>身份证号：{mutated}</p>")) == []


@settings(deadline=None)  # no timing in unit tests
@given(resident_ids(), st.integers(min_value=0, max_value=9), st.sampled_from(["before", "after"]))
def test_id_inside_a_longer_digit_run_is_not_reported(number: str, digit: int, side: str) -> None:
    run = f"{digit}{number}" if side == "before" else f"{number[:17]}{number[17]}{digit}"
    if number[17] == "X" and side == "after":
        run = f"{digit}{number}"
    assert _findings(_html(f"<p>订单号：{run}</p>")) == []


@settings(deadline=None)  # no timing in unit tests
@given(resident_ids(), st.integers(min_value=6, max_value=14), st.integers(min_value=1, max_value=8))
def test_masked_id_is_not_reported(number: str, start: int, length: int) -> None:
    masked = number[:start] + "*" * min(length, 18 - start) + number[start + length :]
    assert _findings(_html(f"<p>身份证号：{masked}</p>")) == []


def test_attachment_with_an_extraction_note_is_still_read() -> None:
    linking = _html("<a href='files/a.doc'>附件</a>")
    attachment = Page(url=ROOT + "files/a.doc", final_url=ROOT + "files/a.doc", status=200, headers={},
                      content_type="application/msword", text="户主 440304198506122313", is_html=False,
                      is_attachment=True, referrer=linking.url, error="best-effort text of a legacy binary file")
    assert [(f.value, f.page) for f in _findings(linking, attachment)] == [("440304198506122313", linking.url)]

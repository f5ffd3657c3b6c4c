"""bank_card_leak: labelled card numbers passing Luhn are reported; organisations' accounts, unlabelled, invalid,
masked and ID numbers are not (fixtures in fixtures/bank_card_leak, expectations in its cases.toml)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.monitor.checks import bank_card_leak
from dgeval.monitor.checks._identifiers import luhn_valid
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page
from tests.monitor.checks._site import ROOT, cases, findings_of, fixture_files, make_site, page_site

CASES = cases("bank_card_leak")


def _findings(body: str) -> list:
    url = ROOT + "gs/2.html"
    page = Page(url=url, final_url=url, status=200, headers={}, content_type="text/html",
                text=f"<html><body>{body}</body></html>")
    return findings_of(bank_card_leak.run(make_site([page]), CheckConfig()))


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(CASES) == fixture_files("bank_card_leak")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name: str) -> None:
    expected = CASES[name]
    findings = findings_of(bank_card_leak.run(page_site("bank_card_leak", name), CheckConfig()))
    assert sorted(f.value for f in findings) == sorted(expected["expect"])
    for finding in findings:
        assert finding.severity == "high"
        assert finding.evidence["field"] == expected["field"]


@pytest.mark.parametrize(
    ("number", "valid"),
    [("4367420012345673", True), ("6222021001123456789", True), ("6222021001123456788", False), ("79927398713", True),
     ("79927398710", False), ("", True), ("12a4", False)],
)
def test_luhn(number: str, valid: bool) -> None:
    assert luhn_valid(number) is (valid and number != "")


@st.composite  # 19 digits, so that no generated card is also an 18-digit ID number
def card_numbers(draw: st.DrawFn) -> str:
    body = "62" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=16, max_size=16)))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return body + check


@settings(deadline=None)  # no timing in unit tests
@given(card_numbers())
def test_generated_card_after_a_keyword_is_reported(number: str) -> None:
    assert [f.value for f in _findings(f"<p>持卡人：王明，银行卡号：{number}</p>")] == [number]


@settings(deadline=None)  # no timing in unit tests
@given(card_numbers(), st.integers(min_value=0, max_value=18), st.integers(min_value=1, max_value=9))
def test_one_changed_digit_fails_luhn(number: str, position: int, shift: int) -> None:
    mutated = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not luhn_valid(mutated)
    assert _findings(f"<p>银行卡号：{mutated}</p>") == []


@settings(deadline=None)  # no timing in unit tests
@given(card_numbers())
def test_card_without_a_label_is_not_reported(number: str) -> None:
    assert _findings(f"<p>项目编号：{number}</p>") == []

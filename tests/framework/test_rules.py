"""Finding rules: the data file loads and is consistent, and counts of findings turn into leaf fractions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework import load_framework
from dgeval.framework.rules import FindingRule, FindingRules, load_finding_rules
from dgeval.monitor.checks import CHECK_MODULES

LOCAL = load_framework("local_site", 2020)


def test_every_rule_names_a_registered_check_and_every_check_has_a_rule():
    rules = load_finding_rules(2020)
    assert {r.check for r in rules.rules} == set(CHECK_MODULES)


@pytest.mark.parametrize(
    ("counts", "code", "fraction"),
    [
        ({}, "management.daily_operation", 1.0),
        ({"broken_link": 3}, "management.daily_operation", 0.7),
        ({"broken_link": 30}, "management.daily_operation", 0.0),  # capped at −1.0, floored at 0
        ({"broken_link": 2, "stale_column": 1}, "management.daily_operation", 0.6),
        ({"id_number_leak": 1}, "management.privacy", 0.0),
        ({"phone_leak": 2}, "management.privacy", 0.5),
        ({"missing_icp": 1, "missing_site_code": 1}, "management.identification", 0.5),
        ({"missing_icp": 5}, "management.identification", 0.75),  # one mark missing counts once
        ({"ipv6": 1}, "function.ipv6", 0.0),
        ({"orphan_interpretation": 2}, "response.interpretation", 0.8),
        ({"overdue_message": 9}, "interaction.message_disclosure", 0.5),
    ],
)
def test_leaf_fractions(counts, code, fraction):
    outcomes = load_finding_rules(2020).leaf_outcomes(LOCAL, "county", counts)
    assert outcomes[code].fraction == pytest.approx(fraction)


def test_deductions_are_kept_per_check_for_provenance():
    outcome = load_finding_rules(2020).leaf_outcomes(LOCAL, "county", {"broken_link": 2, "wrong_word": 1})
    assert dict(outcome["management.daily_operation"].deductions) == {"broken_link": 0.2, "wrong_word": 0.5}


def test_rules_apply_only_to_leaves_the_framework_has():
    digital = load_framework("digital_gov", 2020)
    outcomes = load_finding_rules(2020).leaf_outcomes(digital, "government", {"id_number_leak": 1})
    assert outcomes["assurance.privacy"].fraction == 0.0
    assert "management.privacy" not in outcomes


def test_rule_deduction_is_capped():
    rule = FindingRule(check="x", leaves=("a",), per_finding=0.3, max=0.5)
    assert (rule.deduction(0), rule.deduction(1), rule.deduction(4)) == (0.0, 0.3, 0.5)
    assert FindingRules(year=2020, rules=(rule,)).rule("x") is rule


def _data_dir(tmp_path: Path, rules_text: str) -> Path:
    src = Path(__file__).resolve().parents[2] / "src/dgeval/framework/data/2020/local_site.toml"
    (tmp_path / "2020" / "rules").mkdir(parents=True)
    (tmp_path / "2020" / "local_site.toml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2020" / "rules" / "finding_rules.toml").write_text(rules_text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[rule]]\ncheck = "x"\nleaves = ["no.such"]\nper_finding = 0.1\nmax = 1.0\n', "'no.such' is not a leaf"),
        ('[[rule]]\ncheck = "x"\nleaves = ["function.ipv6"]\nper_finding = 1.5\nmax = 1.0\n', "per_finding = 1.5"),
        ('[[rule]]\ncheck = "x"\nleaves = []\nper_finding = 0.1\nmax = 1.0\n', "leaves = []"),
        ('[[rule]]\ncheck = "x"\nleaves = ["function.ipv6"]\nper_finding = 0.1\nmax = 1\nextra = 1\n', "unknown key"),
        ('[[rule]]\ncheck = "x"\nleaves = ["function.ipv6"]\nper_finding = 0.1\nmax = 1\n' * 2, "more than one rule"),
    ],
)
def test_bad_rules_file_names_the_rule_and_field(tmp_path, body, message):
    data_dir = _data_dir(tmp_path, "year = 2020\n" + body)
    with pytest.raises(FrameworkError, match="rule") as exc:
        load_finding_rules(2020, data_dir)
    assert message in str(exc.value)


def test_missing_rules_file_is_an_error(tmp_path):
    with pytest.raises(FrameworkError, match="no finding rules for year 2019"):
        load_finding_rules(2019, tmp_path)

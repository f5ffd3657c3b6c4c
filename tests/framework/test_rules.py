"""Finding rules: the data file loads and is consistent; observations and findings turn into leaf states and points.

Expected fractions are worked out by hand from the shares in data/2020/rules/finding_rules.toml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework import load_framework
from dgeval.framework.rules import FindingRule, FindingRules, load_finding_rules
from dgeval.monitor.checks import CHECK_MODULES
from dgeval.newmedia.checks import CHECK_MODULES as NEW_MEDIA_CHECKS

LOCAL = load_framework("local_site", 2020)
RULES = load_finding_rules(2020)
#: Every check observed something: the state then depends on the findings alone.
ALL_SEEN = {check: 1 for check in CHECK_MODULES}


def test_every_rule_names_a_registered_check_and_every_check_has_a_rule():
    assert set(RULES.checks) == set(CHECK_MODULES) | set(NEW_MEDIA_CHECKS)


def test_new_media_checks_bear_on_new_media_only():
    assert {fw for check in NEW_MEDIA_CHECKS for fw in RULES.rule(check).frameworks} == {"new_media"}


@pytest.mark.parametrize(
    ("counts", "code", "state", "fraction"),
    [
        # 日常运维: checks speak for 0.2+0.15+0.15+0.1+0.1+0.05 = 0.75 of the weight.
        ({}, "management.daily_operation", "clean", 0.75),
        ({"broken_link": 3}, "management.daily_operation", "deducted", 0.75 - 0.2 * 0.3),
        ({"broken_link": 30}, "management.daily_operation", "deducted", 0.55),  # capped at the whole share
        ({"broken_link": 2, "stale_column": 1}, "management.daily_operation", "deducted",
         0.75 - 0.2 * 0.2 - 0.15 * 0.25),
        ({"id_number_leak": 1}, "management.privacy", "deducted", 0.4),
        ({"phone_leak": 2}, "management.privacy", "deducted", 0.8 - 0.2 * 0.5),
        ({"missing_icp": 1, "missing_site_code": 1}, "management.identification", "deducted", 0.7 - 0.15 - 0.2),
        ({"missing_icp": 5}, "management.identification", "deducted", 0.55),  # one mark missing counts once
        ({"ipv6": 1}, "function.ipv6", "deducted", 0.0),
        ({}, "function.ipv6", "clean", 1.0),
        ({"orphan_interpretation": 2}, "response.interpretation", "deducted", 0.25 * 0.6),
        ({"overdue_message": 9}, "interaction.message_disclosure", "deducted", 0.0),
    ],
)
def test_observed_leaves_get_their_share_less_deductions(counts, code, state, fraction):
    outcome = RULES.leaf_outcomes(LOCAL, "county", ALL_SEEN, counts)[code]
    assert outcome.state == state
    assert outcome.fraction == pytest.approx(fraction)


def test_nothing_observed_is_never_full_marks():
    """A site without a message board, 解读 pages or a search form: the leaves go to manual collection."""
    observed = {check: 1 for check in CHECK_MODULES if check not in {"overdue_message", "orphan_interpretation",
                                                                         "search"}}
    outcomes = RULES.leaf_outcomes(LOCAL, "county", observed, {})
    for code, share in (("interaction.message_disclosure", 0.5), ("response.interpretation", 0.25),
                        ("function.smart_search", 0.35)):
        assert outcomes[code].state == "not_observed"
        assert outcomes[code].fraction is None
        assert outcomes[code].share == share  # what the monitor would have spoken for


def test_an_overdue_message_turns_not_observed_into_deducted():
    outcome = RULES.leaf_outcomes(LOCAL, "county", {"overdue_message": 3}, {"overdue_message": 1})
    assert outcome["interaction.message_disclosure"].state == "deducted"
    assert outcome["interaction.message_disclosure"].fraction == pytest.approx(0.5 * 0.8)


def test_partly_observed_leaf_speaks_only_for_the_checks_that_observed():
    observed = {"broken_link": 40, "wrong_word": 12}
    outcome = RULES.leaf_outcomes(LOCAL, "county", observed, {"broken_link": 1})["management.daily_operation"]
    assert outcome.state == "deducted"
    assert outcome.share == pytest.approx(0.35)
    assert outcome.fraction == pytest.approx(0.2 * 0.9 + 0.15)
    assert {p.check: p.state for p in outcome.parts}["stale_column"] == "not_observed"


def test_deductions_are_kept_per_check_as_share_of_the_weight():
    outcome = RULES.leaf_outcomes(LOCAL, "county", ALL_SEEN, {"broken_link": 2, "wrong_word": 1})
    assert dict(outcome["management.daily_operation"].deductions) == {
        "broken_link": pytest.approx(0.04), "wrong_word": pytest.approx(0.075)}


def test_too_few_observations_is_not_observed():
    rule = FindingRule(check="x", frameworks=("local_site",), leaves=("function.ipv6",), share=1.0, observes="探测",
                       per_finding=1.0, max=1.0, min_observed=20)
    rules = FindingRules(year=2020, rules=(rule,))
    assert rules.leaf_outcomes(LOCAL, "county", {"x": 19}, {})["function.ipv6"].state == "not_observed"
    assert rules.leaf_outcomes(LOCAL, "county", {"x": 20}, {})["function.ipv6"].state == "clean"


def test_rules_apply_only_to_their_frameworks():
    digital = load_framework("digital_gov", 2020)
    outcomes = RULES.leaf_outcomes(digital, "government", ALL_SEEN, {"id_number_leak": 1})
    assert outcomes["assurance.privacy"].fraction == pytest.approx(0.4)
    assert "management.privacy" not in outcomes
    new_media = load_framework("new_media", 2020)
    # Its management.security is an account's, not a site's: no website check bears on it.
    assert "management.security" not in RULES.leaves_for(new_media, "wechat")
    assert RULES.leaves_for(new_media, "weibo") == (
        "publish.update", "publish.content", "interaction.message_reply", "management.intensive",
        "management.verification")


def test_the_map_is_read_from_the_rules():
    assert RULES.leaves_of_check("https") == ("management.security", "assurance.security_management")
    assert RULES.leaves_of_check("https", "new_media") == ()
    assert RULES.checks_for("local_site", "management.privacy") == ("id_number_leak", "bank_card_leak", "phone_leak")
    assert RULES.monitor_share("local_site", "management.daily_operation") == pytest.approx(0.75)
    assert "function.smart_search" in RULES.machine_codes(LOCAL)
    assert "service.forms" not in RULES.machine_codes(LOCAL)


def test_rule_deduction_is_capped():
    rule = FindingRule(check="x", frameworks=("local_site",), leaves=("a",), share=0.5, observes="y",
                       per_finding=0.3, max=0.5)
    assert (rule.deduction(0), rule.deduction(1), rule.deduction(4)) == (0.0, 0.3, 0.5)
    assert FindingRules(year=2020, rules=(rule,)).rule("x") is rule


def _data_dir(tmp_path: Path, rules_text: str) -> Path:
    src = Path(__file__).resolve().parents[2] / "src/dgeval/framework/data/2020/local_site.toml"
    (tmp_path / "2020" / "rules").mkdir(parents=True)
    (tmp_path / "2020" / "local_site.toml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2020" / "rules" / "finding_rules.toml").write_text(rules_text, encoding="utf-8")
    return tmp_path


def _rule(**fields: object) -> str:
    base: dict[str, object] = {"check": "x", "frameworks": ["local_site"], "leaves": ["function.ipv6"],
                               "share": 0.5, "observes": "探测", "per_finding": 0.1, "max": 1.0}
    base.update(fields)
    lines = ["[[rule]]"] + [
        f"{key} = {value!r}".replace("'", '"') for key, value in base.items() if value is not None
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_rule(leaves=["no.such"]), "'no.such' is not a leaf of local_site"),
        (_rule(per_finding=1.5), "per_finding = 1.5"),
        (_rule(share=0), "share = 0"),
        (_rule(leaves=[]), "leaves = []"),
        (_rule(frameworks=["nope"]), "'nope' is not a framework"),
        (_rule(observes=None), "missing observes"),
        (_rule(observes=" "), "observes = ' '"),
        (_rule(min_observed=0), "min_observed = 0"),
        (_rule(extra=1), "unknown key"),
        (_rule() * 2, "more than one rule"),
        (_rule(share=0.6) + _rule(check="y", share=0.5), "shares of x, y add up to 1.1"),
    ],
)
def test_bad_rules_file_names_the_rule_and_field(tmp_path, body, message):
    data_dir = _data_dir(tmp_path, "year = 2020\n" + body)
    with pytest.raises(FrameworkError) as exc:
        load_finding_rules(2020, data_dir)
    assert message in str(exc.value)
    assert "finding_rules.toml" in str(exc.value)


def test_missing_rules_file_is_an_error(tmp_path):
    with pytest.raises(FrameworkError, match="no finding rules for year 2019"):
        load_finding_rules(2019, tmp_path)

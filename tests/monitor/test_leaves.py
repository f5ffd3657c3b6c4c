"""Leaf states of a scan: state, share, maximum and points of each rule-covered leaf, worked out by hand from the 2020
finding rules and the local_site weights of the county column."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework import load_framework
from dgeval.monitor.leaves import finding_rules, framework_year, leaf_points, rules_years

LOCAL = load_framework("local_site", 2020)
RULES = finding_rules(2020)


@pytest.mark.parametrize(("observed", "counts", "code", "expected"), [
    # IPv6改造 (2 points): the ipv6 check speaks for all of it
    ({"ipv6": 1}, {}, "function.ipv6", ("clean", 1.0, 2.0, 2.0)),
    ({"ipv6": 1}, {"ipv6": 1}, "function.ipv6", ("deducted", 1.0, 2.0, 0.0)),
    ({}, {}, "function.ipv6", ("not_observed", 1.0, 2.0, None)),
    # 安全防护 (2 points): https 0.25 (one problem takes half of it) + security_headers 0.15 (one takes all)
    ({"https": 1, "security_headers": 1}, {"https": 1, "security_headers": 1}, "management.security",
     ("deducted", 0.4, 0.8, 0.25)),
    ({"https": 1}, {"security_headers": 1}, "management.security", ("clean", 0.25, 0.5, 0.5)),
    # 政策解读 (4 points): orphan_interpretation 0.25; its findings count only once it has observed an article
    ({}, {"orphan_interpretation": 2}, "response.interpretation", ("not_observed", 0.25, 1.0, None)),
    ({"orphan_interpretation": 5}, {"orphan_interpretation": 2}, "response.interpretation",
     ("deducted", 0.25, 1.0, 0.6)),
    # 标识规范 (3 points): four marks, 0.2 + 0.15 + 0.15 + 0.2
    ({"missing_site_code": 1, "missing_icp": 1, "missing_psb_filing": 1, "missing_gov_badge": 1}, {},
     "management.identification", ("clean", 0.7, 2.1, 2.1)),
])
def test_leaf_points(observed: dict[str, int], counts: dict[str, int], code: str,
                     expected: tuple[str, float, float, float | None]) -> None:
    leaf = next(leaf for leaf in leaf_points(LOCAL, "county", RULES, observed, counts) if leaf.code == code)
    assert (leaf.state, leaf.share, leaf.max_points, leaf.points) == expected
    assert (leaf.framework, leaf.column) == ("local_site", "county")


def test_leaves_are_the_rule_covered_ones_in_framework_order() -> None:
    codes = [leaf.code for leaf in leaf_points(LOCAL, "county", RULES, {}, {})]
    assert codes == list(RULES.leaves_for(LOCAL, "county"))
    assert "info.statutory_disclosure" not in codes and "function.smart_search" in codes
    leaf = leaf_points(LOCAL, "county", RULES, {}, {})[0]
    assert leaf.name == "解读回应 › 政策解读"
    assert set(leaf.to_json()) == {"framework", "column", "code", "state", "share", "max_points", "points"}


def test_year_follows_the_as_of_date_when_the_data_has_it() -> None:
    years = rules_years()
    assert 2020 in years and years == sorted(years, reverse=True)
    assert framework_year("local_site", dt.date(2020, 10, 12)) == 2020
    assert framework_year("local_site", dt.date(1999, 1, 1)) == years[0]  # no 1999 data: the newest
    with pytest.raises(FrameworkError, match="known: "):
        framework_year("no_such_framework", dt.date(2020, 1, 1))

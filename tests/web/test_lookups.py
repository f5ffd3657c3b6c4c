"""`has_item`: a JSON list holds an item, answered by the database (SQLite here, PostgreSQL in CI's second pass)."""

from __future__ import annotations

import pytest

from dgeval.web.monitoring.models import FindingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(campaign_2020, county_target):
    def finding(n: int, leaves: list[str]) -> FindingRecord:
        return FindingRecord.objects.create(campaign=campaign_2020, target=county_target, check_name="missing_icp",
                                            url=f"http://127.0.0.1:1/{n}", fingerprint=f"{n:016x}", leaves=leaves)

    return [
        finding(1, ["management.daily_operation", "management.identification"]),
        finding(2, ["management.daily_operation_extra"]),  # a longer code is not the item
        finding(3, []),
        finding(4, ['引号"与\\反斜杠', "管理.日常"]),
    ]


@pytest.mark.parametrize(("item", "expected"), [
    ("management.daily_operation", [1]),
    ("management.identification", [1]),
    ("management.daily", []),  # a prefix is not the item
    ('引号"与\\反斜杠', [4]),
    ("管理.日常", [4]),
    ("", []),
])
def test_has_item_keeps_the_rows_whose_list_holds_the_item(findings, item, expected):
    kept = FindingRecord.objects.filter(leaves__has_item=item).order_by("pk")
    assert [findings.index(f) + 1 for f in kept] == expected


def test_has_item_composes_with_other_filters_and_negation(findings):
    without = FindingRecord.objects.exclude(leaves__has_item="management.daily_operation").order_by("pk")
    assert [findings.index(f) + 1 for f in without] == [2, 3, 4]
    assert FindingRecord.objects.filter(leaves__has_item="管理.日常", url__endswith="/4").count() == 1

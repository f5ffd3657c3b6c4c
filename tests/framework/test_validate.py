"""Each validation rule with its own bad fixture: the message names the file, the indicator path and the field."""

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework import load_file

CASES = {
    "duplicate_code": (
        [('code = "service.forms"', 'code = "info.news"')],
        r"indicator 办事服务/表格下载: field 'code' = 'info.news': duplicate, already used by 信息发布/政务动态",
    ),
    "non_numeric_weight": (
        [("weights = { city = 40, county", 'weights = { city = "forty", county')],
        r"indicator 办事服务/办事指南/要素完整: field 'weights.city' = 'forty': expected a number",
    ),
    "negative_weight": (
        [("weights = { city = 0, county = 30 }", "weights = { city = -1, county = 30 }")],
        r"indicator 办事服务/表格下载: field 'weights.city' = -1: expected a number ≥ 0",
    ),
    "subtotal_mismatch": (
        [("weights = { city = 60, county = 70 }\n\n[[indicator]]", "weights = { city = 61, county = 70 }\n\n[[indicator]]")],
        r"subtotal 信息发布: field 'weights.city' = 61; its leaves sum to 60",
    ),
    "column_sum_not_100": (
        [("weights = { city = 0, county = 30 }", "weights = { city = 1, county = 30 }")],
        r"column 'city' sums to 101, expected 100",
    ),
    "unknown_key": (
        [('criteria = "是否提供表格下载。"', 'criteria = "是否提供表格下载。"\nnotes = "x"')],
        r"indicator 办事服务/表格下载: unknown key 'notes'",
    ),
    "unknown_top_key": (
        [('bonus_cap = 5', 'bonus_cap = 5\nauthor = "x"')],
        r"top level: unknown key 'author'",
    ),
    "missing_criteria": (
        [('criteria = "是否提供表格下载。"\n', "")],
        r"indicator 办事服务/表格下载: field 'criteria' is missing or empty",
    ),
    "empty_criteria": (
        [('criteria = "是否提供表格下载。"', 'criteria = "  "')],
        r"indicator 办事服务/表格下载: field 'criteria' is missing or empty",
    ),
    "missing_column_weight": (
        [("weights = { city = 0, county = 30 }", "weights = { city = 0 }")],
        r"indicator 办事服务/表格下载: field 'weights.county' is missing",
    ),
    "unknown_column_weight": (
        [("weights = { city = 0, county = 30 }", "weights = { city = 0, county = 30, town = 1 }")],
        r"indicator 办事服务/表格下载: field 'weights': unknown key 'town'",
    ),
    "bad_code": (
        [('code = "service.forms"', 'code = "Service Forms"')],
        r"indicator 办事服务/表格下载: field 'code' = 'Service Forms': expected lowercase ASCII",
    ),
    "bonus_with_weights": (
        [('bonus = true', 'bonus = true\nweights = { city = 1, county = 1 }')],
        r"indicator 优秀创新案例/创新实践: field 'weights': a bonus category has no weights",
    ),
    "not_toml": ([("[[subtotal]]", "[[subtotal")], r"not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_fixture_is_rejected_with_file_path_and_field(case, write_bad):
    replacements, message = CASES[case]
    path = write_bad(*replacements)
    with pytest.raises(FrameworkError, match=message) as info:
        load_file(path)
    assert str(path) in str(info.value)


def test_the_unmodified_fixture_is_valid(write_bad):
    assert load_file(write_bad()).name == "mini_site"

"""The year's content rules load, and a bad file names itself, the entry and the field."""

from __future__ import annotations

import pytest

from dgeval.errors import CheckError
from dgeval.newmedia.content import load_content_rules


def test_2020_rules_require_the_plans_five_kinds():
    rules = load_content_rules(2020)
    assert [c.name[:4] for c in rules.required] == ["动态", "政策文件", "政策解读", "回应关切", "中心工作"]
    assert rules.min_relevant_share == 0.5 and "限时抢购" in rules.advertising


@pytest.mark.parametrize(("body", "message"), [
    ("year = 2019\nmin_relevant_share = 0.5\n[advertising]\nkeywords = ['x']\n", "expected 2020"),
    ("year = 2020\nmin_relevant_share = 2\n[advertising]\nkeywords = ['x']\n", "min_relevant_share = 2"),
    ("year = 2020\nmin_relevant_share = 0.5\n[[category]]\ncode = 'a'\nname = 'A'\nlabels = [1]\n"
     "[advertising]\nkeywords = ['x']\n", "category 1 (a): labels"),
    ("year = 2020\nmin_relevant_share = 0.5\n[advertising]\nkeywords = []\n", "advertising.keywords"),
])
def test_bad_content_file(tmp_path, body, message):
    folder = tmp_path / "2020"
    folder.mkdir()
    (folder / "content.toml").write_text(body, encoding="utf-8")
    with pytest.raises(CheckError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_content_rules(2020, tmp_path)

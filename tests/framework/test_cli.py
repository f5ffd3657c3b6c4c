"""`dgeval framework list|show`: the readable tree and the JSON contract."""

import json

import pytest

from dgeval.cli import main

NAMES = ("digital_gov", "ministry_site", "local_site", "new_media")


@pytest.mark.parametrize("name", NAMES)
def test_show_json_follows_the_contract(name, capsys):
    assert main(["framework", "show", name, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["framework", "year", "title", "columns", "bonus_cap", "indicators"]
    assert data["framework"] == name and data["year"] == 2020 and data["title"]
    assert data["bonus_cap"] == (0 if name == "new_media" else 10)
    for ind in data["indicators"]:
        assert list(ind) == ["code", "path", "criteria", "weights", "bonus"]
        assert set(ind["weights"]) == set(data["columns"])
        assert all("（" not in p and "(" not in p for p in ind["path"])
        if ind["bonus"]:
            assert set(ind["weights"].values()) == {None}
        else:
            assert all(w is None or isinstance(w, int) for w in ind["weights"].values())
    for column in data["columns"]:
        assert sum(i["weights"][column] or 0 for i in data["indicators"]) == 100


def test_local_site_first_leaf_matches_the_issue_example(capsys):
    main(["framework", "show", "local_site", "--json"])
    first = json.loads(capsys.readouterr().out)["indicators"][0]
    assert first["path"] == ["信息发布", "政府信息公开", "法定主动公开"]
    assert first["weights"] == {"province": 20, "city": 17, "county": 19}
    assert first["bonus"] is False


def test_show_tree_prints_levels_and_weights(capsys):
    assert main(["framework", "show", "digital_gov"]) == 0
    out = capsys.readouterr().out
    assert "服务支撑度（21）" in out and "渠道多元" in out and "support.channel_diversity" in out


def test_list_names_all_frameworks(capsys):
    assert main(["framework", "list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in NAMES)


def test_show_unknown_framework_exits_2(capsys):
    assert main(["framework", "show", "nope"]) == 2
    assert "unknown framework 'nope'" in capsys.readouterr().err

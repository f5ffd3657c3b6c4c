"""`dgeval campaign ranking` ranks new media per platform within one owner level."""

from __future__ import annotations

import pytest

from dgeval.web.cli import main

pytestmark = pytest.mark.django_db


def test_new_media_ranking_of_one_level(account_with_posts, capsys):
    assert main(["campaign", "ranking", "--framework", "new_media", "--column", "wechat", "--group", "key_city"]) == 0
    out = capsys.readouterr().out
    assert "new_media/wechat/key_city" in out and "杭州市人民政府（330100）" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--framework", "new_media", "--column", "wechat"], "expected one of ministry, province, key_city"),
    (["--framework", "new_media", "--column", "wechat", "--group", "county"], "--group county for new_media"),
    (["--framework", "local_site", "--column", "county", "--group", "province"], "expected none"),
])
def test_wrong_group_is_one_line_and_exit_2(campaign_2020, capsys, args, expected):
    assert main(["campaign", "ranking", *args]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1

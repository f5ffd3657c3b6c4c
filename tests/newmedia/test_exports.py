"""The three export files: columns found by name or alias, values parsed, every bad value named by row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.newmedia.exports import parse_count, parse_datetime, read_accounts, read_messages, read_posts
from dgeval.newmedia.files import ExportError


def _errors(reader, text: str, name: str = "x.csv") -> list[str]:
    with pytest.raises(ExportError) as caught:
        reader(text.encode("utf-8"), name)
    return [str(e) for e in caught.value.errors]


def test_posts_with_aliases_and_counts():
    rows = read_posts("发表时间,文章标题,原创/转载,阅读量,在看\n2020/10/05 09:30,标题一,原创,10万+,1\n".encode(), "p.csv")
    (row,) = rows
    assert row.number == 2 and row.value.published_at == dt.datetime(2020, 10, 5, 9, 30)
    assert (row.value.original, row.value.reads, row.value.likes) == (True, 100_000, 1)


def test_every_bad_post_value_is_named():
    errors = _errors(read_posts, "发布时间,标题,阅读数,链接\n"
                                 "2020-13-01,a,1,\n"
                                 "2020-10-01,,2,\n"
                                 "2020-10-02,b,-3,\n"
                                 "2020-10-03,c,4,ftp://x\n")
    assert errors == [
        "第 2 行，“发布时间”列：“2020-13-01”不是日期时间（应如 2020-10-05 09:30）",
        "第 3 行，“标题”列：不能为空",
        "第 4 行，“阅读数”列：“-3”不是非负整数",
        "第 5 行，“链接”列：“ftp://x”不是以 http:// 或 https:// 开头的网址",
    ]


def test_missing_required_column_is_named_once():
    assert _errors(read_posts, "时间戳,标题\n2020-10-01,a\n") == ["“发布时间”列：缺少必填列（表头应为“发布时间”）"]


def test_duplicate_natural_key_in_one_file():
    errors = _errors(read_posts, "发布时间,标题\n2020-10-01 09:00,a\n2020-10-01 09:00,a\n")
    assert errors == ["第 3 行：与第 2 行重复（发布时间和标题相同）"]


def test_messages_need_reply_time_and_text_together():
    errors = _errors(read_messages, "留言时间,留言内容,回复时间,回复内容\n"
                                    "2020-10-01 09:00,问一,,已处理\n"
                                    "2020-10-02 09:00,问二,2020-10-03,\n"
                                    "2020-10-05 09:00,问三,2020-10-04 09:00,答\n")
    assert errors == ["第 2 行，“回复时间”列：已填回复内容，缺少回复时间",
                      "第 3 行，“回复内容”列：已填回复时间，缺少回复内容",
                      "第 4 行，“回复时间”列：回复时间早于留言时间"]


def test_messages_parse_shown_and_reply():
    (row,) = read_messages("留言时间,留言内容,是否精选,回复时间,回复内容\n2020-10-01 09:00,问,否,2020-10-02 10:00,答\n"
                           .encode(), "m.csv")
    assert row.value.shown is False and row.value.replied_at == dt.datetime(2020, 10, 2, 10, 0)


def test_accounts_words_and_errors():
    rows = read_accounts("主办单位,账号类型,账号名称,账号ID,认证状态,状态,已备案,开通日期\n"
                         "330100,订阅号,杭州发布,gh_1,已认证,,是,2013-05-01\n".encode(), "a.csv")
    value = rows[0].value
    assert (value.kind, value.verification, value.status, value.registered, value.opened_on) == (
        "wechat_subscription", "verified", "active", True, dt.date(2013, 5, 1))
    errors = _errors(read_accounts, "主办单位,账号类型,账号名称,账号ID,状态\n330100,抖音,杭州发布,x,冬眠\n")
    assert errors[0].startswith("第 2 行，“账号类型”列：“抖音”不是有效的账号类型（可选：微信服务号、服务号")
    assert errors[1].startswith("第 2 行，“状态”列：“冬眠”不是有效的状态")


def test_json_errors_name_the_item_and_field():
    errors = _errors(read_posts, '[{"发布时间": "2020-10-01 09:00", "标题": "a"}, {"发布时间": "昨天", "标题": "b"}]',
                     "p.json")
    assert errors == ["第 2 条记录，“发布时间”字段：“昨天”不是日期时间（应如 2020-10-05 09:30）"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-10-05T09:30:00+08:00", dt.datetime(2020, 10, 5, 9, 30)),
    ("2020-10-05T01:30:00Z", dt.datetime(2020, 10, 5, 9, 30)),
    ("2020年10月5日 09:30", dt.datetime(2020, 10, 5, 9, 30)),
    ("2020.10.05", dt.datetime(2020, 10, 5)),
])
def test_datetime_forms(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["20200-10-05", "1999-10-05", "明天"])
def test_bad_datetimes(text):
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_counts():
    assert [parse_count(t) for t in ("", "0", "1,234", "3.5万", "10万+")] == [None, 0, 1234, 35_000, 100_000]

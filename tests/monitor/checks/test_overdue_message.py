"""overdue_message: messages unanswered over 5 working days (chinese_calendar), on lists and detail pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.monitor.checks import overdue_message
from dgeval.monitor.checks.config import CheckConfig
from dgeval.workdays import working_days_between
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("overdue_message"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(overdue_message, folder)


@pytest.mark.parametrize(
    ("sent", "as_of", "expected"),
    [
        ("2020-09-29", "2020-10-12", 4),  # National Day: Oct 1-8 off, Oct 10 (Sat) a make-up working day
        ("2020-09-25", "2020-10-12", 7),  # Sep 27 (Sun) a make-up working day
        ("2020-09-28", "2020-10-12", 5),
        ("2020-10-09", "2020-10-09", 0),
        ("2020-10-09", "2020-10-11", 1),
    ],
)
def test_working_days_follow_the_official_calendar(sent: str, as_of: str, expected: int) -> None:
    assert working_days_between(dt.date.fromisoformat(sent), dt.date.fromisoformat(as_of)) == expected


def test_threshold_is_configuration() -> None:
    site = build_site(FIXTURES / "stale_column" / "county_utf8")
    values = {f.value for f in findings_of(overdue_message.run(site, CheckConfig(message_reply_working_days=10)))}
    assert values == {"关于城区道路积水的反映", "关于医保报销比例的咨询"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("留言人\n张**\n留言时间\n2020-09-21 15:32\n办理状态\n处理中", True),  # a table of fields
        ("来信人：王**\n来信时间：2020年09月11日\n处理状态：处理中", True),
        ("标题\n来信时间\n处理状态\n关于停车难的反映\n2020-09-02\n处理中", True),  # list headings
        ("关于统计年鉴的咨询已办结2020-09-01\n关于报表填报的问题办理中2020-09-20", True),  # status rows
        ("今年上半年共受理群众留言326件，已办结318件，其余8件正在处理中，截至2020年6月30日办结率97.5%，"
         "从诉求内容看，反映农村道路、危房改造、供水等民生问题的留言占比最高，将逐件跟踪督办。", False),  # news
        ("问：如何查询留言办理状态？\n答：显示“处理中”的信件正在办理。答复时间：以承办单位办结时间为准。", False),  # FAQ
    ],
    ids=["field_table", "field_colons", "list_headings", "status_rows", "news_article", "faq"],
)
def test_message_pages_are_told_by_their_fields(text: str, expected: bool) -> None:
    assert overdue_message.is_message_page(text) is expected


def test_read_counts_what_it_judged() -> None:
    messages = overdue_message.read(build_site(FIXTURES / "overdue_message" / "township_fields_gbk"), CheckConfig())
    assert (len(messages.findings), messages.pages, messages.dated, messages.dated_pages) == (2, 3, 5, 3)


#: The pre-filter as regular expressions: the field names and status words as the check first wrote them.
_FIELD_RE = re.compile(r"(?:留言|来信|写信|提问|咨询|投诉)(?:人|时间|日期|标题|主题|内容)|信件(?:标题|编号|内容)|"
                       r"(?:办理|处理|回复|答复)(?:状态|时间|日期|单位|部门|内容|意见|结果)|受理单位|办结时间")
_STATUS_RE = re.compile(r"未回复|待回复|未答复|待答复|办理中|处理中|受理中|未办结|待处理|未处理|待办理|暂未回复|暂无回复|"
                        r"暂无答复|尚未回复|已回复|已答复|已办结|已处理|已反馈|已回应|办结")
_PIECES = ["留言", "人", "时间", "办理", "状态", "已", "办结", "回复", "未", "暂无", "答复", "信件", "受理单位", "中",
           "处理", "<a>", "：", "\n", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_pre_filter_agrees_with_the_regular_expressions(pieces: list[str]) -> None:
    html = "".join(pieces)
    expected = bool(_FIELD_RE.search(html)) or len(_STATUS_RE.findall(html)) >= 2
    assert overdue_message._may_be_messages(html) == expected


def test_field_names_are_the_alternation_they_replace() -> None:
    assert all(_FIELD_RE.fullmatch(name) for name in overdue_message.FIELD_NAMES)
    assert len(set(overdue_message.FIELD_NAMES)) == 6 * 6 + 3 + 4 * 8 + 2
    assert not any(a != b and b.startswith(a) for a in overdue_message.FIELD_NAMES for b in overdue_message.FIELD_NAMES)

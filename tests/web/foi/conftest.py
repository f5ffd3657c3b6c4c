"""Fixtures of the 依申请公开 tests: requests at each step, and answer files."""

from __future__ import annotations

from datetime import date

import pytest

from dgeval.web.foi.models import FoiChannel, FoiRequest
from dgeval.web.foi.services import foi_request_acknowledge, foi_request_answer, foi_request_send

AS_OF = date(2020, 11, 20)  # inside 人工采集 (2020-10-15..11-30)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUESTION = "请公开本机关2019年度行政事业性收费项目及收费标准。"


@pytest.fixture
def as_of(today_is) -> date:
    today_is(AS_OF)
    return AS_OF


@pytest.fixture
def sent(campaign_2020, county_target, evaluator_user, as_of) -> FoiRequest:
    return foi_request_send(campaign=campaign_2020, target=county_target, channel=FoiChannel.ONLINE_FORM,
                            content=QUESTION, sent_on=date(2020, 9, 28), actor=evaluator_user)


@pytest.fixture
def acknowledged(sent, evaluator_user) -> FoiRequest:
    """Received 2020-09-30 → due 2020-11-04 (the National Day holiday skipped, make-up Saturday 10-10 counted)."""
    return foi_request_acknowledge(request=sent, received_on=date(2020, 9, 30), note="受理编号 2020-117",
                                   actor=evaluator_user)


@pytest.fixture
def answered(acknowledged, evaluator_user) -> FoiRequest:
    return foi_request_answer(request=acknowledged, answered_on=date(2020, 10, 30), actor=evaluator_user,
                              answer_text="相关信息已在门户网站“收费目录清单”栏目公开。")

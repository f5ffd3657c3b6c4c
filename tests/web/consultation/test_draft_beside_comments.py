"""Comments are shown next to the draft indicator text they are about."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.framework import load_framework

pytestmark = pytest.mark.django_db


def test_indicator_page_shows_the_draft_text_next_to_comments(client, comment):
    ind = load_framework("local_site", 2020).indicator("info.statutory_disclosure")
    page = client.get(reverse("consultation:indicator", args=["local_site", ind.code])).text
    draft = page.split('class="draft-box"')[1].split("</aside>")[0]
    assert "征求意见稿原文" in draft and ind.criteria.splitlines()[0] in draft and " › ".join(ind.path) in draft
    assert "建议细化法定主动公开的栏目要求。" in page.split("</aside>")[1]


def test_all_comments_page_groups_comments_under_their_draft_text(client, comment):
    ind = load_framework("local_site", 2020).indicator("info.statutory_disclosure")
    page = client.get(reverse("consultation:comments")).text
    section = page.split('id="local_site-info.statutory_disclosure"')[1]
    assert ind.criteria.splitlines()[0] in section and "建议细化法定主动公开的栏目要求。" in section

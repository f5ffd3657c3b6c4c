"""The demo seed of 意见征集: comments on leaves of the draft, most answered, shown beside the draft text."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dgeval.web.common.demo import DemoContext
from dgeval.web.consultation.demo import COMMENTS, seed
from dgeval.web.consultation.models import Comment


def test_seed_posts_and_answers_comments(client, campaign_2020, evaluator_user, tmp_path, today_is):
    today_is(dt.date(2020, 11, 20))  # after the phase: the seed posts on days inside it
    ctx = DemoContext(campaign=campaign_2020, today=dt.date(2020, 11, 20), data_dir=tmp_path, sites=[],
                      users={"evaluator": evaluator_user})
    assert seed(ctx) == f"{len(COMMENTS)} 条意见，已回复 3 条"
    assert Comment.objects.count() == len(COMMENTS)
    page = client.get(reverse("consultation:comments")).text
    assert "依申请公开的答复期限是否按工作日计算" in page and page.count('class="draft-box"') == 4
    assert all(c.created_at.year == 2020 for c in Comment.objects.all())

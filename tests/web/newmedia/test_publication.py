"""Published new-media results: scorecards per platform with the findings behind the checks' points, like a
website's, but without an archived page (the data was imported, not crawled)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.web.newmedia.models import AccountFinding, FindingStatus
from dgeval.web.newmedia.services import account_save, finding_review, posts_import
from dgeval.web.publication.selectors import finding_published
from dgeval.web.publication.services import results_publish

from .conftest import POSTS_CSV


@pytest.fixture
def published(campaign_2020, account_with_posts, city_target, admin_user, evaluator_user):
    weibo = account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=city_target, kind="weibo",
                         name="杭州发布", platform_id="5000000003", verification="unverified")
    posts_import(campaign=campaign_2020, account=weibo, data=POSTS_CSV, filename="p.csv", actor=evaluator_user)
    for finding in AccountFinding.objects.all():
        finding_review(finding=finding, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    return results_publish(campaign=campaign_2020, actor=admin_user)


def test_each_platform_has_its_scorecard_with_its_findings(published, anonymous_client):
    wechat_gap = AccountFinding.objects.get(platform="wechat", check_name="update_gap")
    unverified = AccountFinding.objects.get(platform="weibo", check_name="account_verification")
    url = reverse("publication:scorecard", args=[2020, "330100", "new_media"])
    wechat = anonymous_client.get(url, {"column": "wechat"}).content.decode()
    weibo = anonymous_client.get(url, {"column": "weibo"}).content.decode()
    assert "政务微信 · 重点城市" in wechat and wechat_gap.summary in wechat and unverified.summary not in wechat
    assert "政务微博 · 重点城市" in weibo and unverified.summary in weibo
    # The source column names the checks; the remedy is the check's own; no archived page behind an export.
    assert "政务新媒体检查" in wechat and "每周" in wechat and "查看存档页面" not in wechat
    assert f"{url}?column=weibo" in wechat  # the other platform's scorecard


def test_a_new_media_finding_never_opens_a_monitor_archive(published):
    finding = AccountFinding.objects.get(platform="wechat", check_name="update_gap")
    assert not finding_published(publication=published, finding_id=finding.pk)
    result = published.results.get(target_code="330100", column="wechat")
    assert {f["id"] for f in result.findings} == {f"newmedia-{finding.pk}"}


def test_the_ranking_links_each_owner_to_the_platform_s_scorecard(published, anonymous_client):
    page = anonymous_client.get(reverse("publication:ranking", args=[2020, "new_media", "weibo_key_city"])).content
    assert reverse("publication:scorecard", args=[2020, "330100", "new_media"]) + "?column=weibo" in page.decode()

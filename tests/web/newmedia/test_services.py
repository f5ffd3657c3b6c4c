"""政务新媒体 services: accounts as channels of their owner, all-or-nothing idempotent imports, checks, review, points.

Points are worked out by hand from data/2020/rules/finding_rules.toml and the new_media weights.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dgeval.newmedia.files import ExportError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.newmedia.models import Account, AccountFinding, FindingStatus, Post, PlatformCheck
from dgeval.web.newmedia.services import (
    account_save,
    accounts_import,
    finding_review,
    messages_import,
    newmedia_policy_set,
    posts_import,
)
from dgeval.web.scores.models import LeafScore
from dgeval.web.targets.models import Channel, ChannelKind

from .conftest import POSTS_CSV

ACCOUNTS_CSV = (
    "主办单位,账号类型,账号名称,账号ID,认证状态,认证主体,状态,已备案\n"
    "330100,微信订阅号,杭州发布,gh_hz_demo,已认证,杭州市人民政府新闻办公室,正常,是\n"
    "浙江,政务微博,浙江发布,5000000001,未认证,,正常,是\n"
).encode("utf-8")


def _points(target, column: str) -> dict[str, float]:
    return dict(LeafScore.objects.filter(target=target, framework="new_media", column=column)
                .values_list("code", "points"))


def test_an_account_is_a_channel_and_makes_its_owner_take_part(account, city_target):
    assert account.channel.target == city_target and account.channel.kind == ChannelKind.WECHAT
    assert ("new_media", "wechat") in city_target.evaluations()
    assert ("new_media", "weibo") not in city_target.evaluations()


def test_counties_are_not_evaluated_on_new_media(campaign_2020, county_target, evaluator_user, as_of):
    with pytest.raises(ValidationError) as caught:
        account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=county_target,
                     kind="weibo", name="西湖发布", platform_id="1")
    assert "不在政务新媒体评估范围" in str(caught.value)


def test_accounts_import_matches_owners_and_is_idempotent(campaign_2020, province_target, city_target,
                                                         evaluator_user, as_of):
    first = accounts_import(campaign=campaign_2020, data=ACCOUNTS_CSV, filename="a.csv", actor=evaluator_user)
    assert (first.created, first.updated) == (2, 0)
    again = accounts_import(campaign=campaign_2020, data=ACCOUNTS_CSV, filename="a.csv", actor=evaluator_user)
    assert (again.created, again.updated) == (0, 0)
    assert Account.objects.count() == 2 and Channel.objects.filter(kind=ChannelKind.WEIBO).count() == 1
    weibo = Account.objects.get(platform_id="5000000001")
    assert weibo.owner == province_target and weibo.verification == "unverified"
    # The checks ran on import: the unverified Weibo account is a finding waiting for review.
    (finding,) = AccountFinding.objects.filter(target=province_target, platform="weibo")
    assert finding.check_name == "account_verification" and finding.status == FindingStatus.PENDING


def test_a_declared_channel_becomes_the_account(campaign_2020, city_target, evaluator_user, as_of):
    declared = Channel.objects.create(target=city_target, kind=ChannelKind.WECHAT, name="杭州发布")
    accounts_import(campaign=campaign_2020, data=ACCOUNTS_CSV.split(b"\n")[0] + b"\n" + ACCOUNTS_CSV.split(b"\n")[1],
                    filename="a.csv", actor=evaluator_user)
    assert Account.objects.get().channel == declared


def test_unknown_owner_refuses_the_whole_file(campaign_2020, city_target, evaluator_user, as_of):
    bad = ACCOUNTS_CSV + "西湖区,政务微博,西湖发布,42,已认证,,正常,是\n".encode()
    with pytest.raises(ExportError) as caught:
        accounts_import(campaign=campaign_2020, data=bad, filename="a.csv", actor=evaluator_user)
    # Rows 2 and 3 were fine and were stored inside the import's transaction: row 4 undoes them.
    assert [str(e) for e in caught.value.errors] == [
        "第 4 行，“主办单位”列：“西湖区”不是部委、省级政府或重点城市（填评估对象编码或名称）"]
    assert not Account.objects.exists() and not Channel.objects.filter(kind=ChannelKind.WECHAT).exists()


def test_experts_and_webmasters_may_not_import(campaign_2020, expert_user, webmaster_user, as_of):
    for user in (expert_user, webmaster_user):
        with pytest.raises(PermissionDenied):
            accounts_import(campaign=campaign_2020, data=ACCOUNTS_CSV, filename="a.csv", actor=user)


def test_posts_import_is_idempotent_and_audited(campaign_2020, account_with_posts, evaluator_user):
    record = posts_import(campaign=campaign_2020, account=account_with_posts, data=POSTS_CSV, filename="posts.csv",
                          actor=evaluator_user)
    assert (record.rows, record.created, record.updated) == (2, 0, 0)
    changed = POSTS_CSV.replace(b",\xe5\x8a\xa8\xe6\x80\x81\n", b",\xe6\x94\xbf\xe5\x8a\xa1\xe5\x8a\xa8\xe6\x80\x81\n")
    record = posts_import(campaign=campaign_2020, account=account_with_posts, data=changed, filename="posts.csv",
                          actor=evaluator_user)
    assert (record.created, record.updated) == (0, 1)
    assert Post.objects.filter(account=account_with_posts).count() == 2
    assert AuditEntry.objects.filter(action="newmedia.posts_import").count() == 3


def test_a_bad_file_changes_nothing_stored(campaign_2020, account_with_posts, evaluator_user):
    bad = POSTS_CSV + "2020-09-31 09:00,不存在的日子,动态\n".encode()
    with pytest.raises(ExportError) as caught:
        posts_import(campaign=campaign_2020, account=account_with_posts, data=bad, filename="posts.csv",
                     actor=evaluator_user)
    assert str(caught.value.errors[0]) == "第 4 行，“发布时间”列：“2020-09-31 09:00”不是日期时间（应如 2020-10-05 09:30）"
    assert Post.objects.filter(account=account_with_posts).count() == 2
    assert account_with_posts.imports.count() == 1


def test_update_gaps_found_on_import_cost_points_once_confirmed(campaign_2020, account_with_posts, city_target,
                                                                evaluator_user):
    # Posts on 09-02 and 09-08 only: nothing from 09-09 to 11-20 (73 days) — and 09-01 alone is no week.
    (gap,) = AccountFinding.objects.filter(target=city_target, check_name="update_gap")
    assert gap.evidence["first_day"] == "2020-09-09" and gap.evidence["days"] == 73
    assert _points(city_target, "wechat")["publish.update"] == 16.0  # pending costs nothing
    finding_review(finding=gap, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    assert _points(city_target, "wechat")["publish.update"] == 12.0  # 16 × 1.0 × (1 − 0.25)
    finding_review(finding=gap, status=FindingStatus.FALSE_POSITIVE, actor=evaluator_user, reason="导出不完整")
    assert _points(city_target, "wechat")["publish.update"] == 16.0


def test_false_positive_needs_a_reason(account_with_posts, evaluator_user):
    finding = AccountFinding.objects.first()
    with pytest.raises(ValidationError):
        finding_review(finding=finding, status=FindingStatus.FALSE_POSITIVE, actor=evaluator_user)


def test_no_data_no_automatic_points(account, city_target):
    # Only the account list is known: 集约开设 and 认证规范 observed it; nothing else has points.
    assert _points(city_target, "wechat") == {"management.intensive": 12.0,  # 12 × 1.0
                                              "management.verification": 3.6}  # 6 × 0.6


def test_message_reply_needs_three_public_messages(campaign_2020, account, city_target, evaluator_user):
    two = ("留言时间,留言内容,回复时间,回复内容\n"
           "2020-10-12 09:00,问一,2020-10-13 09:00,答\n2020-10-14 09:00,问二,2020-10-15 09:00,答\n").encode()
    messages_import(campaign=campaign_2020, account=account, data=two, filename="m.csv", actor=evaluator_user)
    assert "interaction.message_reply" not in _points(city_target, "wechat")
    three = two + "2020-10-16 09:00,问三,2020-10-19 09:00,答\n".encode()
    messages_import(campaign=campaign_2020, account=account, data=three, filename="m.csv", actor=evaluator_user)
    assert _points(city_target, "wechat")["interaction.message_reply"] == 6.0  # 12 × 0.5


def test_a_person_s_points_outrank_the_checks(campaign_2020, account_with_posts, city_target, admin_user,
                                              evaluator_user):
    from dgeval.web.scores.services import leaf_score_set

    leaf_score_set(campaign=campaign_2020, target=city_target, framework="new_media", column="wechat",
                   code="publish.update", points=10, source_kind="manual", source_id="1", actor=admin_user)
    gap = AccountFinding.objects.get(check_name="update_gap")
    finding_review(finding=gap, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    assert _points(city_target, "wechat")["publish.update"] == 10.0


def test_findings_no_longer_seen_are_gone_and_come_back_pending(campaign_2020, account_with_posts, evaluator_user):
    gap = AccountFinding.objects.get(check_name="update_gap")
    finding_review(finding=gap, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    weekly = "发布时间,标题\n" + "".join(f"2020-{m:02d}-{d:02d} 09:00,第{m}{d}期\n" for m in (9, 10, 11)
                                        for d in range(1, 31, 5) if (m, d) <= (11, 20))
    posts_import(campaign=campaign_2020, account=account_with_posts, data=weekly.encode(), filename="w.csv",
                 actor=evaluator_user)
    gap.refresh_from_db()
    assert gap.status == FindingStatus.GONE


def test_policy_change_reruns_the_checks(campaign_2020, account_with_posts, admin_user, evaluator_user, as_of):
    import datetime as dt

    with pytest.raises(PermissionDenied):
        newmedia_policy_set(campaign=campaign_2020, actor=evaluator_user, window_start=dt.date(2020, 9, 1),
                            window_end=dt.date(2020, 9, 8), reply_limit_workdays=5, dormant_days=90)
    newmedia_policy_set(campaign=campaign_2020, actor=admin_user, window_start=dt.date(2020, 9, 1),
                        window_end=dt.date(2020, 9, 8), reply_limit_workdays=5, dormant_days=90, reason="试算")
    check = PlatformCheck.objects.get(platform="wechat")
    assert (check.window_start, check.window_end) == (dt.date(2020, 9, 1), dt.date(2020, 9, 8))
    assert not AccountFinding.objects.filter(check_name="update_gap").exclude(status=FindingStatus.GONE).exists()


def test_before_the_window_opens_data_is_kept_and_nothing_is_judged(campaign_2020, city_target, evaluator_user,
                                                                    today_is):
    import datetime as dt

    today_is(dt.date(2020, 8, 20))  # the window is the 系统监测 phase, from 09-01
    account = account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=city_target,
                           kind="weibo", name="杭州发布", platform_id="5000000003")
    posts_import(campaign=campaign_2020, account=account, data=POSTS_CSV, filename="p.csv", actor=evaluator_user)
    assert Post.objects.count() == 2 and not PlatformCheck.objects.exists()

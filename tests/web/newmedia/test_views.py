"""政务新媒体 pages: imports show every bad row and column and store nothing; the platform page shows the arithmetic."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.web.newmedia.models import Account, AccountFinding, FindingStatus, Post


def test_malformed_export_is_refused_with_row_and_column(evaluator_client, account_with_posts):
    bad = "发布时间,标题,阅读数\n2020-10-01 09:00,正常的一行,12\n2020-10-02 25:00,时间不对,3\n2020-10-03 09:00,,x\n"
    response = evaluator_client.post(reverse("newmedia:data_import", args=[account_with_posts.pk, "posts"]),
                                     {"file": SimpleUploadedFile("posts.csv", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 3 行，“发布时间”列：“2020-10-02 25:00”不是日期时间" in page
    assert "第 4 行，“标题”列：不能为空" in page and "第 4 行，“阅读数”列：“x”不是非负整数" in page
    assert "已存数据未作任何改动" in page
    assert Post.objects.filter(account=account_with_posts).count() == 2


def test_accounts_import_page_imports_and_redirects(evaluator_client, campaign_2020, city_target, as_of):
    data = "主办单位,账号类型,账号名称,账号ID,认证状态,认证主体\n杭州市人民政府,政务微博,杭州发布,5000000003,已认证,杭州市人民政府新闻办公室\n"
    response = evaluator_client.post(reverse("newmedia:accounts_import"),
                                     {"file": SimpleUploadedFile("accounts.csv", data.encode("gbk"))})
    assert response.status_code == 302
    assert Account.objects.get().get_kind_display() == "政务微博"


def test_platform_page_shows_findings_and_points(evaluator_client, account_with_posts):
    page = evaluator_client.get(reverse("newmedia:platform", args=["330100", "wechat"])).content.decode()
    assert "共 73 天未发布信息" in page and "待审核" in page
    assert 'data-code="publish.update"' in page and "16.00" in page


def test_review_from_the_page_updates_the_points(evaluator_client, account_with_posts):
    finding = AccountFinding.objects.get(check_name="update_gap")
    response = evaluator_client.post(reverse("newmedia:review", args=[finding.pk]), {"status": "confirmed"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONFIRMED
    page = evaluator_client.get(reverse("newmedia:platform", args=["330100", "wechat"])).content.decode()
    assert "12.00" in page


def test_false_positive_without_reason_is_refused_with_a_message(evaluator_client, account_with_posts):
    finding = AccountFinding.objects.get(check_name="update_gap")
    response = evaluator_client.post(reverse("newmedia:review", args=[finding.pk]), {"status": "false_positive"},
                                      follow=True)
    assert "判定为误报时必须填写理由" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.PENDING


def test_index_lists_accounts_and_checks(expert_client, account_with_posts):
    page = expert_client.get(reverse("newmedia:index")).content.decode()
    assert "杭州发布" in page and "杭州市人民政府" in page
    assert reverse("newmedia:platform", args=["330100", "wechat"]) in page
    assert "导入账号名录" not in page  # experts read, they do not import


def test_rankings_per_platform_and_owner_level(admin_client, campaign_2020, account_with_posts, ministry_target,
                                               evaluator_user):
    from dgeval.web.newmedia.services import account_save

    account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=ministry_target,
                 kind="wechat_subscription", name="健康中国", platform_id="gh_jkzg", verification="verified",
                 verified_subject="国家卫生健康委员会")
    page = admin_client.get(reverse("newmedia:rankings")).content.decode()
    tables = dict(re.findall(r'data-group="([^"]+)">(.*?)</table>', page, re.S))
    assert len(tables) == 9  # 3 platforms × ministries, provinces, key cities
    assert "杭州市人民政府" in tables["new_media/wechat_key_city"]
    assert "国家卫生健康委员会" in tables["new_media/wechat_ministry"]
    assert "国家卫生健康委员会" not in tables["new_media/wechat_key_city"] and "暂无得分" in tables["new_media/app_province"]


def test_published_results_rank_new_media_per_platform_and_level(campaign_2020, account_with_posts, ministry_target,
                                                                 evaluator_user):
    from dgeval.web.newmedia.services import account_save
    from dgeval.web.publication.services import snapshot_build

    account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=ministry_target,
                 kind="weibo", name="健康中国", platform_id="5000000005", verification="verified",
                 verified_subject="国家卫生健康委员会")
    rows = {(r["group"], r["target_code"], r["rank"]) for r in snapshot_build(campaign=campaign_2020)
            if r["framework"] == "new_media"}
    assert rows == {("new_media/wechat_key_city", "330100", 1), ("new_media/weibo_ministry", "nhc", 1)}


def test_score_detail_links_automatic_points_to_the_checks(admin_client, account_with_posts):
    page = admin_client.get(reverse("scores:target", args=["330100", "new_media", "wechat"])).content.decode()
    assert "政务新媒体检查结果" in page and reverse("newmedia:platform", args=["330100", "wechat"]) in page


def test_collection_item_names_the_accounts(admin_user, evaluator_user, admin_client, campaign_2020,
                                            account_with_posts, city_target):
    from dgeval.web.collection.services import work_items_generate

    (item,) = [i for i in work_items_generate(campaign=campaign_2020, targets=[city_target],
                                              evaluators=[evaluator_user], actor=admin_user,
                                              codes=["interaction.feedback"])]
    assert (item.framework, item.column) == ("new_media", "wechat")
    page = admin_client.get(reverse("collection:item", args=[item.pk])).content.decode()
    assert "评估账号" in page and "“杭州发布”" in page

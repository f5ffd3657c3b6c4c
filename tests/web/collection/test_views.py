"""Manual collection pages: login and CSRF required, the scoring form, uploads, dashboards."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dgeval.web.collection.models import ManualScore, WorkItemStatus
from dgeval.web.collection.selectors import progress_by_evaluator, progress_by_target
from dgeval.web.collection.services import manual_score_save

from .conftest import HTML_BYTES, PNG_BYTES, upload


@pytest.mark.parametrize("name", ["collection:list", "collection:progress", "collection:import", "collection:export"])
def test_login_required(anonymous_client, campaign_2020, name):
    response = anonymous_client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_without_csrf_token_refused(item, evaluator_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(evaluator_user)
    response = client.post(reverse("collection:item", args=[item.pk]), {"points": 3, "note": "x", "action": "submit"})
    assert response.status_code == 403 and not ManualScore.objects.exists()


def test_scoring_page_shows_criteria_and_maximum(item, evaluator_client):
    body = evaluator_client.get(reverse("collection:item", args=[item.pk])).content.decode()
    assert "网站主动公开概况信息" in body and 'max="19.0"' in body and "提交评分" in body


def test_submit_through_the_page(item, evaluator_client):
    response = evaluator_client.post(
        reverse("collection:item", args=[item.pk]),
        {"points": "12.5", "evidence_url": "http://www.hzxh.gov.cn/zfxxgk/", "note": "", "action": "submit",
         "screenshot": upload("shot.png", PNG_BYTES)},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == WorkItemStatus.DONE and item.final_score.points == 12.5
    shot = evaluator_client.get(reverse("collection:screenshot", args=[item.final_score.pk]))
    assert shot.status_code == 200 and b"".join(shot.streaming_content) == PNG_BYTES


def test_points_above_weight_shown_on_the_form(item, evaluator_client):
    response = evaluator_client.post(
        reverse("collection:item", args=[item.pk]), {"points": "25", "note": "x", "action": "submit"}
    )
    assert response.status_code == 200 and "满分 19" in response.content.decode()
    assert not ManualScore.objects.exists()


def test_bad_upload_refused_on_the_page(item, evaluator_client):
    response = evaluator_client.post(
        reverse("collection:item", args=[item.pk]),
        {"points": "3", "note": "x", "action": "submit", "screenshot": upload("shot.png", HTML_BYTES)},
    )
    assert "文件类型不符" in response.content.decode() and not ManualScore.objects.exists()


def test_double_scorer_does_not_see_the_other_score_until_settled(double_item, evaluator_user, evaluator2,
                                                                   evaluator2_client):
    manual_score_save(item=double_item, actor=evaluator_user, points=13.25, submit=True, note="第一位的说明")
    body = evaluator2_client.get(reverse("collection:item", args=[double_item.pk])).content.decode()
    assert "13.25" not in body and "第一位的说明" not in body
    manual_score_save(item=double_item, actor=evaluator2, points=14, submit=True, note="第二位")
    body = evaluator2_client.get(reverse("collection:item", args=[double_item.pk])).content.decode()
    assert "13.25" in body


def test_reconcile_through_the_page(disputed_item, admin_client):
    page = admin_client.get(reverse("collection:item", args=[disputed_item.pk])).content.decode()
    assert "确定裁定得分" in page
    response = admin_client.post(reverse("collection:reconcile", args=[disputed_item.pk]),
                                 {"points": "15", "reason": "核对后取 15"})
    assert response.status_code == 302
    disputed_item.refresh_from_db()
    assert disputed_item.status == WorkItemStatus.DONE


def test_progress_counts_by_evaluator_and_target(items, double_item, evaluator_user, evaluator2, admin_user,
                                                 campaign_2020, admin_client):
    manual_score_save(item=items[0], actor=evaluator_user, points=1, submit=True, note="x")
    by_evaluator = {r.label: r for r in progress_by_evaluator(user=admin_user, campaign=campaign_2020)}
    first = by_evaluator[str(evaluator_user)]
    assert first.total == 3 and first.done == 1 and first.percent_done == pytest.approx(33.3)
    assert by_evaluator[str(evaluator2)].total == 1
    by_target = {r.label: r for r in progress_by_target(user=admin_user, campaign=campaign_2020)}
    assert by_target["杭州市西湖区人民政府"].percent_done == 50.0
    assert by_target["浙江省人民政府"].counts == {"todo": 1}
    body = admin_client.get(reverse("collection:progress")).content.decode()
    assert "50.0%" in body and "评估员乙" in body


def test_evaluator_list_shows_only_own_items(items, double_item, evaluator2_client):
    body = evaluator2_client.get(reverse("collection:list")).content.decode()
    assert reverse("collection:item", args=[double_item.pk]) in body
    assert all(reverse("collection:item", args=[i.pk]) not in body for i in items)


def test_generate_page_creates_items(campaign_2020, county_target, evaluator_user, admin_client, in_phase):
    response = admin_client.post(
        reverse("collection:generate"),
        {"targets": [county_target.pk], "evaluators": [evaluator_user.pk], "scope": "manual"},
    )
    assert response.status_code == 302
    assert county_target.work_items.count() > 10


def test_every_value_shows_while_the_third_scorer_decides(disputed_item, admin_user, evaluator3, evaluator_user,
                                                          evaluator2):
    from django.test import Client

    from dgeval.web.collection.services import work_item_reconciler_assign

    work_item_reconciler_assign(item=disputed_item, reconciler=evaluator3, actor=admin_user)
    client = Client()
    client.force_login(evaluator3)
    page = client.get(reverse("collection:item", args=[disputed_item.pk])).content.decode()
    assert "评估员乙" in page and "评估员丁" in page and ">10<" in page and ">19<" in page
    assert "由复核人 评估员戊 裁定" in page and "确定裁定得分" in page
    response = client.post(reverse("collection:reconcile", args=[disputed_item.pk]),
                           {"points": "16", "reason": "第三人裁定"})
    assert response.status_code == 302
    page = client.get(reverse("collection:item", args=[disputed_item.pk])).content.decode()
    assert ">10<" in page and ">19<" in page and ">16<" in page and "复核裁定" in page


def test_admin_names_the_third_scorer_through_the_page(disputed_item, admin_client, evaluator3):
    page = admin_client.get(reverse("collection:item", args=[disputed_item.pk])).content.decode()
    assert 'id="reconciler-form"' in page and "暂无可指定的第三位评估员" in page
    response = admin_client.post(reverse("collection:reconciler", args=[disputed_item.pk]),
                                 {"reconciler": evaluator3.pk, "reason": "熟悉该栏目"})
    assert response.status_code == 302
    disputed_item.refresh_from_db()
    assert disputed_item.reconciler == evaluator3


def test_list_names_leaves_and_the_manual_part(items, evaluator_client):
    body = evaluator_client.get(reverse("collection:list")).content.decode()
    assert "法定主动公开" in body and ">19<" in body

"""The admin's change forms show stored JSON and codes in words: evidence, counts by check and leaf codes are named,
and JSON fields are never edited by hand there (the services write them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.web.monitoring.models import FindingRecord, ScanRun
from tests.web.i18n_crawl import known_codes, page_problems, visible_text

pytestmark = pytest.mark.django_db


def _change_page(client, obj) -> str:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_findings_evidence_leaves_and_check_are_named(admin_client, campaign_2020, county_target):
    finding = FindingRecord.objects.create(
        campaign=campaign_2020, target=county_target, check_name="stale_column", url="http://www.hzxh.gov.cn/tzgg/",
        fingerprint="3f2a9c0d1e4b5a6f", evidence={"column": "通知公告", "days": 20, "checks": {"broken_link": 3}},
        leaves=["interaction.message_disclosure"])
    html = _change_page(admin_client, finding)
    text = visible_text(html)
    assert page_problems(text, known_codes=known_codes(), data_words={"admin"}) == [], text  # the user is "admin"
    assert "栏目不更新" in text or "更新" in text  # the check's title, not stale_column
    assert "通知公告" in text and "20" in text and "链接" in text  # the evidence's values; broken_link named
    assert 'name="evidence"' not in html and 'name="leaves"' not in html  # not edited by hand


def test_a_runs_options_are_in_words(admin_client, campaign_2020):
    run = ScanRun.objects.create(campaign=campaign_2020, options={"external": "skip", "max_pages": 200})
    text = visible_text(_change_page(admin_client, run))
    assert page_problems(text, known_codes=known_codes(), data_words={"admin"}) == [], text  # the user is "admin"
    assert "不检查" in text and "200" in text

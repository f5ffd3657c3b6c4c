"""A new year is data: a fictional 2021 framework folder runs registration → scan → collection → scores on the
platform with no code change (the folder is tests/framework/fixtures/2021: one framework, its finding rules and
its campaign facts)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.demo.server import DemoSites
from dgeval.demo.sites import DEMO_SITES
from dgeval.web.campaigns.services import PHASES_2020, campaign_create
from dgeval.web.collection.models import WorkItem
from dgeval.web.collection.services import item_max_points, manual_score_save, work_items_generate
from dgeval.web.monitoring.models import FindingRecord, RunTarget
from dgeval.web.monitoring.services import finding_review, scan_options, scan_run_create, scan_run_execute
from dgeval.web.registration.services import registration_approve, registration_submit
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import scores_compute
from dgeval.web.targets.services import target_allow_private_set

from .conftest import PDF_BYTES, REGISTRATION_DATA

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "framework" / "fixtures"
D = dt.date
#: The 2020 timetable, a year later.
PHASES_2021 = {kind: (start.replace(year=2021), end.replace(year=2021)) for kind, (start, end) in PHASES_2020.items()}
AS_OF = D(2021, 11, 19)


@pytest.fixture
def year_2021(settings, tmp_path):
    """The platform reading a framework folder that holds only the fictional 2021."""
    folder = tmp_path / "frameworks"
    shutil.copytree(FIXTURES / "2021", folder / "2021")
    settings.DGEVAL_FRAMEWORK_DIR = str(folder)
    settings.DGEVAL_SCAN_RUNNER = "inline"
    settings.DATA_DIR = tmp_path / "data"
    return campaign_create(year=2021, name="2021年测试评估", framework_year=2021, phases=PHASES_2021)


@pytest.fixture(scope="module")
def stale_site():
    """The demo portal with stale and blank columns, dated for 2021."""
    spec = next(s for s in DEMO_SITES if s.key == "dongshan")
    with DemoSites(AS_OF, specs=(spec,)) as sites:
        yield sites.sites[0]


def test_a_fictional_year_runs_end_to_end_from_data_alone(year_2021, stale_site, city_target, admin_user,
                                                          evaluator_user, today_is, admin_client):
    campaign = year_2021
    # 区县报名: the county registers and is approved; the 2021 facts evaluate counties in mini_site/county.
    registration = registration_submit(
        campaign=campaign, data={**REGISTRATION_DATA, "site_url": stale_site.url, "parent": city_target},
        stamped_form=SimpleUploadedFile("form.pdf", PDF_BYTES, content_type="application/pdf"),
        stamped_form_type="pdf", on=D(2021, 10, 8))
    county = registration_approve(registration=registration, actor=admin_user, code="330110")
    assert county.evaluations(campaign) == [("mini_site", "county")]

    # 系统监测: a loopback scan; the 2021 rules map stale_column to 政务动态 (half its weight).
    today_is(D(2021, 11, 1))
    county = target_allow_private_set(target=county, allow=True, reason="演示站点在本机", actor=admin_user)
    run = scan_run_create(campaign=campaign, kind="scan", targets=[county], actor=evaluator_user,
                          options=scan_options(external="skip", as_of=AS_OF, max_pages=150))
    scan_run_execute(run_id=run.pk)
    assert RunTarget.objects.get(run=run).observed.get("stale_column", 0) > 0
    stale = FindingRecord.objects.filter(campaign=campaign, check_name="stale_column")
    assert stale.exists() and all(f.leaves == ["info.news"] for f in stale)
    for finding in stale:
        finding_review(finding=finding, status="confirmed", actor=evaluator_user)
    news = LeafScore.objects.get(campaign=campaign, target=county, framework="mini_site", code="info.news")
    monitor = news.parts.get(slot="monitor")
    assert news.state == "deducted" and monitor.max_points == 35 and monitor.points < 35  # weight 70 × share 0.5
    assert LeafScore.objects.filter(campaign=campaign).values_list("framework", flat=True).distinct().get() == "mini_site"

    # 人工采集: the rest of each leaf; service.guide does not apply to counties ("—"), and there is no 依申请公开.
    today_is(D(2021, 11, 2))
    items = work_items_generate(campaign=campaign, targets=[county], evaluators=[evaluator_user], actor=admin_user)
    by_code = {item.code: item for item in items}
    assert set(by_code) == {"info.news", "service.forms"}
    assert item_max_points(by_code["info.news"]) == 35
    for item in items:
        manual_score_save(item=item, actor=evaluator_user, points=item_max_points(item) * 0.8, submit=True,
                          note="人工核查")
    assert not WorkItem.objects.exclude(status="done").exists()

    # 得分与排名: the engine totals the parts; the pages name the fictional framework.
    (score,) = scores_compute(campaign=campaign, framework="mini_site", column="county")
    news.refresh_from_db()
    forms = LeafScore.objects.get(campaign=campaign, target=county, code="service.forms")
    assert score.total == pytest.approx(news.points + forms.points) and not score.missing
    assert news.points == pytest.approx(monitor.points + 28)
    html = admin_client.get(reverse("scores:index")).content.decode()
    assert "测试用指标体系（2021）" in html and reverse("scores:ranking", args=["mini_site", "county"]) in html
    html = admin_client.get(reverse("scores:leaf", args=[county.code, "mini_site", "county", "info.news"])).content.decode()
    assert "政务动态" in html and "已扣分" in html

"""A published campaign: two counties and a province with leaf points, one county's monitor points backed by a
confirmed finding whose page is archived in a real WARC file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dgeval.framework import load_framework
from dgeval.scoring import leaf_max
from dgeval.web.monitoring.models import FindingRecord, RunTarget, ScanRun
from dgeval.web.publication.services import results_publish
from dgeval.web.scores.models import LeafScore
from dgeval.web.targets.models import Target, TargetKind

PAGE = "http://county.example.gov.cn/notice.html"


def write_warc(path: Path, url: str, body: bytes) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def give_points(campaign, target, framework, column, share, source_kind="import", source_id="sheet.xlsx"):
    fw = load_framework(framework, campaign.framework_year)
    LeafScore.objects.bulk_create(
        LeafScore(campaign=campaign, target=target, framework=framework, column=column, code=leaf.code,
                  points=round(leaf_max(fw, leaf, column) * share, 1), source_kind=source_kind, source_id=source_id)
        for leaf in fw.base_indicators if leaf.weights.get(column) is not None)


@pytest.fixture
def other_county(city_target):
    return Target.objects.create(code="330922", name="东山县人民政府", kind=TargetKind.COUNTY, parent=city_target,
                                 division_code="330922", website_url="http://dongshan.example.gov.cn/")


@pytest.fixture
def finding(campaign_2020, county_target, tmp_path):
    warc = tmp_path / "scan.warc.gz"
    write_warc(warc, PAGE, "<html><body><p>存档页面：通知公告</p></body></html>".encode())
    run = ScanRun.objects.create(campaign=campaign_2020, kind="scan", status="done")
    RunTarget.objects.create(run=run, target=county_target, status="done", warc_path=str(warc))
    return FindingRecord.objects.create(
        campaign=campaign_2020, target=county_target, run=run, last_run=run, check_name="broken_link",
        url="http://county.example.gov.cn/missing.html", page=PAGE, value="通知公告 → missing.html (404)",
        severity="medium", leaves=["interaction.message"], status="confirmed", fingerprint="f1")


@pytest.fixture
def scored(campaign_2020, county_target, other_county, province_target, finding):
    give_points(campaign_2020, county_target, "local_site", "county", 0.8)
    give_points(campaign_2020, other_county, "local_site", "county", 0.7)
    give_points(campaign_2020, province_target, "local_site", "province", 0.75)
    leaf = LeafScore.objects.filter(target=county_target, framework="local_site").order_by("code").first()
    leaf.source_kind, leaf.source_id = "finding", f"run:{finding.run_id};findings:{finding.pk}"
    leaf.save()
    return leaf


@pytest.fixture
def published(scored, campaign_2020, admin_user):
    return results_publish(campaign=campaign_2020, actor=admin_user)

"""Published pages and open data show the snapshot's numbers; the home page links to them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_links_to_published_results(published, anonymous_client, campaign_2020):
    html = anonymous_client.get(reverse("home")).content.decode()
    assert reverse("publication:campaign", args=[campaign_2020.year]) in html


def test_open_data_csv_and_json_carry_the_published_rows(published, anonymous_client):
    url = reverse("publication:open_data", args=[2020, "local_site", "county", "csv"])
    assert url == "/results/2020/local_site/county.csv"
    rows = list(csv.DictReader(io.StringIO(anonymous_client.get(url).content.decode("utf-8-sig"))))
    results = list(published.results.filter(group="local_site/county").order_by("rank"))
    assert [(r["target_code"], r["rank"], float(r["total"])) for r in rows] == \
        [(p.target_code, str(p.rank), round(p.total, 4)) for p in results]
    payload = json.loads(anonymous_client.get(reverse("publication:open_data",
                                                      args=[2020, "local_site", "county", "json"])).content)
    assert payload["licence"].startswith("CC BY 4.0") and payload["version"] == published.version
    assert payload["rows"][0]["target_code"] == results[0].target_code


def test_ranking_filters_by_region(published, anonymous_client):
    url = reverse("publication:ranking", args=[2020, "local_site", "county"])
    assert "西湖区" in anonymous_client.get(url, {"region": "东部地区"}).content.decode()
    assert "西湖区" not in anonymous_client.get(url, {"region": "西部地区"}).content.decode()


def test_scorecard_shows_findings_remedy_and_archive_link(published, anonymous_client, finding, county_target):
    html = anonymous_client.get(reverse("publication:scorecard", args=[2020, county_target.code, "local_site"])).content.decode()
    assert "不可用链接" in html and "删除或更正失效链接" in html and "杭州市西湖区人民政府" in html
    assert reverse("publication:archive", args=[2020, finding.pk]) in html


def test_archive_serves_the_warc_page_inert(published, anonymous_client, finding):
    response = anonymous_client.get(reverse("publication:archive", args=[2020, finding.pk]))
    assert "存档页面" in response.content.decode() and "sandbox" in response["Content-Security-Policy"]


def test_unknown_group_and_unpublished_year_are_404(published, anonymous_client):
    assert anonymous_client.get(reverse("publication:ranking", args=[2020, "local_site", "nope"])).status_code == 404
    assert anonymous_client.get(reverse("publication:ranking", args=[2019, "local_site", "county"])).status_code == 404

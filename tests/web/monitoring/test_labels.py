"""Chinese labels of the monitor's code values on the pages: check titles (module TITLE), severities, run options."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dgeval.monitor.checks import load_check
from dgeval.monitor.model import Finding
from dgeval.web.monitoring import labels
from dgeval.web.monitoring.labels import Severity, check_label, check_title, run_options_text, severity_label
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.monitoring.services import findings_store, scan_options, scan_run_create


@pytest.fixture
def titled(monkeypatch):
    """broken_link with its Chinese TITLE, whether or not the monitor module has it yet (the cache is reset)."""
    monkeypatch.setattr(load_check("broken_link"), "TITLE", "不可用链接", raising=False)
    labels.check_title.cache_clear()
    yield
    labels.check_title.cache_clear()


@pytest.fixture
def broken_link(campaign_2020, county_target, titled):
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=None)
    findings_store(run=run, target=county_target, observed={"broken_link": 1}, findings=[
        Finding(check="broken_link", url="http://127.0.0.1:1/gone.html", page="http://127.0.0.1:1/", value="404",
                severity="high", leaves=("management.daily_operation",))])
    return county_target.findings.get()


def test_check_title_is_the_module_title(titled):
    assert check_title("broken_link") == "不可用链接"
    assert check_label("broken_link") == "不可用链接"  # readers never see the code name


def test_check_without_title_or_unknown_is_not_shown_as_its_code(monkeypatch):
    monkeypatch.delattr(load_check("ipv6"), "TITLE", raising=False)
    labels.check_title.cache_clear()
    assert check_title("ipv6") == "ipv6"  # the CLI's name
    assert check_label("ipv6") == "未知检查项"
    assert check_title("no_such_check") == "no_such_check"
    labels.check_title.cache_clear()


@pytest.mark.parametrize(("value", "label"), [("high", "高"), ("medium", "中"), ("low", "低"), ("info", "信息"),
                                              ("odd", "odd")])
def test_severity_labels(value, label):
    assert severity_label(value) == label


def test_findings_page_shows_check_title_and_severity_in_chinese(broken_link, evaluator_client):
    html = evaluator_client.get(reverse("monitoring:findings")).content.decode()
    assert "不可用链接" in html and "（broken_link）" not in html
    assert "<td>高</td>" in html
    assert f'<option value="high">{Severity.HIGH.label}</option>' in html  # severity filter
    assert '<option value="broken_link">不可用链接</option>' in html


def test_severity_filter(broken_link, evaluator_client):
    assert "#%d" % broken_link.pk in evaluator_client.get(reverse("monitoring:findings") + "?severity=high").text
    assert "#%d" % broken_link.pk not in evaluator_client.get(reverse("monitoring:findings") + "?severity=low").text


def test_leaf_filter_keeps_the_findings_bearing_on_that_leaf(broken_link, campaign_2020, county_target,
                                                              evaluator_client):
    other = FindingRecord.objects.create(campaign=campaign_2020, target=county_target, check_name="missing_icp",
                                         url="http://127.0.0.1:1/", fingerprint="9c1d2e3f4a5b6c7d",
                                         leaves=["management.identification"])
    listing = reverse("monitoring:findings")
    page = evaluator_client.get(listing).text
    assert '<option value="management.daily_operation">' in page  # the leaf filter names its leaves
    kept = evaluator_client.get(listing + "?leaf=management.daily_operation").text
    assert "#%d" % broken_link.pk in kept and "#%d" % other.pk not in kept
    kept = evaluator_client.get(listing + "?leaf=management.identification").text
    assert "#%d" % broken_link.pk not in kept and "#%d" % other.pk in kept


def test_webmaster_sees_the_plain_title(broken_link, webmaster_client):
    listing = webmaster_client.get(reverse("monitoring:findings")).content.decode()
    detail = webmaster_client.get(reverse("monitoring:finding", args=[broken_link.pk])).content.decode()
    for html in (listing, detail):
        assert "不可用链接" in html and "（broken_link）" not in html
    assert "<td>高</td>" in detail


def test_run_options_in_chinese(campaign_2020, county_target, evaluator_client):
    options = scan_options(external="skip", as_of=dt.date(2020, 11, 20), max_pages=300)
    assert run_options_text(options) == "外部链接：跳过；评估基准日：2020-11-20；最多页面数：300"
    assert run_options_text({**options, "allow_private": True}).startswith("外部链接：跳过；允许内网地址；")
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=None, options=options)
    html = evaluator_client.get(reverse("monitoring:run", args=[run.pk])).content.decode()
    assert "外部链接：跳过" in html and "allow_private" not in html

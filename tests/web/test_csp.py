"""Content-Security-Policy: on every page of the platform; reports run only their own inline scripts."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dgeval.reports.csp import report_policy
from tests.web.publication.conftest import finding, other_county, published, scored  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

STRICT = "script-src 'self'"


def _paths_without_arguments(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no argument (the admin's too)."""
    found = []
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if "<" in pattern or "(?P" in pattern or pattern.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            found += _paths_without_arguments(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + pattern)
    return found


def test_every_page_has_the_policy(admin_client, anonymous_client, campaign_2020, county_target):
    paths = _paths_without_arguments(get_resolver())
    assert len(paths) > 20 and "/admin/" in paths
    for client in (admin_client, anonymous_client):
        for path in paths:
            response = client.get(path)
            policy = response.get("Content-Security-Policy", "")
            assert "default-src" in policy and "frame-ancestors 'none'" in policy, (path, response.status_code)
    assert STRICT in admin_client.get("/").get("Content-Security-Policy")
    assert "unsafe-inline" not in admin_client.get(reverse("admin:index")).get("Content-Security-Policy")


def test_views_that_set_their_own_policy_keep_it(anonymous_client, published, finding):
    from dgeval.web.monitoring.views import ARCHIVE_CSP

    response = anonymous_client.get(reverse("publication:archive", args=[published.campaign.year, finding.pk]))
    assert response.status_code == 200 and response["Content-Security-Policy"] == ARCHIVE_CSP


def test_report_policy_names_exactly_the_inline_scripts():
    html = ("<html><head><style>p{}</style></head><body><script>var a=1;</script>"
            "<script type='application/json' id='d'>{}</script><script src='/x.js'></script></body></html>")
    policy = report_policy(html)
    assert "script-src 'sha256-" in policy and policy.count("'sha256-") == 1
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy
    other = report_policy(html.replace("var a=1;", "var a=2;"))
    assert other != policy


def test_sessions_end_with_the_browser_and_after_eight_hours(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 3600

"""Publishing freezes results; a republication keeps the earlier version and says what changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dgeval.errors import WorkflowError
from dgeval.scoring import score_targets
from dgeval.framework import load_framework
from dgeval.web.audit.models import AuditEntry
from dgeval.web.publication import selectors
from dgeval.web.publication.services import results_publish
from dgeval.web.scores.models import LeafScore

pytestmark = pytest.mark.django_db


def test_publication_holds_the_engines_totals_and_ranks(published, campaign_2020):
    rows = selectors.group_results(publication=published, group="local_site/county")
    points = {}
    for leaf in LeafScore.objects.filter(campaign=campaign_2020, framework="local_site", column="county"):
        points.setdefault(leaf.target.code, {})[leaf.code] = leaf.points
    engine = score_targets(load_framework("local_site", 2020), "county", points)
    assert [(r.target_code, r.rank, round(r.total, 6)) for r in rows] == \
        [(s.target, s.rank, round(s.total, 6)) for s in engine]
    # The province is ranked in its own group, not with the counties.
    assert [r.target_kind for r in selectors.group_results(publication=published, group="local_site/province")] == ["province"]


def test_monitor_points_keep_their_findings(published, finding, county_target):
    result = selectors.result_get(publication=published, target_code=county_target.code, framework="local_site")
    assert result.findings[0]["id"] == finding.pk and result.findings[0]["title"] == "不可用链接"
    assert any(leaf["source"] == "monitor" and leaf["findings"] == [finding.pk] for leaf in result.leaves)
    assert selectors.finding_published(publication=published, finding_id=finding.pk)


def test_later_score_changes_do_not_touch_the_published_snapshot(published, county_target):
    before = selectors.result_get(publication=published, target_code=county_target.code, framework="local_site").total
    LeafScore.objects.filter(target=county_target).update(points=0)
    assert selectors.result_get(publication=published, target_code=county_target.code, framework="local_site").total == before


def test_republication_needs_a_note_and_records_changes(published, campaign_2020, county_target, admin_user):
    LeafScore.objects.filter(target=county_target).update(points=0)
    with pytest.raises(WorkflowError):
        results_publish(campaign=campaign_2020, actor=admin_user)
    second = results_publish(campaign=campaign_2020, actor=admin_user, note="复核后更正清河县得分")
    assert second.version == 2 and selectors.publication_current(campaign=campaign_2020) == second
    change = next(c for c in second.changes if c["target_code"] == county_target.code)
    assert change["total_after"] == 0 and change["rank_before"] == 1 and change["rank_after"] == 2
    assert published.results.filter(target_code=county_target.code).first().total > 0  # the first version is kept
    assert AuditEntry.objects.filter(action="results.republish", reason="复核后更正清河县得分").exists()


@pytest.mark.parametrize("user", ["evaluator_user", "webmaster_user"])
def test_only_admins_publish(request, scored, campaign_2020, user):
    with pytest.raises(PermissionDenied):
        results_publish(campaign=campaign_2020, actor=request.getfixturevalue(user))


def test_nothing_to_publish_is_refused(campaign_2020, admin_user):
    with pytest.raises(WorkflowError):
        results_publish(campaign=campaign_2020, actor=admin_user)

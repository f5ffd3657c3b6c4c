"""The data migration from the new-media source strings to parts naming the check run and the findings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dgeval.web.newmedia.models import AccountFinding, PlatformCheck
from dgeval.web.scores.models import LeafScore

BEFORE = [("scores", "0001_initial")]


def _latest() -> list[tuple[str, str]]:
    return [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] in ("scores", "newmedia")]


@pytest.fixture
def old_scores(transactional_db):
    """The scores tables as they were before parts; the database is migrated to the latest state afterwards."""
    MigrationExecutor(connection).migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    MigrationExecutor(connection).migrate(_latest())


def test_new_media_source_strings_become_parts_with_the_check_run_and_findings(old_scores, campaign_2020,
                                                                              city_target):
    check = PlatformCheck.objects.create(campaign=campaign_2020, target=city_target, platform="wechat",
                                         window_start="2020-09-01", window_end="2020-11-20")
    gap = AccountFinding.objects.create(campaign=campaign_2020, target=city_target, platform="wechat",
                                        check_name="update_gap", key="g", summary="停更", status="confirmed")
    Old = old_scores.get_model("scores", "LeafScore")
    rows = {
        "publish.update": (f"newmedia:{city_target.code}/wechat;newmedia_findings:{gap.pk}", 12.0),
        "management.intensive": (f"newmedia:{city_target.code}/wechat", 12.0),
    }
    for code, (source, points) in rows.items():
        Old.objects.create(campaign_id=campaign_2020.pk, target_id=city_target.pk, framework="new_media",
                           column="wechat", code=code, points=points, source_kind="finding", source_id=source)

    MigrationExecutor(connection).migrate(_latest())

    leaves = {leaf.code: leaf for leaf in LeafScore.objects.all()}
    update = leaves["publish.update"].parts.get()
    assert (update.slot, update.source_kind, update.source, update.source_label) == (
        "monitor", "new_media", check, "")
    assert [e.record for e in update.evidence.all()] == [gap] and leaves["publish.update"].state == "deducted"
    assert update.max_points == 16.0  # update_gap speaks for the whole weight
    intensive = leaves["management.intensive"].parts.get()
    assert (intensive.source, intensive.points, leaves["management.intensive"].state) == (check, 12.0, "clean")

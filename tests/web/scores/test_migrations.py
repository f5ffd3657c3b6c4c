"""The data migration from the old `source_id` strings to parts with a source record and evidence."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dgeval.web.collection.models import ManualScore, WorkItem
from dgeval.web.foi.models import FoiRequest
from dgeval.web.monitoring.models import FindingRecord, RunTarget, ScanRun
from dgeval.web.scores.models import LeafScore

BEFORE = [("scores", "0001_initial")]


def _latest() -> list[tuple[str, str]]:
    return [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] == "scores"]


@pytest.fixture
def old_scores(transactional_db):
    """The scores tables as they were before parts; the database is migrated to the latest state afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    MigrationExecutor(connection).migrate(_latest())


def _migrate_forward() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(_latest())


def test_source_strings_become_parts_with_records_and_evidence(
        old_scores, campaign_2020, county_target, evaluator_user):
    run = ScanRun.objects.create(campaign=campaign_2020)
    part = RunTarget.objects.create(run=run, target=county_target)
    findings = [FindingRecord.objects.create(campaign=campaign_2020, target=county_target, run=run,
                                             check_name="id_number_leak", url=f"http://x/{n}", fingerprint=str(n))
                for n in range(2)]
    item = WorkItem.objects.create(campaign=campaign_2020, target=county_target, framework="local_site",
                                   column="county", code="info.statutory_disclosure", assignee=evaluator_user)
    score = ManualScore.objects.create(work_item=item, evaluator=evaluator_user, points=15)
    request = FoiRequest.objects.create(campaign=campaign_2020, target=county_target, channel="email", content="q",
                                        sent_on="2020-10-09", sent_by=evaluator_user)
    Old = old_scores.get_model("scores", "LeafScore")
    rows = {
        "management.privacy": ("finding", f"run:{run.pk};findings:{findings[0].pk},{findings[1].pk}", 0.4),
        "info.statutory_disclosure": ("manual", str(score.pk), 15),
        "info.on_request_disclosure": ("foi", str(request.pk), 1),
        "management.identification": ("import", "打分表.xlsx", 2.5),
        "info.three_battles": ("manual", "999999", 2),  # names no record: kept as the label
    }
    for code, (kind, source, points) in rows.items():
        Old.objects.create(campaign_id=campaign_2020.pk, target_id=county_target.pk, framework="local_site",
                           column="county", code=code, points=points, source_kind=kind, source_id=source,
                           reason=f"旧记录 {code}", updated_by_id=evaluator_user.pk)

    _migrate_forward()

    leaves = {leaf.code: leaf for leaf in LeafScore.objects.all()}
    privacy = leaves["management.privacy"].parts.get()
    assert (privacy.slot, privacy.source, privacy.points, leaves["management.privacy"].state) == (
        "monitor", part, 0.4, "deducted")
    assert privacy.max_points == pytest.approx(0.8)  # the rules' share of the weight 1
    assert sorted(e.record.pk for e in privacy.evidence.all()) == sorted(f.pk for f in findings)
    manual = leaves["info.statutory_disclosure"].parts.get()
    assert (manual.slot, manual.source, manual.max_points, manual.reason) == (
        "person", item, 19, "旧记录 info.statutory_disclosure")
    assert [e.record for e in manual.evidence.all()] == [score] and manual.updated_by == evaluator_user
    assert leaves["info.on_request_disclosure"].parts.get().source == request
    imported = leaves["management.identification"].parts.get()
    assert (imported.source, imported.source_label, imported.max_points) == (None, "打分表.xlsx", 3)
    assert leaves["info.three_battles"].parts.get().source_label == "999999"
    assert all(leaf.points == rows[code][2] for code, leaf in leaves.items())
    assert leaves["info.statutory_disclosure"].maximum == 19

"""The demo seed of manual collection: items for the demo evaluators, scored ones with provenance, a reconcile case."""

from __future__ import annotations

import pytest

from dgeval.errors import WorkflowError
from dgeval.web.collection.demo import seed_collection
from dgeval.web.collection.models import ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.scores.models import ScorePart


def test_seed_collection(campaign_2020, county_target, province_target, admin_user, evaluator_user, evaluator2):
    items = seed_collection(campaign_2020, [province_target, county_target])
    statuses = {i.status for i in items}
    assert {WorkItemStatus.TODO, WorkItemStatus.IN_PROGRESS, WorkItemStatus.DONE,
            WorkItemStatus.NEEDS_RECONCILE} <= statuses
    reconciled = [i for i in items if i.final_score and i.final_score.kind == ScoreKind.RECONCILIATION]
    assert len(reconciled) == 1 and reconciled[0].is_double
    from_items = ScorePart.objects.filter(source_kind="manual", source_type__model="workitem")
    assert from_items.count() == sum(1 for i in items if i.status == WorkItemStatus.DONE)
    override = ScorePart.objects.get(source_kind="manual", source_type=None)
    assert override.leaf.code == "function.ipv6" and override.reason and override.max_points == override.leaf.maximum
    assert {i.assignee for i in items} <= {evaluator_user, evaluator2}
    assert seed_collection(campaign_2020, [county_target]) == [] and WorkItem.objects.count() == len(items)


def test_seed_collection_needs_the_demo_accounts(campaign_2020, county_target, admin_user, evaluator_user):
    with pytest.raises(WorkflowError, match="两位评估员"):
        seed_collection(campaign_2020, [county_target])

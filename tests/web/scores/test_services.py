"""leaf_score_set and scores_compute: validation against the framework, provenance, audit, ranking."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dgeval.web.audit.models import AuditEntry
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import leaf_score_set, scores_compute
from dgeval.web.targets.models import Target, TargetKind

pytestmark = pytest.mark.django_db


def _set(campaign, target, actor, code="management.identification", points=1.0, **kw):
    args = dict(campaign=campaign, target=target, framework="local_site", column="county", code=code,
                points=points, source_kind="manual", source_id="m1", actor=actor)
    args.update(kw)
    return leaf_score_set(**args)


def test_set_then_update_keeps_one_row_and_audits_before_after(campaign_2020, county_target, evaluator_user):
    first = _set(campaign_2020, county_target, evaluator_user, points=1.0, reason="标识齐全")
    second = _set(campaign_2020, county_target, evaluator_user, points=0.5, source_id="m2", reason="缺ICP")
    assert first.pk == second.pk
    assert LeafScore.objects.count() == 1
    leaf = LeafScore.objects.get()
    assert (leaf.points, leaf.source_id, leaf.updated_by) == (0.5, "m2", evaluator_user)
    entries = list(AuditEntry.objects.filter(action="score.set").order_by("pk"))
    assert len(entries) == 2
    assert entries[0].before is None and entries[0].after["points"] == 1.0
    assert entries[1].before["points"] == 1.0 and entries[1].after["points"] == 0.5
    assert entries[1].reason == "缺ICP" and entries[1].actor == evaluator_user


def test_same_value_again_writes_no_audit_entry(campaign_2020, county_target, evaluator_user):
    _set(campaign_2020, county_target, evaluator_user)
    _set(campaign_2020, county_target, evaluator_user)
    assert AuditEntry.objects.filter(action="score.set").count() == 1


@pytest.mark.parametrize(
    ("code", "points", "field"),
    [
        ("management.identification", 3.5, "points"),  # weight 3 in county
        ("management.identification", -0.1, "points"),
        ("management.identification", float("nan"), "points"),
        ("management.identification", "abc", "points"),
        ("no.such.leaf", 1.0, "code"),
    ],
)
def test_bad_points_or_code_refused_naming_the_field(campaign_2020, county_target, evaluator_user, code, points, field):
    with pytest.raises(ValidationError) as exc:
        _set(campaign_2020, county_target, evaluator_user, code=code, points=points)
    assert field in exc.value.message_dict
    assert not LeafScore.objects.exists()


def test_framework_column_the_target_is_not_evaluated_in_is_refused(campaign_2020, county_target, evaluator_user):
    with pytest.raises(ValidationError) as exc:
        _set(campaign_2020, county_target, evaluator_user, column="city")
    assert "column" in exc.value.message_dict


def test_not_applicable_leaf_refused(campaign_2020, evaluator_user):
    ministry = Target.objects.create(code="bm01", name="某部", kind=TargetKind.MINISTRY)
    # data.catalog exists in ministry_site; local_site code data.platform does not exist there.
    with pytest.raises(ValidationError):
        leaf_score_set(campaign=campaign_2020, target=ministry, framework="ministry_site", column="ministry",
                       code="data.platform", points=1, source_kind="manual", source_id="x", actor=evaluator_user)


def test_unknown_source_kind_refused(campaign_2020, county_target, evaluator_user):
    with pytest.raises(ValidationError) as exc:
        _set(campaign_2020, county_target, evaluator_user, source_kind="guess")
    assert "source_kind" in exc.value.message_dict


def test_webmaster_and_anonymous_cannot_set_scores(campaign_2020, county_target, webmaster_user):
    with pytest.raises(PermissionDenied):
        _set(campaign_2020, county_target, webmaster_user)
    with pytest.raises(PermissionDenied):
        _set(campaign_2020, county_target, None)  # a person's source needs a person


def test_monitor_may_write_finding_points_without_a_person(campaign_2020, county_target):
    leaf = _set(campaign_2020, county_target, None, source_kind="finding", source_id="run:1")
    assert leaf.updated_by is None
    assert AuditEntry.objects.get(action="score.set").actor is None


def test_scores_compute_ranks_scored_targets_only(campaign_2020, county_target, city_target, evaluator_user):
    other = Target.objects.create(code="330108", name="滨江区人民政府", kind=TargetKind.COUNTY, parent=city_target)
    Target.objects.create(code="330109", name="萧山区人民政府", kind=TargetKind.COUNTY, parent=city_target)
    _set(campaign_2020, county_target, evaluator_user, code="info.statutory_disclosure", points=15)
    _set(campaign_2020, other, evaluator_user, code="info.statutory_disclosure", points=18)
    _set(campaign_2020, other, evaluator_user, code="management.identification", points=1)
    ranking = scores_compute(campaign=campaign_2020, framework="local_site", column="county")
    assert [(s.target, s.rank, s.total) for s in ranking] == [("330108", 1, 19.0), ("330106", 2, 15.0)]
    assert "management.identification" in ranking[1].missing


def test_scores_compute_unknown_column_refused(campaign_2020):
    with pytest.raises(ValidationError):
        scores_compute(campaign=campaign_2020, framework="local_site", column="ministry")


@pytest.mark.parametrize(("points", "words"), [(3.5, ["得分 3.5 超出范围", "满分 3 分", "management.identification"]),
                                               (-1, ["得分 -1 超出范围"]), ("abc", ["得分须为数字"])])
def test_bad_points_message_is_chinese_and_names_the_maximum(campaign_2020, county_target, evaluator_user, points,
                                                             words):
    with pytest.raises(ValidationError) as exc:
        _set(campaign_2020, county_target, evaluator_user, code="management.identification", points=points)
    message = " ".join(exc.value.message_dict["points"])
    assert all(w in message for w in words), message
    assert "above" not in message and "weight" not in message

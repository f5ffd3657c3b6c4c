"""Writing leaf scores (whole leaf, parts, overrides) and scores_compute: validation against the framework,
how the monitor's and a person's parts fit, provenance, audit, ranking."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dgeval.web.audit.models import AuditEntry
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import leaf_override_set, leaf_score_set, score_part_set, scores_compute
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
    (part,) = leaf.parts.all()
    assert (leaf.points, part.points, part.source_label, part.updated_by) == (0.5, 0.5, "m2", evaluator_user)
    assert (part.slot, part.source_kind, part.max_points) == ("person", "manual", 3.0)
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
    leaf = _set(campaign_2020, county_target, None, source_kind="finding")
    assert leaf.parts.get().updated_by is None and leaf.parts.get().slot == "monitor"
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


@pytest.mark.parametrize(("points", "words"), [(3.5, ["得分 3.5 超出范围", "满分 3 分", "标识规范"]),
                                               (-1, ["得分 -1 超出范围"]), ("abc", ["得分须为数字"])])
def test_bad_points_message_is_chinese_and_names_the_maximum(campaign_2020, county_target, evaluator_user, points,
                                                             words):
    with pytest.raises(ValidationError) as exc:
        _set(campaign_2020, county_target, evaluator_user, code="management.identification", points=points)
    message = " ".join(exc.value.message_dict["points"])
    assert all(w in message for w in words), message
    assert "above" not in message and "weight" not in message


# -- parts: the monitor's share, the person's rest, overrides, bonus ----------------------------------------------

IDENT = dict(framework="local_site", column="county", code="management.identification")  # weight 3


def _part(campaign, target, actor, kind, points, max_points=None, **kw):
    return score_part_set(campaign=campaign, target=target, source_kind=kind, points=points, max_points=max_points,
                          actor=actor, **IDENT, **kw)


def _leaf(campaign, target):
    return LeafScore.objects.get(campaign=campaign, target=target, **IDENT)


def test_points_are_the_sum_of_the_monitor_and_person_parts(campaign_2020, county_target, evaluator_user):
    _part(campaign_2020, county_target, None, "finding", 1.5, 2.1, state="deducted")
    _part(campaign_2020, county_target, evaluator_user, "manual", 0.8, 0.9)
    leaf = _leaf(campaign_2020, county_target)
    assert leaf.points == pytest.approx(2.3) and leaf.state == "deducted" and leaf.maximum == 3
    assert sorted((p.slot, p.points, p.max_points) for p in leaf.parts.all()) == [
        ("monitor", 1.5, 2.1), ("person", 0.8, 0.9)]


def test_a_part_may_not_give_more_than_its_maximum(campaign_2020, county_target, evaluator_user):
    with pytest.raises(ValidationError) as exc:
        _part(campaign_2020, county_target, evaluator_user, "manual", 1.0, 0.9)
    message = " ".join(exc.value.message_dict["points"])
    assert "本部分满分 0.9 分" in message and "标识规范" in message and "management.identification" not in message
    with pytest.raises(ValidationError) as exc:
        _part(campaign_2020, county_target, evaluator_user, "manual", 1.0, 3.5)
    assert "max_points" in exc.value.message_dict
    assert not LeafScore.objects.exists()


def test_a_person_part_larger_than_the_rest_scales_the_monitor_part_into_the_room_left(
        campaign_2020, county_target, evaluator_user):
    _part(campaign_2020, county_target, None, "finding", 1.4, 2.1)  # rate 2/3 of what it observed
    _part(campaign_2020, county_target, evaluator_user, "manual", 1.2, 1.5)  # scored against 1.5: room 1.5 left
    monitor = _leaf(campaign_2020, county_target).parts.get(slot="monitor")
    assert (monitor.max_points, monitor.points) == (1.5, 1.0)
    assert (monitor.claimed_max_points, monitor.claimed_points) == (2.1, 1.4)  # what the monitor said is kept
    assert _leaf(campaign_2020, county_target).points == pytest.approx(2.2)


def test_a_later_scan_never_rescales_a_person_part(campaign_2020, county_target, evaluator_user):
    _part(campaign_2020, county_target, evaluator_user, "manual", 2.5, 3.0)  # nothing observed yet: whole leaf
    _part(campaign_2020, county_target, None, "finding", 2.1, 2.1, state="clean")
    leaf = _leaf(campaign_2020, county_target)
    person, monitor = leaf.parts.get(slot="person"), leaf.parts.get(slot="monitor")
    assert (person.points, person.max_points) == (2.5, 3.0)
    assert (monitor.points, monitor.max_points, leaf.state) == (0.0, 0.0, "clean")
    assert leaf.points == 2.5


def test_rescoring_the_person_part_against_the_new_rest_gives_the_monitor_its_share_back(
        campaign_2020, county_target, evaluator_user):
    _part(campaign_2020, county_target, evaluator_user, "manual", 2.5, 3.0)
    _part(campaign_2020, county_target, None, "finding", 2.1, 2.1)
    _part(campaign_2020, county_target, evaluator_user, "manual", 0.6, 0.9)
    leaf = _leaf(campaign_2020, county_target)
    assert leaf.parts.get(slot="monitor").points == 2.1 and leaf.points == pytest.approx(2.7)


def test_override_replaces_the_person_part_and_leaves_the_monitor_no_room(
        campaign_2020, county_target, evaluator_user):
    _part(campaign_2020, county_target, None, "finding", 1.4, 2.1, state="deducted")
    _part(campaign_2020, county_target, evaluator_user, "manual", 0.9, 0.9)
    with pytest.raises(ValidationError) as exc:
        leaf_override_set(campaign=campaign_2020, target=county_target, points=2.0, actor=evaluator_user, reason=" ",
                          **IDENT)
    assert "reason" in exc.value.message_dict
    leaf_override_set(campaign=campaign_2020, target=county_target, points=2.0, actor=evaluator_user,
                      reason="页脚标识在移动端缺失，整项人工核定", **IDENT)
    leaf = _leaf(campaign_2020, county_target)
    person = leaf.parts.get(slot="person")
    assert (person.points, person.max_points, person.reason) == (2.0, 3.0, "页脚标识在移动端缺失，整项人工核定")
    assert leaf.parts.get(slot="monitor").max_points == 0 and leaf.points == 2.0 and leaf.state == "deducted"
    entry = AuditEntry.objects.get(action="score.override")
    assert entry.actor == evaluator_user and entry.before["points"] == pytest.approx(2.3)
    assert {p["source_kind"] for p in entry.before["parts"]} == {"finding", "manual"}


@pytest.mark.parametrize("who", ["expert_user", "webmaster_user"])
def test_only_scorers_override(request, campaign_2020, county_target, who):
    with pytest.raises(PermissionDenied):
        leaf_override_set(campaign=campaign_2020, target=county_target, points=1, reason="x",
                          actor=request.getfixturevalue(who), **IDENT)


def test_a_part_links_its_source_record_and_evidence(campaign_2020, county_target, evaluator_user, admin_user):
    from django.contrib.contenttypes.models import ContentType

    part = _part(campaign_2020, county_target, evaluator_user, "manual", 1, 3, source=county_target,
                 evidence=[evaluator_user, admin_user])
    assert part.source == county_target
    assert {e.record for e in part.evidence.all()} == {evaluator_user, admin_user}
    part = _part(campaign_2020, county_target, evaluator_user, "manual", 1, 3, source=county_target,
                 evidence=[admin_user])
    assert [e.record for e in part.evidence.all()] == [admin_user]
    after = AuditEntry.objects.filter(action="score.set").order_by("pk").last().after["parts"][0]
    ct = ContentType.objects.get_for_model(admin_user)
    assert after["source"] == f"targets.target:{county_target.pk}"
    assert after["evidence"] == [f"{ct.app_label}.{ct.model}:{admin_user.pk}"]


def test_bonus_parts_add_up_per_source_to_at_most_the_cap(campaign_2020, county_target, province_target,
                                                          expert_user):
    args = dict(campaign=campaign_2020, target=county_target, framework="local_site", column="county",
                code="bonus.data_use", source_kind="bonus", actor=expert_user)
    score_part_set(points=4, source=county_target, **args)
    score_part_set(points=5, source=province_target, **args)
    score_part_set(points=3, source=county_target, **args)  # the same source again: replaces its part
    leaf = LeafScore.objects.get(code="bonus.data_use")
    assert leaf.points == 8 and leaf.parts.count() == 2
    with pytest.raises(ValidationError, match="加分合计 11 分，超过上限 10 分"):
        score_part_set(points=6, source=county_target, **args)
    with pytest.raises(ValidationError) as exc:
        score_part_set(points=1, **args)
    assert "source" in exc.value.message_dict
    assert LeafScore.objects.get(code="bonus.data_use").points == 8


def test_a_not_observed_leaf_is_missing_from_the_ranking(campaign_2020, county_target, evaluator_user):
    _set(campaign_2020, county_target, evaluator_user, code="info.statutory_disclosure", points=15)
    _part(campaign_2020, county_target, None, "finding", 0, 0, state="not_observed")
    (score,) = scores_compute(campaign=campaign_2020, framework="local_site", column="county")
    assert "management.identification" in score.missing and score.total == 15


def test_a_target_with_only_unobserved_leaves_is_not_counted_as_scored(campaign_2020, county_target, evaluator_user):
    from dgeval.web.scores.selectors import ranking_summaries

    def scored() -> int:
        return next(s.targets for s in ranking_summaries(campaign=campaign_2020)
                    if (s.framework, s.column) == ("local_site", "county"))

    _part(campaign_2020, county_target, None, "finding", 0, 0, state="not_observed")
    assert scored() == 0
    _part(campaign_2020, county_target, evaluator_user, "manual", 2, 3)
    assert scored() == 1


def test_a_sheet_imports_many_unscored_leaves_at_once(campaign_2020, county_target, province_target, admin_user):
    from dgeval.web.scores.services import leaf_scores_import

    rows = [(county_target, "local_site", "county", "info.statutory_disclosure", 15),
            (province_target, "digital_gov", "government", "support.search", 1.5)]
    assert leaf_scores_import(campaign=campaign_2020, rows=rows, source_label="打分表.xlsx", actor=admin_user) == 2
    part = LeafScore.objects.get(target=province_target).parts.get()
    assert (part.slot, part.source_kind, part.points, part.max_points, part.source_label) == (
        "person", "import", 1.5, 2, "打分表.xlsx")
    assert AuditEntry.objects.get(action="scores.import").after == {"leaf_scores": 2, "source": "打分表.xlsx"}
    with pytest.raises(ValidationError, match="已有得分"):
        leaf_scores_import(campaign=campaign_2020, rows=rows[:1], source_label="again.xlsx", actor=admin_user)
    bad = [(county_target, "local_site", "county", "info.three_battles", 2),
           (county_target, "local_site", "county", "management.identification", 4)]
    with pytest.raises(ValidationError) as exc:
        leaf_scores_import(campaign=campaign_2020, rows=bad, source_label="bad.xlsx", actor=admin_user)
    assert "满分 3 分" in " ".join(exc.value.message_dict["points"])
    assert LeafScore.objects.count() == 2

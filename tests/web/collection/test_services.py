"""Manual collection services: generation, points bounds, who may score, double scoring and reconciliation, phase."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dgeval.errors import WorkflowError
from dgeval.framework import load_framework
from dgeval.web.audit.models import AuditEntry
from dgeval.web.collection.models import ManualScore, ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.collection.services import (
    collection_policy_set,
    item_max_points,
    manual_score_save,
    work_item_assign,
    work_item_reconcile,
    work_item_reconciler_assign,
    work_items_generate,
)
from dgeval.web.scores.models import LeafScore, ScorePart
from dgeval.web.scores.services import leaf_override_set, score_part_set

from .conftest import AFTER_PHASE, HTML_BYTES, JPEG_BYTES, PNG_BYTES, WEBP_BYTES, upload


def leaf(item: WorkItem) -> LeafScore | None:
    return LeafScore.objects.filter(
        campaign=item.campaign, target=item.target, framework=item.framework, column=item.column, code=item.code
    ).first()


def person_part(item: WorkItem) -> ScorePart:
    return leaf(item).parts.get(slot="person")


def evidence(part: ScorePart) -> list:
    return sorted((e.record for e in part.evidence.all()), key=lambda record: record.pk)


# --- generation --------------------------------------------------------------------------------------------------


def test_generate_covers_every_leaf_people_score_round_robin(
    campaign_2020, county_target, admin_user, evaluator_user, evaluator2, in_phase
):
    created = work_items_generate(
        campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user, evaluator2], actor=admin_user
    )
    fw = load_framework("local_site", 2020)
    # Before any scan the monitor has observed nothing: every leaf but 依申请公开 (scored from its requests) is
    # manual collection's, whole — the leaves the monitor shares included.
    expected = {leaf.code for leaf in fw.leaves_for("county")
                if not leaf.bonus and leaf.code != "info.on_request_disclosure"}
    assert {i.code for i in created} == expected
    assert {(i.framework, i.column) for i in created} == {("local_site", "county")}
    assignees = [i.assignee for i in created]
    assert assignees[0::2] == [evaluator_user] * len(assignees[0::2])
    assert assignees[1::2] == [evaluator2] * len(assignees[1::2])
    assert AuditEntry.objects.filter(action="collection.generate").count() == 1


def _monitor_observed(campaign, target, code, share, fraction=None):
    """The monitor's part of CODE as if a scan observed SHARE of its weight (county column)."""
    weight = load_framework("local_site", 2020).indicator(code).weight("county")
    score_part_set(campaign=campaign, target=target, framework="local_site", column="county", code=code,
                   source_kind="finding", points=(fraction if fraction is not None else share) * weight,
                   max_points=share * weight, actor=None, state="clean")


def test_generate_scopes_the_part_the_monitor_did_not_observe(
    campaign_2020, county_target, admin_user, evaluator_user, in_phase
):
    _monitor_observed(campaign_2020, county_target, "management.identification", 0.7)  # weight 3
    _monitor_observed(campaign_2020, county_target, "function.ipv6", 1.0)  # wholly observed: nothing left
    created = work_items_generate(campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user],
                                  actor=admin_user)
    codes = {i.code: i for i in created}
    assert "function.ipv6" not in codes
    assert item_max_points(codes["management.identification"]) == pytest.approx(0.9)
    assert item_max_points(codes["info.statutory_disclosure"]) == 19


def test_generate_all_scope_includes_machine_leaves_but_never_bonus(
    campaign_2020, province_target, admin_user, evaluator_user, in_phase
):
    created = work_items_generate(
        campaign=campaign_2020, targets=[province_target], evaluators=[evaluator_user], actor=admin_user, scope="all"
    )
    by_framework = {(i.framework, i.column) for i in created}
    assert by_framework == {("local_site", "province"), ("digital_gov", "government")}
    for name, column in by_framework:
        fw = load_framework(name, 2020)
        bonus = {leaf.code for leaf in fw.bonus_indicators}
        base = {leaf.code for leaf in fw.leaves_for(column) if not leaf.bonus}
        codes = {i.code for i in created if i.framework == name}
        assert codes == base and not codes & bonus


def test_generate_is_idempotent(items, campaign_2020, county_target, admin_user, evaluator_user):
    again = work_items_generate(
        campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user], actor=admin_user,
        codes=["info.statutory_disclosure", "info.three_battles"],
    )
    assert again == [] and WorkItem.objects.count() == 2


def test_generate_refuses_a_leaf_that_does_not_apply(campaign_2020, county_target, admin_user, evaluator_user):
    # maturity.standardization is a digital_gov leaf; counties are only scored in local_site/county.
    with pytest.raises(ValidationError) as exc:
        work_items_generate(
            campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user], actor=admin_user,
            codes=["maturity.standardization"],
        )
    assert "maturity.standardization" in str(exc.value) and not WorkItem.objects.exists()


@pytest.mark.parametrize("who", ["expert_user", "webmaster_user", "admin_user"])
def test_only_evaluators_can_be_assigned(request, campaign_2020, county_target, admin_user, who):
    with pytest.raises(ValidationError, match="不是评估员"):
        work_items_generate(
            campaign=campaign_2020, targets=[county_target], evaluators=[request.getfixturevalue(who)],
            actor=admin_user,
        )


@pytest.mark.parametrize("who", ["evaluator_user", "expert_user", "webmaster_user"])
def test_only_admins_generate(request, campaign_2020, county_target, evaluator_user, who):
    with pytest.raises(PermissionDenied):
        work_items_generate(
            campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user],
            actor=request.getfixturevalue(who),
        )


def test_double_scoring_needs_two_evaluators(campaign_2020, county_target, admin_user, evaluator_user):
    with pytest.raises(ValidationError, match="两位评估员"):
        work_items_generate(
            campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user], actor=admin_user,
            double=True,
        )


# --- scoring -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("points", [19.5, 20, -0.5, "abc", float("nan")])
def test_points_outside_zero_to_weight_refused_with_the_weight_named(item, evaluator_user, points):
    with pytest.raises(ValidationError) as exc:
        manual_score_save(item=item, actor=evaluator_user, points=points, submit=True, note="n")
    assert "points" in exc.value.message_dict
    assert not ManualScore.objects.exists() and leaf(item) is None


@pytest.mark.parametrize("points", [0, 7.5, 19])
def test_points_within_bounds_accepted(item, evaluator_user, points):
    score = manual_score_save(item=item, actor=evaluator_user, points=points, submit=True, note="见栏目")
    assert score.points == points


def test_submit_finishes_single_item_and_sets_leaf_with_provenance(item, evaluator_user):
    score = manual_score_save(
        item=item, actor=evaluator_user, points=15, submit=True, evidence_url="http://www.hzxh.gov.cn/col/zfxxgk/"
    )
    item.refresh_from_db()
    assert item.status == WorkItemStatus.DONE and item.final_score == score
    stored = leaf(item)
    part = person_part(item)
    assert stored.points == 15 and (part.source_kind, part.source, part.max_points) == ("manual", item, 19)
    assert evidence(part) == [score]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"collection.score_submit", "collection.status", "score.set"} <= actions


def test_resubmitting_a_single_item_updates_the_leaf(item, evaluator_user):
    manual_score_save(item=item, actor=evaluator_user, points=15, submit=True, note="初评")
    manual_score_save(item=item, actor=evaluator_user, points=12, submit=True, note="补充检查后下调")
    assert leaf(item).points == 12
    assert ManualScore.objects.filter(work_item=item).count() == 1


def test_draft_moves_item_in_progress_without_touching_the_leaf(item, evaluator_user):
    manual_score_save(item=item, actor=evaluator_user, points=None, submit=False, note="待补截图")
    item.refresh_from_db()
    assert item.status == WorkItemStatus.IN_PROGRESS and leaf(item) is None


def test_submit_needs_points_and_evidence(item, evaluator_user):
    with pytest.raises(ValidationError, match="须填写得分"):
        manual_score_save(item=item, actor=evaluator_user, points=None, submit=True, note="x")
    with pytest.raises(ValidationError, match="证据"):
        manual_score_save(item=item, actor=evaluator_user, points=3, submit=True)
    assert leaf(item) is None


@pytest.mark.parametrize("who", ["evaluator2", "expert_user", "webmaster_user"])
def test_only_the_assignee_scores(request, item, who):
    with pytest.raises(PermissionDenied):
        manual_score_save(item=item, actor=request.getfixturevalue(who), points=3, submit=True, note="x")
    assert not ManualScore.objects.exists()


def test_admin_may_score_a_single_item(item, admin_user):
    manual_score_save(item=item, actor=admin_user, points=18, submit=True, note="管理员代评")
    assert leaf(item).points == 18


def test_closed_phase_refuses_unless_admin_overrides_with_reason(item, evaluator_user, admin_user, today_is):
    today_is(AFTER_PHASE)
    with pytest.raises(WorkflowError, match="已截止"):
        manual_score_save(item=item, actor=evaluator_user, points=3, submit=True, note="x")
    with pytest.raises(WorkflowError):
        manual_score_save(item=item, actor=evaluator_user, points=3, submit=True, note="x",
                          override_reason="评估员不能越权")
    with pytest.raises(WorkflowError):
        manual_score_save(item=item, actor=admin_user, points=3, submit=True, note="x")
    manual_score_save(item=item, actor=admin_user, points=3, submit=True, note="x", override_reason="补录纸质记录")
    assert leaf(item).points == 3
    assert AuditEntry.objects.filter(action="phase.override", reason="补录纸质记录").exists()


# --- evidence uploads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "ext"), [(PNG_BYTES, "png"), (JPEG_BYTES, "jpg"), (WEBP_BYTES, "webp")])
def test_screenshot_types_accepted_and_renamed_by_content(item, evaluator_user, data, ext):
    score = manual_score_save(
        item=item, actor=evaluator_user, points=10, submit=True, screenshot=upload("../../evil name.gif", data)
    )
    assert score.screenshot.name.endswith(f".{ext}") and "evil" not in score.screenshot.name
    assert score.screenshot.read() == data


@pytest.mark.parametrize(
    "bad",
    [
        upload("shot.png", HTML_BYTES),  # an HTML page named .png
        upload("shot.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),  # a document is no screenshot
        upload("shot.png", b""),
    ],
    ids=["html_as_png", "pdf", "empty"],
)
def test_bad_screenshot_refused_and_nothing_stored(item, evaluator_user, bad):
    with pytest.raises(ValidationError) as exc:
        manual_score_save(item=item, actor=evaluator_user, points=10, submit=True, screenshot=bad, note="x")
    assert "screenshot" in exc.value.message_dict
    assert not ManualScore.objects.exists() and leaf(item) is None


def test_oversized_screenshot_refused(item, evaluator_user, settings):
    settings.DGEVAL_UPLOAD_MAX_BYTES = 1024
    big = upload("big.png", PNG_BYTES + b"\x00" * 2048)
    with pytest.raises(ValidationError, match="文件过大"):
        manual_score_save(item=item, actor=evaluator_user, points=10, submit=True, screenshot=big)
    assert not ManualScore.objects.exists()


# --- double scoring ----------------------------------------------------------------------------------------------


def test_first_of_two_scores_waits_for_the_other(double_item, evaluator_user):
    manual_score_save(item=double_item, actor=evaluator_user, points=16, submit=True, note="x")
    double_item.refresh_from_db()
    assert double_item.status == WorkItemStatus.SUBMITTED and leaf(double_item) is None


@pytest.mark.parametrize(
    ("first", "second", "expected_mean"),
    [(16, 19.5, 17.75), (16, 20, 18.0), (20, 16, 18.0), (0, 4, 2.0)],  # |diff| <= 4 = 20 % of 20
)
def test_scores_within_margin_agree_on_the_mean(double_item, evaluator_user, evaluator2, first, second, expected_mean):
    manual_score_save(item=double_item, actor=evaluator_user, points=first, submit=True, note="x")
    manual_score_save(item=double_item, actor=evaluator2, points=second, submit=True, note="y")
    double_item.refresh_from_db()
    assert double_item.status == WorkItemStatus.DONE
    assert double_item.final_score.kind == ScoreKind.CONSENSUS
    stored = leaf(double_item)
    assert stored.points == expected_mean and person_part(double_item).source == double_item
    assert len(evidence(person_part(double_item))) == 3  # both scores and their mean


@pytest.mark.parametrize(("first", "second"), [(10, 19), (15.9, 20), (4.1, 0)])
def test_scores_beyond_margin_need_reconciliation(double_item, evaluator_user, evaluator2, first, second):
    manual_score_save(item=double_item, actor=evaluator_user, points=first, submit=True, note="x")
    manual_score_save(item=double_item, actor=evaluator2, points=second, submit=True, note="y")
    double_item.refresh_from_db()
    assert double_item.status == WorkItemStatus.NEEDS_RECONCILE and leaf(double_item) is None


def test_campaign_margin_is_a_setting(double_item, campaign_2020, admin_user, evaluator_user, evaluator2):
    collection_policy_set(campaign=campaign_2020, reconcile_margin_percent=10, actor=admin_user, reason="从严")
    manual_score_save(item=double_item, actor=evaluator_user, points=16, submit=True, note="x")
    manual_score_save(item=double_item, actor=evaluator2, points=19, submit=True, note="y")  # 3 > 2 = 10 % of 20
    double_item.refresh_from_db()
    assert double_item.status == WorkItemStatus.NEEDS_RECONCILE
    assert AuditEntry.objects.filter(action="collection.policy_set", reason="从严").exists()


def test_scores_lock_once_both_are_in(disputed_item, evaluator_user):
    with pytest.raises(WorkflowError, match="已锁定"):
        manual_score_save(item=disputed_item, actor=evaluator_user, points=15, submit=True, note="改")


def test_admin_scores_double_items_only_through_reconciliation(double_item, admin_user):
    with pytest.raises(WorkflowError, match="复核"):
        manual_score_save(item=double_item, actor=admin_user, points=15, submit=True, note="x")


def test_admin_reconciles_with_reason(disputed_item, admin_user):
    with pytest.raises(ValidationError, match="理由"):
        work_item_reconcile(item=disputed_item, actor=admin_user, points=15, reason=" ")
    with pytest.raises(ValidationError):
        work_item_reconcile(item=disputed_item, actor=admin_user, points=21, reason="超出")
    score = work_item_reconcile(item=disputed_item, actor=admin_user, points=15, reason="核对栏目后取 15 分")
    disputed_item.refresh_from_db()
    assert disputed_item.status == WorkItemStatus.DONE and disputed_item.final_score == score
    stored = leaf(disputed_item)
    part = person_part(disputed_item)
    assert stored.points == 15 and part.reason == "核对栏目后取 15 分"
    assert [s.points for s in evidence(part)] == [10, 19, 15]  # both values kept, with the decision
    assert AuditEntry.objects.filter(action="collection.reconcile", reason="核对栏目后取 15 分").exists()


@pytest.mark.parametrize("who", ["evaluator_user", "evaluator2", "expert_user", "webmaster_user"])
def test_assignees_and_others_cannot_reconcile(request, disputed_item, who):
    with pytest.raises(PermissionDenied):
        work_item_reconcile(item=disputed_item, actor=request.getfixturevalue(who), points=15, reason="r")


def test_designated_third_evaluator_reconciles(disputed_item, admin_user, evaluator_user, evaluator2, evaluator3):
    item = work_item_assign(item=disputed_item, assignee=evaluator_user, second_assignee=evaluator2,
                            reconciler=evaluator3, actor=admin_user)
    work_item_reconcile(item=item, actor=evaluator3, points=14, reason="第三人复核")
    assert leaf(item).points == 14


def test_reconcile_refused_when_nothing_to_reconcile(double_item, item, admin_user):
    with pytest.raises(WorkflowError):
        work_item_reconcile(item=double_item, actor=admin_user, points=10, reason="r")
    with pytest.raises(WorkflowError, match="双人评分"):
        work_item_reconcile(item=item, actor=admin_user, points=10, reason="r")


def test_assignees_fixed_once_a_score_is_submitted(disputed_item, admin_user, evaluator_user, evaluator3):
    with pytest.raises(WorkflowError, match="不能再更换"):
        work_item_assign(item=disputed_item, assignee=evaluator3, second_assignee=evaluator_user, actor=admin_user)


# --- the part of a leaf the monitor shares ------------------------------------------------------------------------


@pytest.fixture
def shared_item(campaign_2020, county_target, admin_user, evaluator_user, in_phase) -> WorkItem:
    """标识规范 (weight 3) of the county after a scan that observed 70 % of it: 0.9 points are manual collection's."""
    _monitor_observed(campaign_2020, county_target, "management.identification", 0.7, fraction=0.5)
    (created,) = work_items_generate(campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user],
                                     actor=admin_user, codes=["management.identification"])
    return created


def test_manual_points_are_capped_at_the_manual_part(shared_item, evaluator_user):
    with pytest.raises(ValidationError) as exc:
        manual_score_save(item=shared_item, actor=evaluator_user, points=1.0, submit=True, note="n")
    assert "本部分满分 0.9 分" in " ".join(exc.value.message_dict["points"])
    manual_score_save(item=shared_item, actor=evaluator_user, points=0.8, submit=True, note="主办单位信息齐全")
    stored = leaf(shared_item)
    assert stored.points == pytest.approx(1.5 + 0.8)
    assert {(p.slot, p.max_points) for p in stored.parts.all()} == {("monitor", 2.1), ("person", 0.9)}


def test_a_scan_observing_less_asks_for_a_new_score(shared_item, campaign_2020, county_target, evaluator_user):
    from dgeval.web.collection.selectors import item_scopes

    manual_score_save(item=shared_item, actor=evaluator_user, points=0.8, submit=True, note="n")
    _monitor_observed(campaign_2020, county_target, "management.identification", 0.5)
    scope = item_scopes(items=[shared_item])[shared_item.pk]
    assert scope.maximum == pytest.approx(1.5) and scope.rescore and not scope.scored_elsewhere
    manual_score_save(item=shared_item, actor=evaluator_user, points=1.2, submit=True, note="补评")
    scope = item_scopes(items=[shared_item])[shared_item.pk]
    assert not scope.rescore and leaf(shared_item).points == pytest.approx(1.5 + 1.2)


def test_an_override_shows_on_the_item_and_a_new_score_replaces_it(shared_item, campaign_2020, county_target,
                                                                   evaluator_user, admin_user):
    from dgeval.web.collection.selectors import item_scopes

    leaf_override_set(campaign=campaign_2020, target=county_target, framework="local_site", column="county",
                      code="management.identification", points=2.0, actor=admin_user, reason="整项核定")
    assert item_scopes(items=[shared_item])[shared_item.pk].scored_elsewhere
    manual_score_save(item=shared_item, actor=evaluator_user, points=0.9, submit=True, note="按人工部分评分")
    assert person_part(shared_item).source == shared_item and leaf(shared_item).points == pytest.approx(1.5 + 0.9)


# --- a third scorer decides two scores that differ ------------------------------------------------------------


def test_a_third_evaluator_is_named_when_the_scores_differ(double_item, evaluator_user, evaluator2, evaluator3):
    manual_score_save(item=double_item, actor=evaluator_user, points=10, submit=True, note="x")
    manual_score_save(item=double_item, actor=evaluator2, points=19, submit=True, note="y")
    double_item.refresh_from_db()
    assert double_item.status == WorkItemStatus.NEEDS_RECONCILE and double_item.reconciler == evaluator3
    entry = AuditEntry.objects.get(action="collection.reconciler_assign")
    assert entry.actor is None and entry.after["reconciler"] == evaluator3.pk


def test_the_least_busy_third_evaluator_is_named(double_item, campaign_2020, province_target, admin_user,
                                                 evaluator_user, evaluator2, evaluator3):
    from dgeval.web.accounts.services import user_create

    evaluator4 = user_create(username="evaluator4", password="correct-horse-battery-45", role="evaluator")
    (busy,) = work_items_generate(campaign=campaign_2020, targets=[province_target], actor=admin_user,
                                  evaluators=[evaluator_user, evaluator2], double=True, codes=["info.three_battles"])
    for item in (busy, double_item):
        manual_score_save(item=item, actor=evaluator_user, points=0, submit=True, note="x")
        manual_score_save(item=item, actor=evaluator2, points=item_max_points(item), submit=True, note="y")
    busy.refresh_from_db()
    double_item.refresh_from_db()
    assert {busy.reconciler, double_item.reconciler} == {evaluator3, evaluator4}


def test_without_a_third_evaluator_the_admin_decides(disputed_item, admin_user):
    assert disputed_item.reconciler is None and disputed_item.status == WorkItemStatus.NEEDS_RECONCILE
    work_item_reconcile(item=disputed_item, actor=admin_user, points=14, reason="管理员裁定")
    disputed_item.refresh_from_db()
    assert disputed_item.status == WorkItemStatus.DONE


def test_admin_names_the_third_scorer(disputed_item, admin_user, evaluator_user, evaluator3):
    with pytest.raises(ValidationError, match="第三人"):
        work_item_reconciler_assign(item=disputed_item, reconciler=evaluator_user, actor=admin_user)
    with pytest.raises(PermissionDenied):
        work_item_reconciler_assign(item=disputed_item, reconciler=evaluator3, actor=evaluator_user)
    item = work_item_reconciler_assign(item=disputed_item, reconciler=evaluator3, actor=admin_user, reason="熟悉该栏目")
    assert item.reconciler == evaluator3
    assert AuditEntry.objects.filter(action="collection.reconciler_assign", reason="熟悉该栏目").exists()
    score = work_item_reconcile(item=item, actor=evaluator3, points=16, reason="第三人裁定")
    assert [s.points for s in evidence(person_part(item))] == [10, 19, 16] and score.kind == ScoreKind.RECONCILIATION
    with pytest.raises(WorkflowError, match="已完成"):
        work_item_reconciler_assign(item=item, reconciler=evaluator3, actor=admin_user)


def test_the_third_scorer_decides_only_while_the_item_waits(disputed_item, admin_user, evaluator3):
    item = work_item_reconciler_assign(item=disputed_item, reconciler=evaluator3, actor=admin_user)
    work_item_reconcile(item=item, actor=evaluator3, points=16, reason="第三人裁定")
    with pytest.raises(WorkflowError, match="不能复核"):
        work_item_reconcile(item=item, actor=evaluator3, points=12, reason="再改")
    work_item_reconcile(item=item, actor=admin_user, points=12, reason="管理员更正")  # the lead may correct
    assert leaf(item).points == 12


def test_a_single_item_needs_no_third_scorer(item, admin_user, evaluator3):
    with pytest.raises(WorkflowError, match="只有双人评分"):
        work_item_reconciler_assign(item=item, reconciler=evaluator3, actor=admin_user)

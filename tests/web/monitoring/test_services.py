"""Monitoring services: scans store findings, review, rectification + recheck, appeals, findings → leaf points."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.framework import load_framework
from dgeval.framework.rules import load_finding_rules
from dgeval.monitor.model import Finding
from dgeval.web.audit.models import AuditEntry
from dgeval.web.monitoring.models import AppealStatus, FindingRecord, FindingStatus, RunStatus, RunTarget
from dgeval.web.monitoring.services import (
    appeal_create,
    appeal_decide,
    appeal_reopen,
    finding_points_apply,
    finding_rectify,
    finding_review,
    findings_store,
    scan_options,
    scan_run_create,
    scan_run_execute,
)
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.selectors import manual_part_max
from dgeval.web.scores.services import scores_compute

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

PRIVACY = dict(framework="local_site", column="county", code="management.privacy")


def _scan(campaign, targets, actor):
    run = scan_run_create(campaign=campaign, kind="scan", targets=targets, actor=actor,
                          options=scan_options(external="skip", as_of=AS_OF, max_pages=200))
    return scan_run_execute(run_id=run.pk)


@pytest.fixture
def scanned(campaign_2020, demo_target, evaluator_user):
    return _scan(campaign_2020, [demo_target], evaluator_user)


def _leak(campaign, target):
    return FindingRecord.objects.filter(campaign=campaign, target=target, check_name="id_number_leak").first()


def test_scan_stores_findings_with_warc_and_progress(scanned, campaign_2020, demo_target):
    assert scanned.status == RunStatus.DONE
    assert (scanned.progress_done, scanned.progress_total) == (1, 1)
    part = RunTarget.objects.get(run=scanned)
    assert part.pages > 10 and part.warc_path.endswith(".warc.gz")
    checks = set(FindingRecord.objects.filter(target=demo_target).values_list("check_name", flat=True))
    assert {"id_number_leak", "stale_column", "blank_column"} <= checks
    assert not FindingRecord.objects.filter(severity="info").exists()
    assert set(FindingRecord.objects.values_list("status", flat=True)) == {FindingStatus.PENDING}


def test_scan_stores_what_each_check_observed(scanned, campaign_2020, demo_target):
    part = RunTarget.objects.get(run=scanned)
    # dongshan leaks an ID number and shows its footer marks: those checks observed something.
    assert part.observed["id_number_leak"] >= 1 and part.observed["missing_icp"] >= 1
    assert all(count > 0 for count in part.observed.values())


def _outcome(campaign, target, code="management.privacy"):
    """The rules' verdict on CODE from the stored observations and confirmed findings (what the part must hold)."""
    rules = load_finding_rules(2020)
    fw = load_framework("local_site", 2020)
    observed = RunTarget.objects.filter(target=target).latest("pk").observed
    counted = FindingRecord.objects.filter(campaign=campaign, target=target, status__in=("confirmed", "rectified"))
    counts = {}
    for record in counted:
        counts[record.check_name] = counts.get(record.check_name, 0) + 1
    return rules.leaf_outcomes(fw, "county", observed, counts)[code]


def test_points_only_for_what_was_observed_and_pending_findings_cost_nothing(
        scanned, campaign_2020, demo_target, evaluator_user):
    weight = load_framework("local_site", 2020).indicator("management.privacy").weight("county")
    leaf = LeafScore.objects.get(campaign=campaign_2020, target=demo_target, **PRIVACY)
    part = leaf.parts.get(slot="monitor")
    outcome = _outcome(campaign_2020, demo_target)
    # Nothing confirmed yet: clean for the observed share only, never the whole leaf.
    assert leaf.state == "clean" and outcome.state == "clean"
    assert part.max_points == pytest.approx(outcome.share * weight) and part.points == part.max_points
    assert part.max_points < weight and part.source.run_id == scanned.pk
    leak = _leak(campaign_2020, demo_target)
    finding_review(finding=leak, status="confirmed", actor=evaluator_user)
    leaf.refresh_from_db()
    part = leaf.parts.get(slot="monitor")
    outcome = _outcome(campaign_2020, demo_target)
    assert leaf.state == "deducted" and part.points == pytest.approx(outcome.fraction * weight)
    assert part.points < part.max_points and [e.record for e in part.evidence.all()] == [leak]
    assert {c["check"]: c["state"] for c in part.detail["checks"]}["id_number_leak"] == "deducted"
    entry = AuditEntry.objects.filter(action="finding.review").get()
    assert entry.actor == evaluator_user and entry.before["status"] == "pending" and entry.after["status"] == "confirmed"


def test_a_leaf_no_check_observed_goes_to_manual_collection(campaign_2020, county_target, evaluator_user):
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=evaluator_user)
    RunTarget.objects.filter(run=run).update(status=RunStatus.DONE, observed={"wrong_word": 3},
                                             finished_at=timezone.now())
    finding_points_apply(campaign=campaign_2020, target=county_target, actor=None)
    privacy = LeafScore.objects.get(campaign=campaign_2020, target=county_target, **PRIVACY)
    part = privacy.parts.get()
    assert (privacy.state, privacy.points, part.points, part.max_points) == ("not_observed", 0, 0, 0)
    assert part.source.run_id == run.pk
    assert manual_part_max(campaign=campaign_2020, target=county_target, **PRIVACY) == 1.0  # the whole leaf
    daily = LeafScore.objects.get(campaign=campaign_2020, target=county_target, code="management.daily_operation")
    share = load_finding_rules(2020).rule("wrong_word").share
    assert daily.state == "clean" and daily.parts.get().max_points == pytest.approx(share * 2)
    ranking = scores_compute(campaign=campaign_2020, framework="local_site", column="county")
    assert "management.privacy" in ranking[0].missing and "management.daily_operation" not in ranking[0].missing


def test_false_positive_needs_a_reason(scanned, campaign_2020, demo_target, evaluator_user):
    leak = _leak(campaign_2020, demo_target)
    with pytest.raises(ValidationError):
        finding_review(finding=leak, status="false_positive", actor=evaluator_user, reason=" ")
    finding_review(finding=leak, status="false_positive", actor=evaluator_user, reason="测试数据")
    leak.refresh_from_db()
    assert (leak.status, leak.review_reason, leak.reviewed_by) == ("false_positive", "测试数据", evaluator_user)


def test_webmaster_cannot_review(scanned, campaign_2020, demo_target, webmaster_user):
    with pytest.raises(PermissionDenied):
        finding_review(finding=_leak(campaign_2020, demo_target), status="confirmed", actor=webmaster_user)


def test_rescan_deduplicates_and_keeps_review(scanned, campaign_2020, demo_target, evaluator_user):
    before = FindingRecord.objects.count()
    leak = _leak(campaign_2020, demo_target)
    finding_review(finding=leak, status="confirmed", actor=evaluator_user)
    second = _scan(campaign_2020, [demo_target], evaluator_user)
    assert FindingRecord.objects.count() == before
    leak.refresh_from_db()
    assert leak.status == "confirmed" and leak.run_id == scanned.pk and leak.last_run_id == second.pk


def test_manual_score_is_not_overwritten_by_findings(scanned, campaign_2020, demo_target, evaluator_user):
    from dgeval.web.scores.services import leaf_score_set

    leaf_score_set(campaign=campaign_2020, target=demo_target, points=0.5, source_kind="manual", source_id="7",
                   actor=evaluator_user, **PRIVACY)
    finding_review(finding=_leak(campaign_2020, demo_target), status="confirmed", actor=evaluator_user)
    leaf = LeafScore.objects.get(campaign=campaign_2020, target=demo_target, **PRIVACY)
    assert leaf.points == 0.5 and leaf.state == "deducted"  # the state is shown; the person's score stands
    assert leaf.parts.get(slot="monitor").max_points == 0


# -- rectification and recheck (findings_store is what every scan calls) ------------------------------------------


def _finding(value: str) -> Finding:
    return Finding(check="wrong_word", url="http://127.0.0.1:1/a.html", page="http://127.0.0.1:1/a.html",
                   value=value, severity="high", leaves=("management.daily_operation",))


@pytest.fixture
def confirmed(campaign_2020, county_target, evaluator_user):
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=evaluator_user)
    findings_store(run=run, target=county_target, findings=[_finding("中华人民共合国")], observed={"wrong_word": 1})
    record = FindingRecord.objects.get()
    finding_review(finding=record, status="confirmed", actor=evaluator_user)
    record.refresh_from_db()
    return record


def test_only_the_targets_webmaster_rectifies_with_a_note(confirmed, evaluator_user, webmaster_user):
    with pytest.raises(PermissionDenied):
        finding_rectify(finding=confirmed, actor=evaluator_user, note="已改")
    with pytest.raises(ValidationError):
        finding_rectify(finding=confirmed, actor=webmaster_user, note="")
    finding_rectify(finding=confirmed, actor=webmaster_user, note="已改正错别字")
    confirmed.refresh_from_db()
    assert confirmed.status == "rectified" and confirmed.rectified_note == "已改正错别字"
    with pytest.raises(WorkflowError):
        finding_rectify(finding=confirmed, actor=webmaster_user, note="再次")


def test_recheck_closes_rectified_finding_no_longer_found(confirmed, campaign_2020, county_target, webmaster_user):
    finding_rectify(finding=confirmed, actor=webmaster_user, note="已改")
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=None)
    findings_store(run=run, target=county_target, findings=[], observed={"wrong_word": 1})
    confirmed.refresh_from_db()
    assert confirmed.status == "closed"
    assert AuditEntry.objects.filter(action="finding.close", object_id=str(confirmed.pk)).exists()


@pytest.mark.parametrize("observed", [{"broken_link": 1}, {"wrong_word": 0}, {}])
def test_recheck_keeps_rectified_when_its_check_observed_nothing(confirmed, campaign_2020, county_target,
                                                                 webmaster_user, observed):
    finding_rectify(finding=confirmed, actor=webmaster_user, note="已改")
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=None)
    findings_store(run=run, target=county_target, findings=[], observed=observed)
    confirmed.refresh_from_db()
    assert confirmed.status == "rectified"


def test_recheck_reopens_rectified_finding_still_there(confirmed, campaign_2020, county_target, webmaster_user):
    finding_rectify(finding=confirmed, actor=webmaster_user, note="已改")
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=None)
    findings_store(run=run, target=county_target, findings=[_finding("中华人民共合国")], observed={"wrong_word": 1})
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed"
    assert AuditEntry.objects.filter(action="finding.reopen", object_id=str(confirmed.pk)).exists()


# -- appeals --------------------------------------------------------------------------------------------------------


def test_appeal_upheld_turns_finding_into_false_positive(confirmed, webmaster_user, admin_user):
    appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="该词为引用原文")
    with pytest.raises(WorkflowError):
        appeal_create(finding=confirmed, actor=webmaster_user, reason="重复申诉")
    appeal_decide(appeal=appeal, actor=admin_user, upheld=True, reason="引用原文，不计")
    appeal.refresh_from_db()
    confirmed.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD and appeal.decided_by == admin_user
    assert confirmed.status == "false_positive"
    assert {"appeal.create", "appeal.decide", "finding.appeal_upheld"} <= set(
        AuditEntry.objects.values_list("action", flat=True))


def test_appeal_rejected_leaves_finding_confirmed(confirmed, webmaster_user, expert_user):
    appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="不同意")
    appeal_decide(appeal=appeal, actor=expert_user, upheld=False, reason="确属错别字")
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed"
    with pytest.raises(WorkflowError):
        appeal_decide(appeal=appeal, actor=expert_user, upheld=True, reason="改判")


def test_evaluator_cannot_decide_and_other_webmaster_cannot_appeal(confirmed, webmaster_user, evaluator_user,
                                                                   province_target):
    from dgeval.web.accounts.roles import Role
    from dgeval.web.accounts.services import user_create

    other = user_create(username="zj", password="correct-horse-battery-42", role=Role.WEBMASTER,
                        target=province_target)
    with pytest.raises(PermissionDenied):
        appeal_create(finding=confirmed, actor=other, reason="x")
    appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="x")
    with pytest.raises(PermissionDenied):
        appeal_decide(appeal=appeal, actor=evaluator_user, upheld=True, reason="x")


# -- a ruling is final -----------------------------------------------------------------------------------------


@pytest.fixture
def ruled(confirmed, webmaster_user, expert_user):
    """CONFIRMED after an appeal the expert rejected: the ruling binds the finding."""
    appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="不同意")
    return appeal_decide(appeal=appeal, actor=expert_user, upheld=False, reason="确属错别字")


@pytest.mark.parametrize("status", ["false_positive", "doubtful", "confirmed"])
def test_no_review_after_a_ruling(ruled, confirmed, evaluator_user, admin_user, status):
    for who in (evaluator_user, admin_user):
        with pytest.raises(WorkflowError, match="裁决为终局"):
            finding_review(finding=confirmed, status=status, actor=who, reason="改判")
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed" and not AuditEntry.objects.filter(action="finding.review",
                                                                            reason="改判").exists()


def test_no_second_appeal_after_a_ruling(ruled, confirmed, webmaster_user):
    with pytest.raises(WorkflowError, match="裁决为终局"):
        appeal_create(finding=confirmed, actor=webmaster_user, reason="再次申诉")


def test_an_upheld_ruling_is_final_too(confirmed, webmaster_user, admin_user, evaluator_user):
    appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="引用原文")
    appeal_decide(appeal=appeal, actor=admin_user, upheld=True, reason="引用原文，不计")
    with pytest.raises(WorkflowError, match="申诉成立"):
        finding_review(finding=confirmed, status="confirmed", actor=evaluator_user)


@pytest.mark.parametrize("who", ["expert_user", "evaluator_user", "webmaster_user"])
def test_only_an_admin_reopens_a_ruling(request, ruled, who):
    with pytest.raises(PermissionDenied):
        appeal_reopen(appeal=ruled, actor=request.getfixturevalue(who), reason="x")
    ruled.refresh_from_db()
    assert ruled.status == AppealStatus.REJECTED


def test_reopening_needs_a_reason_and_a_ruling(ruled, confirmed, admin_user, webmaster_user):
    with pytest.raises(ValidationError):
        appeal_reopen(appeal=ruled, actor=admin_user, reason="  ")
    appeal_reopen(appeal=ruled, actor=admin_user, reason="专家复议：原文引自上级文件")
    with pytest.raises(WorkflowError, match="只有已裁决的申诉"):
        appeal_reopen(appeal=ruled, actor=admin_user, reason="再次撤回")
    open_appeal = appeal_create(finding=confirmed, actor=webmaster_user, reason="补充材料后再次申诉")
    with pytest.raises(WorkflowError, match="只有已裁决的申诉"):
        appeal_reopen(appeal=open_appeal, actor=admin_user, reason="x")


def test_a_reopened_ruling_names_who_and_why_and_allows_review(ruled, confirmed, admin_user, evaluator_user):
    appeal_reopen(appeal=ruled, actor=admin_user, reason="专家复议：原文引自上级文件")
    ruled.refresh_from_db()
    assert (ruled.status, ruled.reopened_by, ruled.reopen_reason) == (
        AppealStatus.REOPENED, admin_user, "专家复议：原文引自上级文件")
    entry = AuditEntry.objects.get(action="appeal.reopen")
    assert entry.actor == admin_user and entry.before["status"] == "rejected" and entry.after["status"] == "reopened"
    assert entry.reason == "专家复议：原文引自上级文件"
    finding_review(finding=confirmed, status="false_positive", actor=evaluator_user, reason="引自上级文件，不计")
    confirmed.refresh_from_db()
    assert confirmed.status == "false_positive"


def test_scan_outside_the_monitoring_phase_is_refused(campaign_2020, county_target, evaluator_user, settings):
    import datetime as dt

    settings.DGEVAL_TODAY = dt.date(2020, 12, 5)
    with pytest.raises(WorkflowError):
        scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=evaluator_user)


def test_unreachable_target_fails_alone(campaign_2020, demo_target, city_target, evaluator_user):
    city_target.website_url = "http://127.0.0.1:9/"  # discard port: nothing listens
    city_target.save()
    run = _scan(campaign_2020, [demo_target, city_target], evaluator_user)
    assert run.status == RunStatus.DONE and run.progress_done == 2
    parts = {p.target_id: p for p in RunTarget.objects.filter(run=run)}
    assert parts[city_target.pk].status == RunStatus.FAILED and parts[city_target.pk].error
    assert parts[demo_target.pk].status == RunStatus.DONE

"""Findings → leaf points: the monitor's part of each leaf, from what its checks observed and the findings counted.

The finding rules (`dgeval.framework.rules`, data of the campaign's year) give each leaf a state and a fraction of its
weight; this module writes them as the monitor's part through `scores.services.score_part_set`, with the target's
latest scan as the source and the counted findings as evidence. The scheduled probes are one more source of the same
part (rule `availability`): their count over the 系统监测 window is what they observed, and each whole percent of
故障率 one finding. Manual collection scores the rest of the leaf.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dgeval.framework.rules import LeafOutcome
from dgeval.monitor import availability
from dgeval.monitor.checks import CHECK_MODULES
from dgeval.web.accounts.roles import TEAM_ROLES, role_of
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import phase_get, today
from dgeval.web.common.frameworks import finding_rules_for, framework_for
from dgeval.web.monitoring.labels import check_title
from dgeval.web.monitoring.models import FindingRecord, FindingStatus, RunKind, RunStatus, RunTarget
from dgeval.web.scores.models import LeafState, ScorePart, SourceKind
from dgeval.web.scores.services import outcome_part_set

#: Findings that cost points: confirmed ones, and rectified ones until a recheck has closed them.
COUNTED_STATUSES = (FindingStatus.CONFIRMED, FindingStatus.RECTIFIED)


def latest_scan(*, campaign: Any, target: Any) -> RunTarget | None:
    """The target's latest finished scan: the one whose observations the points rest on."""
    return (RunTarget.objects.filter(run__campaign=campaign, target=target, run__kind=RunKind.SCAN,
                                     status=RunStatus.DONE)
            .order_by("-finished_at", "-pk").first())


def finding_points_apply(*, campaign: Any, target: Any, actor: Any) -> list[ScorePart]:
    """Write the monitor's part of every rule-covered leaf of TARGET, in every evaluation it takes part in.

    Only what the latest scan observed earns points: a leaf none of whose checks observed enough is `not_observed`,
    with a part of 0 out of 0 that names the run, and its whole weight goes to manual collection. Otherwise the part
    covers the observed share of the weight, less what the counted findings (confirmed, or rectified and not yet
    rechecked) take. A person's part of the same leaf is never touched; the monitor's part fits into what it leaves.
    """
    last = latest_scan(campaign=campaign, target=target)
    if last is None:
        return []
    # The monitor speaks for its own checks and probes only: a target's new-media leaves are the new-media checks'.
    rules = finding_rules_for(campaign).only((*CHECK_MODULES, availability.NAME))
    counted: dict[str, list[FindingRecord]] = {}
    for record in FindingRecord.objects.filter(campaign=campaign, target=target,
                                               status__in=COUNTED_STATUSES).order_by("pk"):
        counted.setdefault(record.check_name, []).append(record)
    counts = {check: len(records) for check, records in counted.items()}
    observed = dict(last.observed)
    window = monitoring_availability(campaign=campaign, target=target)
    if window is not None:
        observed[availability.NAME] = window.summary.probes
        counts[availability.NAME] = window.summary.counted
    writer = actor if role_of(actor) in TEAM_ROLES else None
    written: list[ScorePart] = []
    for framework, column in target.evaluations(campaign):
        fw = framework_for(campaign=campaign, framework=framework)
        for outcome in rules.leaf_outcomes(fw, column, observed, counts).values():
            evidence = [record for check in outcome.deductions for record in counted.get(check, [])]
            written.append(outcome_part_set(
                campaign=campaign, target=target, framework=framework, column=column, outcome=outcome, rules=rules,
                check_title=check_title, source_kind=SourceKind.FINDING, source=last, evidence=evidence,
                actor=writer, reason=_reason(outcome, last),
            ))
    return written


def monitoring_availability(*, campaign: Any, target: Any) -> Any:
    """故障率 of TARGET from the start of the 系统监测 phase to today (its end at the latest); None before it."""
    from dgeval.web.monitoring.selectors import availability as availability_window

    phase = phase_get(campaign, PhaseKind.MONITORING)
    if phase is None:
        return None
    end = min(today(), phase.ends_on)
    if end < phase.starts_on:
        return None
    return availability_window(campaign=campaign, target=target, end=end, days=(end - phase.starts_on).days + 1)


def _reason(outcome: LeafOutcome, run: RunTarget) -> str:
    """One line saying what the monitor did with the leaf, in the words of its state."""
    state = str(LeafState(outcome.state).label)
    if outcome.state == LeafState.DEDUCTED:
        lost = "；".join(_("%(title)s −%(share)s") % {"title": check_title(check), "share": f"{share:.0%}"}
                        for check, share in outcome.deductions.items())
        return _("系统监测（监测任务 #%(run)s）%(state)s：%(lost)s（占分值）") % {
            "run": run.run_id, "state": state, "lost": lost}
    return _("系统监测（监测任务 #%(run)s）%(state)s") % {"run": run.run_id, "state": state}

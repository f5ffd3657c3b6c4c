"""Every state change of the case chain is in the audit log, under an action the log pages can name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dgeval.web.audit.labels import ACTION_LABELS
from dgeval.web.audit.models import AuditEntry
from dgeval.web.awards.services import cases_decide
from dgeval.web.cases.policy import case_policy_set
from dgeval.web.voting.models import Vote
from dgeval.web.voting.services import votes_void

APPS = Path(__file__).resolve().parents[3] / "src" / "dgeval" / "web"


def test_every_action_the_apps_record_has_a_chinese_label():
    actions = set()
    for app in ("cases", "voting", "awards"):
        for source in (APPS / app).glob("*.py"):
            actions.update(re.findall(r'action="([a-z_.]+)"', source.read_text("utf-8")))
            actions.update(re.findall(r'action = "([a-z_.]+)" if', source.read_text("utf-8")))
    assert len(actions) >= 20
    assert sorted(a for a in actions if a not in ACTION_LABELS) == []


@pytest.mark.django_db
def test_the_whole_chain_is_audited(closed_round, shortlisted_cases, admin_user):
    case_policy_set(campaign=closed_round.campaign, actor=admin_user, reason="按评审会决定", expert_weight=0.6,
                    public_weight=0.4)
    votes_void(vote_round=closed_round, vote_ids=[Vote.objects.first().pk], actor=admin_user, reason="核实为重复")
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[shortlisted_cases[0].pk],
                 actor=admin_user)
    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "case.expert_profile_set", "case.nomination_submit", "case.screen", "case.assign_auto", "case.review_submit",
        "case.shortlist", "vote.round_create", "vote.round_publish", "vote.voter_verify", "vote.cast", "vote.void",
        "case.policy_set", "award.decide", "case.select", "score.set",
    } <= recorded
    # One entry per case and step, never a silent change.
    assert AuditEntry.objects.filter(action="case.screen").count() == 2
    assert AuditEntry.objects.filter(action="case.review_submit").count() == 6
    assert AuditEntry.objects.filter(action="vote.cast").count() == 4

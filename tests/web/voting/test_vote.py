"""The public vote: published rules, verification, one vote per person per case per day, limits, voiding, export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.voting import selectors
from dgeval.web.voting.models import VerificationCode, Vote
from dgeval.web.voting.services import round_create, round_publish, votes_void
from dgeval.web.voting.verification import EmailCodeVerifier

from .conftest import CLOSES, OPENS
from .helpers import captcha_fields, cast, verify

pytestmark = pytest.mark.django_db


def test_a_round_opens_after_today_with_shortlisted_cases_only(shortlisted_cases, admin_user):
    campaign = shortlisted_cases[0].campaign
    shortlisted_cases[1].status = "under_review"
    shortlisted_cases[1].save()
    with pytest.raises(ValidationError, match="晚于今天"):
        round_create(campaign=campaign, title="t", rules="r", opens_on=date(2020, 11, 20), closes_on=CLOSES,
                     cases=shortlisted_cases, actor=admin_user)
    with pytest.raises(ValidationError, match="已入围"):
        round_create(campaign=campaign, title="t", rules="r", opens_on=OPENS, closes_on=CLOSES,
                     cases=shortlisted_cases, actor=admin_user)


def test_rules_are_public_before_opening_and_frozen_after(vote_round, admin_user, client, today_is):
    page = client.get(reverse("vote:round", args=[vote_round.pk]))
    assert page.status_code == 200 and "每人每天对每个案例限投 1 票" in page.text and "规则已公布" in page.text
    assert 'name="identity"' not in page.text  # not open yet
    draft = round_create(campaign=vote_round.campaign, title="第二轮", rules="规则", opens_on=date(2020, 11, 25),
                         closes_on=CLOSES, cases=list(vote_round.cases.all()), actor=admin_user)
    assert client.get(reverse("vote:round", args=[draft.pk])).status_code == 403
    today_is(date(2020, 11, 25))
    with pytest.raises(WorkflowError, match="投票开始后"):
        round_publish(vote_round=draft, actor=admin_user)
    assert AuditEntry.objects.filter(action="vote.round_publish").count() == 1


def test_one_vote_per_person_per_case_per_day(open_round, shortlisted_cases, client, today_is):
    first, second = shortlisted_cases
    verify(client, open_round, "Wang.Fang+vote@Example.com")
    assert cast(client, open_round, first).status_code == 302
    again = cast(client, open_round, first)
    assert again.status_code == 409 and "今天已为" in again.text
    assert cast(client, open_round, second).status_code == 302
    other_browser = Client()
    VerificationCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))  # past the resend pause
    verify(other_browser, open_round, "wang.fang@example.com")  # same mailbox: same person
    assert cast(other_browser, open_round, first).status_code == 409
    today_is(OPENS + timedelta(days=2))
    assert cast(client, open_round, first).status_code == 302
    assert selectors.vote_counts(vote_round=open_round) == {first.pk: 2, second.pk: 1}
    assert AuditEntry.objects.filter(action="vote.cast").count() == 3


def test_voting_needs_verification_and_an_open_round(open_round, shortlisted_cases, client, today_is):
    assert cast(client, open_round, shortlisted_cases[0]).status_code == 403
    verify(client, open_round, "voter@example.com")
    today_is(CLOSES + timedelta(days=1))
    response = cast(client, open_round, shortlisted_cases[0])
    assert response.status_code == 409 and "已结束" in response.text
    assert not Vote.objects.exists()


def test_a_wrong_code_is_refused_and_codes_are_hashed(open_round, client):
    page = client.get(reverse("vote:round", args=[open_round.pk]))
    client.post(reverse("vote:code", args=[open_round.pk]), {"identity": "a@example.com", **captcha_fields(page.text)})
    response = client.post(reverse("vote:confirm", args=[open_round.pk]), {"code": "000000x"})
    assert response.status_code == 400 and "验证码不正确" in response.text
    stored = VerificationCode.objects.get()
    assert len(stored.code_hash) == 64 and stored.attempts == 1


def test_a_wrong_captcha_sends_no_code(open_round, client):
    from django.core import mail

    page = client.get(reverse("vote:round", args=[open_round.pk]))
    fields = captcha_fields(page.text)
    response = client.post(reverse("vote:code", args=[open_round.pk]),
                           {"identity": "a@example.com", "captcha_0": fields["captcha_0"], "captcha_1": "wrong"})
    assert response.status_code == 400 and not mail.outbox


@pytest.mark.parametrize(("given", "normal"), [
    ("Wang.Fang+vote@Example.com", "wang.fang@example.com"),
    ("w.a.n.g+x@gmail.com", "wang@gmail.com"),
    (" li@zj.gov.cn ", "li@zj.gov.cn"),
])
def test_one_mailbox_is_one_identity(given, normal):
    assert EmailCodeVerifier().normalize(given) == normal


def test_code_requests_are_rate_limited_per_address(open_round):
    statuses = []
    for n in range(7):
        client = Client(REMOTE_ADDR="203.0.113.7")
        page = client.get(reverse("vote:round", args=[open_round.pk]))
        response = client.post(reverse("vote:code", args=[open_round.pk]),
                               {"identity": f"v{n}@example.com", **captcha_fields(page.text)})
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429, 429]


def test_a_scripted_burst_of_1000_votes_is_stopped_and_honest_votes_stay(open_round, shortlisted_cases, admin_client):
    """One client (one address, one browser) scripts 1,000 votes with fresh mailboxes; ten honest voters vote once."""
    first, second = shortlisted_cases
    for n in range(10):
        honest = Client(REMOTE_ADDR=f"198.51.{n}.20", HTTP_USER_AGENT=f"Mozilla/5.0 honest-{n}")
        verify(honest, open_round, f"citizen{n}@example.com")
        assert cast(honest, open_round, first if n % 2 else second).status_code == 302

    bot = Client(REMOTE_ADDR="203.0.113.66", HTTP_USER_AGENT="python-requests/2.31")
    accepted = refused = identities = 0
    for n in range(1000):
        if n % 20 == 0:  # a fresh mailbox (and session) every 20 attempts, as long as the site sends codes
            bot.cookies.pop("sessionid", None)
            page = bot.get(reverse("vote:round", args=[open_round.pk]))
            if "captcha_0" in page.text:
                response = bot.post(reverse("vote:code", args=[open_round.pk]),
                                    {"identity": f"bot{n}@example.net", **captcha_fields(page.text)})
                if response.status_code == 302:
                    from .helpers import last_code

                    bot.post(reverse("vote:confirm", args=[open_round.pk]), {"code": last_code()})
                    identities += 1
        response = cast(bot, open_round, first if n % 2 else second)
        accepted += response.status_code == 302
        refused += response.status_code in (403, 409, 429)
    assert accepted + refused == 1000 and accepted <= 40 and identities <= 5

    # What got through came from a client that kept hitting the limits: flagged, and nothing honest is.
    flagged: dict[str, set[int]] = {}
    for anomaly in selectors.round_anomalies(vote_round=open_round):
        if anomaly.kind != "night":
            flagged.setdefault(anomaly.kind, set()).update(anomaly.vote_ids)
    bot_votes = set(Vote.objects.filter(ip="203.0.113.66").values_list("pk", flat=True))
    assert bot_votes and flagged["rate_limited"] == bot_votes and set().union(*flagged.values()) == bot_votes
    response = admin_client.post(reverse("vote:void", args=[open_round.pk]), {
        "vote_ids": ",".join(map(str, sorted(flagged["rate_limited"]))), "reason": "脚本刷票：同一设备反复超限"})
    assert response.status_code == 302
    assert selectors.vote_counts(vote_round=open_round) == {first.pk: 5, second.pk: 5}
    entry = AuditEntry.objects.get(action="vote.void")
    assert entry.after["count"] == len(bot_votes) and entry.reason.startswith("脚本刷票")
    assert not selectors.round_anomalies(vote_round=open_round) or all(
        a.kind == "night" for a in selectors.round_anomalies(vote_round=open_round))


def test_voiding_needs_an_admin_and_a_reason(open_round, shortlisted_cases, evaluator_user, admin_user, client):
    from django.core.exceptions import PermissionDenied

    verify(client, open_round, "x@example.com")
    cast(client, open_round, shortlisted_cases[0])
    vote = Vote.objects.get()
    with pytest.raises(PermissionDenied):
        votes_void(vote_round=open_round, vote_ids=[vote.pk], actor=evaluator_user, reason="x")
    with pytest.raises(ValidationError):
        votes_void(vote_round=open_round, vote_ids=[vote.pk], actor=admin_user, reason=" ")
    votes_void(vote_round=open_round, vote_ids=[vote.pk], actor=admin_user, reason="核实为重复")
    vote.refresh_from_db()
    assert vote.voided_by == admin_user and vote.void_reason == "核实为重复"


def test_the_export_views_answer_files(open_round, evaluator_client):
    for fmt, magic in (("xlsx", b"PK"), ("csv", "\ufeff".encode())):
        response = evaluator_client.get(reverse("vote:export", args=[open_round.pk, fmt]))
        assert response.status_code == 200 and response.content.startswith(magic)

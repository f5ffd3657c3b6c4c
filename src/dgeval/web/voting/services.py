"""网民评选 services: rounds and their published rules, voter verification, casting, voiding (all audited).

Defence in depth against a scripted vote: the CAPTCHA and per-address/per-device rate limits (in the views) slow a
script down; verification makes every identity cost a mailbox; one vote per verified person per case per day caps
what one identity can do; `anomalies.detect` shows what still got through, and an admin voids it with a reason.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common.clock import today
from dgeval.web.cases.clients import ip_network_of
from dgeval.web.cases.models import Case, CaseStatus
from dgeval.web.common import clock
from dgeval.web.voting.models import RoundState, ThrottleEvent, VerificationCode, Vote, Voter, VoteRound
from dgeval.web.voting.verification import keyed_hash, verifier

CODE_LIFETIME = timedelta(minutes=10)
CODE_ATTEMPTS = 5
#: A new code for the same identity is refused within this time of the last one.
CODE_RESEND_AFTER = timedelta(seconds=60)

DEFAULT_RULES = gettext_lazy(
    "一、投票对象：经专家评议入围的优秀创新案例。\n"
    "二、投票资格：每位网民须通过电子邮箱验证码验证身份；同一邮箱视为同一人。\n"
    "三、投票限制：每人每天对每个案例限投 1 票，可为多个案例投票；同一网络地址、同一设备的投票和验证码请求均有频率限制。\n"
    "四、公平性：系统对集中突发投票、同一网段大量投票、同一设备多人投票、相同浏览器标识批量投票及凌晨时段投票进行监测，"
    "经评估组核实的异常投票予以作废，作废记录留档备查。\n"
    "五、结果使用：网民评选得票按评选规则折算后，与专家评议得分加权形成案例最终得分。"
)


@transaction.atomic
def round_create(*, campaign: Any, title: str, rules: str, opens_on: date, closes_on: date, cases: Sequence[Case],
                 actor: Any) -> VoteRound:
    """A ballot of shortlisted CASES (admin; audited). It opens after today, so its rules can be published first."""
    require_role(actor, Role.ADMIN)
    if not title.strip() or not rules.strip():
        raise ValidationError({"rules": _("请填写名称和投票规则")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("截止日期不能早于开始日期")})
    if opens_on <= today():
        raise ValidationError({"opens_on": _("开始日期须晚于今天（%(today)s），以便先公布规则") % {"today": today()}})
    cases = list(Case.objects.filter(pk__in=[c.pk for c in cases]))  # as stored, not as the caller last saw them
    not_shortlisted = [c.name for c in cases if c.status != CaseStatus.SHORTLISTED]
    if not cases or not_shortlisted:
        raise ValidationError({"cases": _("只能选择已入围网民评选的案例：%(names)s") % {"names": "、".join(not_shortlisted)}})
    vote_round = VoteRound.objects.create(campaign=campaign, title=title.strip(), rules=rules.strip(), opens_on=opens_on,
                                          closes_on=closes_on, created_by=actor)
    vote_round.cases.set(cases)
    audit_record(actor=actor, action="vote.round_create", obj=vote_round, before=None, after=vote_round.snapshot())
    return vote_round


@transaction.atomic
def round_publish(*, vote_round: VoteRound, actor: Any) -> VoteRound:
    """Publish the rules (admin; audited). Only before the round opens: rules never change under the voters."""
    require_role(actor, Role.ADMIN)
    vote_round = VoteRound.objects.select_for_update().get(pk=vote_round.pk)
    if vote_round.published_at is not None:
        raise WorkflowError(_("规则已公布"))
    if today() >= vote_round.opens_on:
        raise WorkflowError(_("投票开始后不能再公布规则，请调整开始日期"))
    before = vote_round.snapshot()
    vote_round.published_at = clock.now()
    vote_round.save(update_fields=["published_at"])
    audit_record(actor=actor, action="vote.round_publish", obj=vote_round, before=before, after=vote_round.snapshot())
    return vote_round


def _require_open(vote_round: VoteRound) -> None:
    state = vote_round.state(today())
    if state != RoundState.OPEN:
        raise WorkflowError(_("“%(title)s”当前%(state)s（%(opens)s 至 %(closes)s）") % {
            "title": vote_round.title, "state": state.label, "opens": vote_round.opens_on, "closes": vote_round.closes_on})


@transaction.atomic
def code_request(*, vote_round: VoteRound, identity: str) -> str:
    """Send a one-time code to IDENTITY (normalised by the verifier); returns the normalised identity."""
    _require_open(vote_round)
    method = verifier()
    normal = method.normalize(identity)
    digest = keyed_hash(f"{method.method}:{normal}")
    last = VerificationCode.objects.filter(identity_hash=digest).order_by("-created_at").first()
    if last is not None and timezone.now() - last.created_at < CODE_RESEND_AFTER:
        raise WorkflowError(_("验证码已发送，请 1 分钟后再试"))
    code = f"{secrets.randbelow(10 ** 6):06d}"
    VerificationCode.objects.create(identity_hash=digest, code_hash=keyed_hash(f"code:{digest}:{code}"),
                                    expires_at=timezone.now() + CODE_LIFETIME)
    method.send(identity=normal, code=code)
    return normal


def code_confirm(*, identity: str, code: str) -> Voter:
    """The verified Voter for IDENTITY if CODE is its latest live code; WorkflowError otherwise (5 tries a code).

    A wrong try is counted in its own transaction, so the refusal cannot roll the count back.
    """
    method = verifier()
    digest = keyed_hash(f"{method.method}:{method.normalize(identity)}")
    with transaction.atomic():
        pending = (VerificationCode.objects.select_for_update()
                   .filter(identity_hash=digest, used_at__isnull=True, expires_at__gt=timezone.now())
                   .order_by("-created_at").first())
        if pending is None or pending.attempts >= CODE_ATTEMPTS:
            raise WorkflowError(_("验证码已失效，请重新获取"))
        right = secrets.compare_digest(pending.code_hash, keyed_hash(f"code:{digest}:{code.strip()}"))
        if right:
            pending.used_at = timezone.now()
            pending.save(update_fields=["used_at"])
            voter, created = Voter.objects.get_or_create(identity_hash=digest, defaults={"method": method.method})
            if not created:
                voter.verified_at = clock.now()
                voter.save(update_fields=["verified_at"])
            audit_record(actor=None, action="vote.voter_verify", obj=voter, before=None,
                         after={"voter": voter.pk, "method": voter.method, "new": created})
            return voter
        pending.attempts += 1
        pending.save(update_fields=["attempts"])
    raise WorkflowError(_("验证码不正确"))


def vote_cast(*, vote_round: VoteRound, case: Case, voter: Voter, ip: str, user_agent: str, device: str) -> Vote:
    """One vote of VOTER for CASE today; refused outside the round's dates, for a case not on the ballot, or twice
    on the same day (audited)."""
    _require_open(vote_round)
    if not vote_round.cases.filter(pk=case.pk).exists():
        raise ValidationError({"case": _("该案例不在本次评选中")})
    try:
        with transaction.atomic():
            vote = Vote.objects.create(round=vote_round, case=case, voter=voter, voted_on=today(), ip=ip,
                                       ip_network=ip_network_of(ip), user_agent=user_agent[:300], device=device[:64])
            audit_record(actor=None, action="vote.cast", obj=vote, before=None,
                         after={"round": vote_round.pk, "case": case.pk, "voter": voter.pk, "network": vote.ip_network})
    except IntegrityError:
        raise WorkflowError(_("您今天已为《%(case)s》投过票，明天可再投") % {"case": case.name}) from None
    return vote


def throttle_record(*, vote_round: VoteRound, step: str, ip: str, device: str) -> None:
    """Remember that a client hit STEP's rate limit; one row per client, step and hour however often it retries."""
    network = ip_network_of(ip)
    if cache.add(f"dgeval-throttle:{vote_round.pk}:{step}:{network}:{device}", 1, timeout=3600):
        ThrottleEvent.objects.create(round=vote_round, step=step, ip_network=network, device=device[:64])


@transaction.atomic
def votes_void(*, vote_round: VoteRound, vote_ids: Sequence[int], actor: Any, reason: str) -> int:
    """Void the votes VOTE_IDS of the round (admin; a reason is required; one audit entry lists them all)."""
    require_role(actor, Role.ADMIN)
    if not reason.strip():
        raise ValidationError({"reason": _("作废投票须说明原因")})
    votes = list(Vote.objects.select_for_update().filter(round=vote_round, pk__in=list(vote_ids), voided_at__isnull=True))
    if not votes:
        raise WorkflowError(_("没有可作废的投票"))
    now = clock.now()
    for vote in votes:
        vote.voided_at, vote.voided_by, vote.void_reason = now, actor, reason.strip()
        vote.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(actor=actor, action="vote.void", obj=vote_round, before={"valid": [v.pk for v in votes]},
                 after={"voided": [v.pk for v in votes], "count": len(votes)}, reason=reason.strip())
    return len(votes)

"""政务新媒体 services: accounts, imports of their exported data, check runs, review and points.

Every change goes through here and is audited. Imports are all-or-nothing per file (a bad row refuses the file and
nothing stored changes) and idempotent (rows are matched on their natural keys). Each import, review or policy change
runs the checks again for the owner's accounts on the platform concerned (`platform_check_run`), and points follow
from the confirmed findings through the same finding rules as the websites' (`dgeval.framework.rules`), written by
one function, `points_apply`, as each leaf's automatic part with its source and evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.i18n import gettext as _
from dgeval.newmedia import model as pure
from dgeval.newmedia.checks import CheckConfig, check_title, run_checks
from dgeval.newmedia.content import load_content_rules
from dgeval.newmedia.exports import AccountRow, read_accounts, read_messages, read_posts
from dgeval.newmedia.files import ExportError, RowError
from dgeval.framework.rules import LeafOutcome
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today
from dgeval.web.common import clock
from dgeval.web.newmedia.models import (
    Account,
    AccountFinding,
    DataImport,
    DataKind,
    FindingStatus,
    Message,
    NewMediaPolicy,
    PlatformCheck,
    Post,
)
from dgeval.web.newmedia.selectors import FRAMEWORK, kinds_on, leaf_outcomes, owner_kinds, rules_for
from dgeval.web.scores.models import LeafState, ScorePart, SourceKind
from dgeval.web.scores.services import outcome_part_set
from dgeval.web.targets.models import Channel, ChannelKind, Target, TargetKind

#: Who imports data and edits accounts: the people who do the evaluation work.
WORKERS = (Role.ADMIN, Role.EVALUATOR)
#: The targets channel an account kind is.
CHANNEL_KIND: dict[str, str] = {
    "wechat_service": ChannelKind.WECHAT,
    "wechat_subscription": ChannelKind.WECHAT,
    "mini_program": ChannelKind.MINI_PROGRAM,
    "app": ChannelKind.APP,
    "weibo": ChannelKind.WEIBO,
}
REVIEW_OUTCOMES = (FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE, FindingStatus.PENDING)


def _person(actor: Any) -> Any:
    return actor if role_of(actor) is not None else None


# -- policy --------------------------------------------------------------------------------------------------------


def policy_for(*, campaign: Any) -> NewMediaPolicy:
    """The campaign's window and limits; created on first use with the 系统监测 phase as the window."""
    policy = NewMediaPolicy.objects.filter(campaign=campaign).first()
    if policy is not None:
        return policy
    phase = campaign.phases.filter(kind=PhaseKind.MONITORING).first()
    start, end = (phase.starts_on, phase.ends_on) if phase else (dt.date(campaign.year, 1, 1),
                                                                 dt.date(campaign.year, 12, 31))
    policy, _created = NewMediaPolicy.objects.get_or_create(
        campaign=campaign, defaults={"window_start": start, "window_end": end})
    return policy


def newmedia_policy_set(
    *, campaign: Any, actor: Any, window_start: dt.date, window_end: dt.date, reply_limit_workdays: int,
    dormant_days: int, reason: str = "",
) -> NewMediaPolicy:
    """Change the window or limits (admin only, audited); every owner's checks run again with them."""
    require_role(actor, Role.ADMIN)
    if window_end < window_start:
        raise ValidationError({"window_end": _("评估期结束日期不能早于开始日期")})
    with transaction.atomic():
        policy = policy_for(campaign=campaign)
        before = _policy_fields(policy)
        policy.window_start, policy.window_end = window_start, window_end
        policy.reply_limit_workdays, policy.dormant_days = int(reply_limit_workdays), int(dormant_days)
        policy.full_clean()
        policy.save()
        audit_record(actor=actor, action="newmedia.policy_set", obj=policy, before=before,
                     after=_policy_fields(policy), reason=reason)
    platform_checks_run_all(campaign=campaign, actor=actor)
    return policy


def _policy_fields(policy: NewMediaPolicy) -> dict[str, Any]:
    return {"window_start": policy.window_start.isoformat(), "window_end": policy.window_end.isoformat(),
            "reply_limit_workdays": policy.reply_limit_workdays, "dormant_days": policy.dormant_days}


def window_of(policy: NewMediaPolicy, as_of: dt.date) -> pure.Window:
    """The window the checks judge on AS_OF: the policy's, ending no later than AS_OF."""
    if as_of < policy.window_start:
        raise WorkflowError(_("评估期 %(start)s 起，%(as_of)s 尚无可检查的数据") % {
            "start": policy.window_start.isoformat(), "as_of": as_of.isoformat()})
    return pure.Window(policy.window_start, min(policy.window_end, as_of))


def check_config(*, campaign: Any, policy: NewMediaPolicy) -> CheckConfig:
    return CheckConfig(content=load_content_rules(campaign.framework_year),
                       reply_limit_workdays=policy.reply_limit_workdays, dormant_days=policy.dormant_days)


# -- accounts ------------------------------------------------------------------------------------------------------


@dataclass
class AccountsImported:
    created: int = 0
    updated: int = 0
    affected: set[tuple[int, str]] = field(default_factory=set)  # (target id, platform) whose checks ran again


def owners_by_name(*, campaign: Any) -> dict[str, Target]:
    """Targets that may own accounts in CAMPAIGN, by code, full name and (unambiguous) short name."""
    found: dict[str, Target] = {}
    shorts: dict[str, list[Target]] = {}
    for target in Target.objects.filter(kind__in=owner_kinds(campaign=campaign)):
        found[target.code] = target
        found[target.name] = target
        if target.short_name:
            shorts.setdefault(target.short_name, []).append(target)
    for short, targets in shorts.items():
        if len(targets) == 1:
            found.setdefault(short, targets[0])
    return found


def _scope_label(kinds: frozenset[str]) -> str:
    """"国务院部门、省级政府…": the target kinds the campaign scores on new media, for messages."""
    return "、".join(str(label) for value, label in TargetKind.choices if value in kinds)


def _account_store(*, campaign: Any, account: Account | None, target: Target,
                   row: AccountRow) -> tuple[Account, set[tuple[int, str]]]:
    """Create or update one account and its channel; ValidationError keyed by field on a clash.

    Returns the account and the (target id, platform) pairs whose checks must run again (old and new owner/platform).
    """
    kinds = owner_kinds(campaign=campaign)
    if target.kind not in kinds:
        raise ValidationError({"owner": _("%(target)s不在政务新媒体评估范围（%(kinds)s）") % {
            "target": target.name, "kinds": _scope_label(kinds)}})
    clash = Account.objects.filter(kind=row.kind, platform_id=row.key)
    if account is not None:
        clash = clash.exclude(pk=account.pk)
    if clash.exists():
        raise ValidationError({"platform_id": _("已有账号类型与账号ID相同的账号：%(key)s") % {"key": row.key}})
    channel_kind = CHANNEL_KIND[row.kind]
    same_name = Channel.objects.filter(target=target, kind=channel_kind, name=row.name)
    if account is not None:
        same_name = same_name.exclude(pk=account.channel_id)
    free = same_name.filter(account__isnull=True).first()
    if same_name.filter(account__isnull=False).exists():
        raise ValidationError({"name": _("%(target)s已有同类型的同名账号“%(name)s”") % {
            "target": target.name, "name": row.name}})
    affected: set[tuple[int, str]] = {(target.pk, pure.PLATFORM_OF[row.kind])}
    if account is None:
        # A channel the owner declared (targets import) becomes the account, with no second row.
        channel = free or Channel(target=target, kind=channel_kind, name=row.name)
        account = Account(channel=channel)
    else:
        affected.add((account.channel.target_id, account.platform))
        channel = account.channel
        if free is not None:
            raise ValidationError({"name": _("%(target)s已登记同名渠道“%(name)s”") % {
                "target": target.name, "name": row.name}})
    channel.target, channel.kind, channel.name, channel.url = target, channel_kind, row.name, row.url
    channel.save()
    account.channel = channel
    account.kind, account.platform_id = row.kind, row.key
    account.verification, account.verified_subject = row.verification, row.verified_subject
    account.opened_on, account.status, account.registered = row.opened_on, row.status, row.registered
    account.save()
    return account, affected


def accounts_import(*, campaign: Any, data: bytes, filename: str, actor: Any, recheck: bool = True) -> AccountsImported:
    """Import an account list (admin, evaluator). ExportError naming every bad row and column; nothing is stored then.

    Accounts are matched on (账号类型, 账号ID): a second import of the same list changes nothing. RECHECK False leaves
    the checks to the caller (`platform_checks_run_all` after a batch of files).
    """
    require_role(actor, *WORKERS)
    rows = read_accounts(data, filename)
    owners = owners_by_name(campaign=campaign)
    errors: list[RowError] = []
    result = AccountsImported()
    with transaction.atomic():
        for row in rows:
            target = owners.get(row.value.owner)
            if target is None:
                errors.append(RowError(row.number, _("主办单位"), _(
                    "“%(owner)s”不是政务新媒体评估范围内的单位（%(kinds)s；填评估对象编码或名称）") % {
                    "owner": row.value.owner, "kinds": _scope_label(owner_kinds(campaign=campaign))}))
                continue
            existing = Account.objects.select_related("channel").filter(
                kind=row.value.kind, platform_id=row.value.key).first()
            before = existing.snapshot() if existing else None
            try:
                with transaction.atomic():
                    account, affected = _account_store(campaign=campaign, account=existing, target=target,
                                                        row=row.value)
            except ValidationError as exc:
                errors += [RowError(row.number, _column_of(name), message)
                           for name, messages in exc.message_dict.items() for message in messages]
                continue
            result.affected |= affected
            if before is None:
                result.created += 1
            elif before != account.snapshot():
                result.updated += 1
        if errors:
            raise ExportError(filename, errors)
        audit_record(actor=actor, action="newmedia.accounts_import", obj=campaign, before=None,
                     after={"file": filename, "rows": len(rows), "created": result.created,
                            "updated": result.updated})
    if recheck:
        _recheck(campaign=campaign, pairs=result.affected, actor=actor)
    return result


def _column_of(field_name: str) -> str:
    labels = {"owner": _("主办单位"), "name": _("账号名称"), "platform_id": _("账号ID")}
    return labels.get(field_name, field_name)


def account_save(*, campaign: Any, actor: Any, account: Account | None, owner: Target, kind: str, name: str,
                 platform_id: str, url: str = "", verification: str = "unknown", verified_subject: str = "",
                 opened_on: dt.date | None = None, status: str = "active", registered: bool = True,
                 reason: str = "") -> Account:
    """Create or edit one account by hand (admin, evaluator; audited); checks of the owner's platform run again."""
    require_role(actor, *WORKERS)
    row = AccountRow(owner=owner.code, kind=kind, name=name.strip(), key=platform_id.strip(), verification=verification,
                     verified_subject=verified_subject.strip(), url=url.strip(), opened_on=opened_on, status=status,
                     registered=registered)
    with transaction.atomic():
        before = account.snapshot() if account else None
        account, affected = _account_store(campaign=campaign, account=account, target=owner, row=row)
        audit_record(actor=actor, action="newmedia.account_save", obj=account, before=before,
                     after=account.snapshot(), reason=reason)
    _recheck(campaign=campaign, pairs=affected, actor=actor)
    return account


# -- posts and messages --------------------------------------------------------------------------------------------


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value, timezone.get_default_timezone())


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _import_record(*, account: Account, kind: str, data: bytes, filename: str, rows: int, actor: Any) -> DataImport:
    return DataImport.objects.create(account=account, data_kind=kind, filename=filename[:255],
                                     sha256=hashlib.sha256(data).hexdigest(), rows=rows, created=0, updated=0,
                                     imported_by=_person(actor))


def _upsert(model: type[Any], *, existing: dict[Any, Any], rows: dict[Any, dict[str, Any]], fields: list[str],
            account: Account, record: DataImport) -> tuple[int, int]:
    """Create the rows whose key is new, update those whose values changed; (created, updated)."""
    new, changed = [], []
    for key, values in rows.items():
        current = existing.get(key)
        if current is None:
            new.append(model(account=account, data_import=record, **values))
        elif any(getattr(current, name) != values[name] for name in fields):
            for name in fields:
                setattr(current, name, values[name])
            current.data_import = record
            changed.append(current)
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, [*fields, "data_import"], batch_size=500)
    return len(new), len(changed)


def _data_import(*, campaign: Any, account: Account, kind: str, data: bytes, filename: str, actor: Any,
                 recheck: bool, model: type[Any], fields: list[str], values: dict[Any, dict[str, Any]],
                 key_of: Any) -> DataImport:
    """Store parsed rows (VALUES by natural key) of one file in one transaction, then run the checks again."""
    with transaction.atomic():
        record = _import_record(account=account, kind=kind, data=data, filename=filename, rows=len(values),
                                actor=actor)
        existing = {key_of(row): row for row in model.objects.filter(account=account)}
        record.created, record.updated = _upsert(model, existing=existing, rows=values, fields=fields,
                                                 account=account, record=record)
        record.save(update_fields=["created", "updated"])
        _audit_import(record, actor)
    if recheck:
        _recheck(campaign=campaign, pairs={(account.channel.target_id, account.platform)}, actor=actor)
    return record


def posts_import(*, campaign: Any, account: Account, data: bytes, filename: str, actor: Any,
                 recheck: bool = True) -> DataImport:
    """Import one account's posts (admin, evaluator): all rows or none; (发布时间, 标题) matches a post stored before.

    The owner's checks on the platform run again unless RECHECK is False (the caller runs them after a batch)."""
    require_role(actor, *WORKERS)
    rows = read_posts(data, filename)
    fields = ["original", "category", "link", "text", "reads", "likes", "comments", "shares"]
    values = {(_aware(r.value.published_at), r.value.title): {
        "published_at": _aware(r.value.published_at), "title": r.value.title,
        **{name: getattr(r.value, name) for name in fields}} for r in rows}
    return _data_import(campaign=campaign, account=account, kind=DataKind.POSTS, data=data, filename=filename,
                        actor=actor, recheck=recheck, model=Post, fields=fields, values=values,
                        key_of=lambda p: (p.published_at, p.title))


def messages_import(*, campaign: Any, account: Account, data: bytes, filename: str, actor: Any,
                    recheck: bool = True) -> DataImport:
    """Import one account's messages (admin, evaluator): all rows or none; (留言时间, 留言内容) is the natural key.

    RECHECK as for `posts_import`."""
    require_role(actor, *WORKERS)
    rows = read_messages(data, filename)
    values = {(_aware(r.value.sent_at), text_digest(r.value.text)): {
        "sent_at": _aware(r.value.sent_at), "text": r.value.text, "text_digest": text_digest(r.value.text),
        "shown": r.value.shown, "replied_at": _aware(r.value.replied_at) if r.value.replied_at else None,
        "reply": r.value.reply} for r in rows}
    return _data_import(campaign=campaign, account=account, kind=DataKind.MESSAGES, data=data, filename=filename,
                        actor=actor, recheck=recheck, model=Message, fields=["shown", "replied_at", "reply"],
                        values=values, key_of=lambda m: (m.sent_at, m.text_digest))


def _audit_import(record: DataImport, actor: Any) -> None:
    audit_record(actor=actor, action=f"newmedia.{record.data_kind}_import", obj=record.account, before=None,
                 after={"file": record.filename, "sha256": record.sha256, "rows": record.rows,
                        "created": record.created, "updated": record.updated})


# -- checks --------------------------------------------------------------------------------------------------------


def _pure_account(account: Account, kinds: set[str]) -> pure.Account:
    """The check's view of a stored account: its data, or None where nothing of that kind was imported."""
    posts = messages = None
    if DataKind.POSTS in kinds:
        posts = tuple(pure.Post(published_at=_local(p.published_at), title=p.title, original=p.original,
                                category=p.category, link=p.link, text=p.text, reads=p.reads, likes=p.likes,
                                comments=p.comments, shares=p.shares) for p in account.posts.all())
    if DataKind.MESSAGES in kinds:
        messages = tuple(pure.Message(sent_at=_local(m.sent_at), text=m.text, shown=m.shown,
                                      replied_at=_local(m.replied_at) if m.replied_at else None, reply=m.reply)
                         for m in account.messages.all())
    return pure.Account(key=account.platform_id, kind=cast(pure.AccountKind, account.kind), name=account.name,
                        verification=cast(pure.Verification, account.verification),
                        verified_subject=account.verified_subject, url=account.url, opened_on=account.opened_on,
                        status=cast(pure.AccountStatus, account.status), registered=account.registered, posts=posts,
                        messages=messages)


def platform_accounts(
    *, target: Target, platform: str, window: pure.Window
) -> tuple[pure.PlatformAccounts, dict[str, Account]]:
    """The checks' input for TARGET on PLATFORM, and the stored accounts by platform id."""
    accounts = list(Account.objects.filter(channel__target=target, kind__in=kinds_on(platform))
                    .select_related("channel").prefetch_related("posts", "messages").order_by("kind", "platform_id"))
    imported: dict[int, set[str]] = {}
    for account_id, kind in DataImport.objects.filter(account__in=accounts).values_list("account_id", "data_kind"):
        imported.setdefault(account_id, set()).add(kind)
    owner = pure.Owner(code=target.code, name=target.name, short_name=target.short_name)
    data = pure.PlatformAccounts(owner=owner, platform=cast(pure.Platform, platform),
                                 accounts=tuple(_pure_account(a, imported.get(a.pk, set())) for a in accounts),
                                 window=window)
    return data, {a.platform_id: a for a in accounts}


def platform_check_run(*, campaign: Any, target: Target, platform: str, actor: Any = None,
                       as_of: dt.date | None = None) -> PlatformCheck:
    """Run every check over TARGET's accounts on PLATFORM as of AS_OF (the platform's today), store what they
    observed and found, and update the leaf points. Findings seen before keep their review."""
    if actor is not None:
        require_role(actor, *TEAM_ROLES)
    policy = policy_for(campaign=campaign)
    window = window_of(policy, as_of or today())
    data, stored = platform_accounts(target=target, platform=platform, window=window)
    results = run_checks(data, check_config(campaign=campaign, policy=policy))
    with transaction.atomic():
        check, _created = PlatformCheck.objects.update_or_create(
            campaign=campaign, target=target, platform=platform,
            defaults={"window_start": window.start, "window_end": window.end, "ran_by": _person(actor),
                      "observed": {r.check: r.observed for r in results},
                      "skipped": {r.check: r.skipped for r in results if r.skipped}},
        )
        _findings_store(check=check, findings=[f for r in results for f in r.findings], accounts=stored)
        points_apply(campaign=campaign, target=target, platform=platform, actor=actor)
    return check


def _findings_store(*, check: PlatformCheck, findings: list[pure.Finding], accounts: dict[str, Account]) -> None:
    now = clock.now()
    existing = {(f.check_name, f.key): f for f in AccountFinding.objects.filter(
        campaign=check.campaign, target=check.target, platform=check.platform)}
    seen: set[int] = set()
    for finding in findings:
        values = {"account": accounts.get(finding.account), "kind": finding.kind, "summary": finding.summary,
                  "severity": finding.severity, "evidence": dict(finding.evidence), "last_seen_at": now}
        record = existing.get((finding.check, finding.key))
        if record is None:
            record = AccountFinding.objects.create(campaign=check.campaign, target=check.target,
                                                   platform=check.platform, check_name=finding.check,
                                                   key=finding.key, **values)
        else:
            for name, value in values.items():
                setattr(record, name, value)
            if record.status == FindingStatus.GONE:
                before = record.snapshot()
                record.status = FindingStatus.PENDING
                audit_record(actor=None, action="newmedia.finding_reopen", obj=record, before=before,
                             after=record.snapshot(), reason=_("新的检查再次发现该问题"))
            record.save()
        seen.add(record.pk)
    for record in existing.values():
        if record.pk in seen or record.status == FindingStatus.GONE:
            continue
        before = record.snapshot()
        record.status = FindingStatus.GONE
        record.save(update_fields=["status"])
        audit_record(actor=None, action="newmedia.finding_gone", obj=record, before=before, after=record.snapshot(),
                     reason=_("新的检查未再发现该问题"))


def _recheck(*, campaign: Any, pairs: Iterable[tuple[int, str]], actor: Any) -> None:
    """Run the checks of the given (target id, platform) pairs; before the window opens there is nothing to judge."""
    if today() < policy_for(campaign=campaign).window_start:
        return
    targets = Target.objects.in_bulk({target_id for target_id, _platform in pairs})
    for target_id, platform in sorted(pairs):
        platform_check_run(campaign=campaign, target=targets[target_id], platform=platform, actor=actor)


def platform_checks_run_all(*, campaign: Any, actor: Any) -> list[PlatformCheck]:
    """Run the checks for every owner on every platform it has accounts on (team only)."""
    require_role(actor, *TEAM_ROLES)
    pairs = {(target_id, pure.PLATFORM_OF[kind]) for target_id, kind in
             Account.objects.values_list("channel__target_id", "kind")}
    _recheck(campaign=campaign, pairs=pairs, actor=actor)
    return list(PlatformCheck.objects.filter(campaign=campaign))


# -- review --------------------------------------------------------------------------------------------------------


def finding_review(*, finding: AccountFinding, status: str, actor: Any, reason: str = "") -> AccountFinding:
    """The team's review: 确认 (it costs points), 误报 (with a reason) or back to 待审核. Updates the leaf points."""
    require_role(actor, *TEAM_ROLES)
    if status not in REVIEW_OUTCOMES:
        raise ValidationError({"status": _("审核结果应为确认、误报或待审核（收到 %(status)r）") % {"status": status}})
    reason = reason.strip()
    if status == FindingStatus.FALSE_POSITIVE and not reason:
        raise ValidationError({"reason": _("判定为误报时必须填写理由")})
    with transaction.atomic():
        finding = AccountFinding.objects.select_for_update().get(pk=finding.pk)
        if finding.status == FindingStatus.GONE:
            raise WorkflowError(_("该问题已消除（最近一次检查未再发现），无需审核"))
        before = finding.snapshot()
        finding.status = status
        finding.review_reason = reason
        finding.reviewed_by = actor
        finding.reviewed_at = clock.now()
        finding.save()
        audit_record(actor=actor, action="newmedia.finding_review", obj=finding, before=before,
                     after=finding.snapshot(), reason=reason)
        points_apply(campaign=finding.campaign, target=finding.target, platform=finding.platform, actor=actor)
    return finding


def findings_confirm_pending(*, campaign: Any, target: Target, platform: str, actor: Any) -> int:
    """Confirm every pending finding of TARGET on PLATFORM at once (each audited); how many were confirmed."""
    require_role(actor, *TEAM_ROLES)
    pending = AccountFinding.objects.filter(campaign=campaign, target=target, platform=platform,
                                            status=FindingStatus.PENDING)
    count = 0
    with transaction.atomic():
        for finding in pending.select_for_update():
            before = finding.snapshot()
            finding.status = FindingStatus.CONFIRMED
            finding.reviewed_by, finding.reviewed_at = actor, clock.now()
            finding.save()
            audit_record(actor=actor, action="newmedia.finding_review", obj=finding, before=before,
                         after=finding.snapshot(), reason=_("批量确认"))
            count += 1
        points_apply(campaign=campaign, target=target, platform=platform, actor=actor)
    return count


# -- points --------------------------------------------------------------------------------------------------------


def points_apply(*, campaign: Any, target: Target, platform: str, actor: Any) -> list[ScorePart]:
    """Write the new-media checks' part of every rule-covered leaf of TARGET on PLATFORM: the one place new-media
    points are written, as the leaf's automatic part (`scores.services.outcome_part_set`) with the owner's check run
    as its source and the confirmed findings it counted as its evidence.

    Points only from evidence: a leaf no check observed enough for (no imported data) is `not_observed`, a part of 0
    out of 0, and goes wholly to manual collection. A person's part of the leaf is never touched; the automatic part
    fits into the room it leaves.
    """
    check = PlatformCheck.objects.filter(campaign=campaign, target=target, platform=platform) \
        .select_related("campaign", "target").first()
    if check is None or (FRAMEWORK, platform) not in target.evaluations(campaign):
        return []
    outcomes, counted = leaf_outcomes(check=check)
    rules = rules_for(campaign=campaign)
    writer = actor if role_of(actor) in TEAM_ROLES else None
    return [outcome_part_set(
        campaign=campaign, target=target, framework=FRAMEWORK, column=platform, outcome=outcome, rules=rules,
        check_title=check_title, source_kind=SourceKind.NEW_MEDIA, source=check,
        evidence=[finding for name in outcome.deductions for finding in counted.get(name, [])],
        actor=writer, reason=_reason(outcome, check),
    ) for outcome in outcomes.values()]


def _reason(outcome: LeafOutcome, check: PlatformCheck) -> str:
    """One line saying what the checks did with the leaf, in the words of its state."""
    where = _("政务新媒体检查（%(owner)s · %(platform)s）") % {
        "owner": check.target.name, "platform": check.get_platform_display()}
    state = str(LeafState(outcome.state).label)
    if outcome.state == LeafState.DEDUCTED:
        lost = "；".join(_("%(check)s −%(share).0f%%") % {"check": check_title(name), "share": share * 100}
                        for name, share in outcome.deductions.items())
        return _("%(where)s%(state)s：%(lost)s（占分值）") % {"where": where, "state": state, "lost": lost}
    return f"{where}{state}"

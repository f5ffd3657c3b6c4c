"""Read-side of 政务新媒体: the team's lists of accounts and of owners per platform, and one owner's platform page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from dgeval.framework.rules import LeafOutcome, load_finding_rules
from dgeval.newmedia.checks import check_title
from dgeval.newmedia.model import PLATFORM_OF
from dgeval.scoring import points_from_fraction
from dgeval.web.accounts.roles import require_team
from dgeval.web.newmedia.models import Account, AccountFinding, DataImport, FindingStatus, PlatformCheck
from dgeval.web.scores.models import LeafScore, SourceKind
from dgeval.web.publication.groups import PeerGroup, peer_groups
from dgeval.web.scores.services import framework_for, scores_compute
from dgeval.web.targets.models import Target


FRAMEWORK = "new_media"
#: Owner levels the account list filters by (the rankings' peer groups are publication's `peer_groups.toml`).
LEVEL_KINDS: dict[str, tuple[str, ...]] = {"ministry": ("ministry",), "province": ("province", "corps"),
                                           "key_city": ("key_city",)}


def kinds_on(platform: str) -> tuple[str, ...]:
    """The account kinds scored in PLATFORM's column."""
    return tuple(kind for kind, column in PLATFORM_OF.items() if column == platform)


def leaf_outcomes(*, check: PlatformCheck) -> tuple[dict[str, LeafOutcome], dict[str, list[int]]]:
    """The finding rules applied to a check: leaf code → outcome, and check → ids of the confirmed findings counted."""
    rules = load_finding_rules(check.campaign.framework_year)
    fw = framework_for(campaign=check.campaign, framework=FRAMEWORK)
    ids: dict[str, list[int]] = {}
    for pk, name in AccountFinding.objects.filter(
            campaign=check.campaign, target=check.target, platform=check.platform,
            status=FindingStatus.CONFIRMED).order_by("pk").values_list("pk", "check_name"):
        ids.setdefault(name, []).append(pk)
    counts = {name: len(found) for name, found in ids.items()}
    return rules.leaf_outcomes(fw, check.platform, check.observed, counts), ids


def accounts_visible(*, user: Any, platform: str = "", level: str = "", status: str = "") -> QuerySet[Account]:
    """Every account for the team (PermissionDenied otherwise), filtered, with counts of its data and findings."""
    require_team(user)
    accounts = Account.objects.select_related("channel__target").annotate(
        post_count=Count("posts", distinct=True), message_count=Count("messages", distinct=True),
        open_findings=Count("findings", filter=Q(findings__status__in=(FindingStatus.PENDING, FindingStatus.CONFIRMED)),
                            distinct=True))
    if platform:
        accounts = accounts.filter(kind__in=kinds_on(platform))
    if level:
        accounts = accounts.filter(channel__target__kind__in=LEVEL_KINDS[level])
    if status:
        accounts = accounts.filter(status=status)
    return accounts


def account_get(*, user: Any, pk: int) -> Account:
    """One account for the team (Account.DoesNotExist when there is none)."""
    require_team(user)
    return Account.objects.select_related("channel__target").get(pk=pk)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What was imported for an account: how many rows, from when to when, and the import log."""

    posts: int
    first_post: Any
    last_post: Any
    messages: int
    imports: list[DataImport]


def account_coverage(*, account: Account) -> Coverage:
    posts = account.posts.aggregate(n=Count("id"), first=Min("published_at"), last=Max("published_at"))
    return Coverage(posts=posts["n"], first_post=posts["first"], last_post=posts["last"],
                    messages=account.messages.count(),
                    imports=list(account.imports.select_related("imported_by")[:20]))


@dataclass(frozen=True, slots=True)
class CheckRow:
    check: PlatformCheck
    pending: int
    confirmed: int
    points: float


def platform_checks(*, user: Any, campaign: Any, level: str = "", platform: str = "") -> list[CheckRow]:
    """The latest check of every owner on every platform, with its findings by status and its automatic points."""
    require_team(user)
    checks = PlatformCheck.objects.filter(campaign=campaign).select_related("target")
    if level:
        checks = checks.filter(target__kind__in=LEVEL_KINDS[level])
    if platform:
        checks = checks.filter(platform=platform)
    counts: dict[tuple[int, str, str], int] = {}
    for row in AccountFinding.objects.filter(campaign=campaign).values("target_id", "platform", "status") \
            .annotate(n=Count("id")):
        counts[row["target_id"], row["platform"], row["status"]] = row["n"]
    points: dict[tuple[int, str], float] = {}
    for row in LeafScore.objects.filter(campaign=campaign, framework=FRAMEWORK, source_kind=SourceKind.FINDING) \
            .values("target_id", "column").annotate(total=Sum("points")):
        points[row["target_id"], row["column"]] = row["total"]
    return [CheckRow(check=c, pending=counts.get((c.target_id, c.platform, FindingStatus.PENDING), 0),
                     confirmed=counts.get((c.target_id, c.platform, FindingStatus.CONFIRMED), 0),
                     points=points.get((c.target_id, c.platform), 0.0)) for c in checks]


@dataclass(frozen=True, slots=True)
class LeafLine:
    """One rule-covered leaf of an owner's platform: the rule's arithmetic and the points it gives."""

    code: str
    name: str
    weight: float
    outcome: LeafOutcome
    points: float | None
    #: per check: title, what it observes, share, min_observed, observed, confirmed findings, deduction (None: too few)
    parts: list[tuple[str, str, float, int, int, int, float | None]]
    stored: LeafScore | None


def platform_leaves(*, check: PlatformCheck) -> list[LeafLine]:
    """The finding rules applied to CHECK, leaf by leaf, with the leaf points stored now (which a person may own)."""
    rules = load_finding_rules(check.campaign.framework_year)
    fw = framework_for(campaign=check.campaign, framework=FRAMEWORK)
    outcomes, _ids = leaf_outcomes(check=check)
    stored = {s.code: s for s in LeafScore.objects.filter(campaign=check.campaign, target=check.target,
                                                          framework=FRAMEWORK, column=check.platform)}
    lines = []
    for code, outcome in outcomes.items():
        indicator = fw.indicator(code)
        parts = []
        for part in outcome.parts:
            rule = rules.rule(part.check)
            assert rule is not None  # the outcome came from this rule
            parts.append((check_title(part.check), rule.observes, part.share, rule.min_observed, part.observed,
                          part.findings, part.deduction))
        points = None if outcome.fraction is None else points_from_fraction(fw, check.platform, code, outcome.fraction)
        lines.append(LeafLine(code=code, name="/".join(indicator.path),
                              weight=float(indicator.weight(check.platform) or 0), outcome=outcome, points=points,
                              parts=parts, stored=stored.get(code)))
    return lines


def platform_findings(*, check: PlatformCheck) -> QuerySet[AccountFinding]:
    return AccountFinding.objects.filter(campaign=check.campaign, target=check.target, platform=check.platform) \
        .select_related("account__channel", "reviewed_by").order_by("status", "check_name", "id")


@dataclass(frozen=True, slots=True)
class GroupRanking:
    """One peer group's live ranking (per platform and owner level), before or after publication."""

    group: PeerGroup
    level1: list[str]
    rows: list[tuple[int, Target, float, list[float], int]]  # rank, owner, total, level-1 subtotals, missing leaves


def rankings_live(*, user: Any, campaign: Any) -> list[GroupRanking]:
    """The new-media rankings of the team's live scores, one per peer group of the publication's groups."""
    require_team(user)
    fw = framework_for(campaign=campaign, framework=FRAMEWORK)
    names = list(fw.level1_names())
    out = []
    for group in peer_groups():
        if group.framework != FRAMEWORK:
            continue
        scores = scores_compute(campaign=campaign, framework=FRAMEWORK, column=group.column, kinds=group.kinds)
        owners = Target.objects.in_bulk([s.target for s in scores], field_name="code")
        out.append(GroupRanking(group=group, level1=names, rows=[
            (s.rank, owners[s.target], s.total, [s.level1.get(n, 0.0) for n in names], len(s.missing))
            for s in scores]))
    return out

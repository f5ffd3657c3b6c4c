"""post_category: government information the plan asks for and did not get (信息内容 points 1–3, publish.content).

Over all the owner's posts on the platform in the window (its accounts together: one may carry news, another
policy), each post is put in the plan's categories (`data/<year>/content.toml`: by the export's 分类 column, else by
words of its title). Findings:
- missing: a required category (动态、政策文件、政策解读、回应关切、中心工作) without a single post;
- low_share: fewer of the posts than the year's `min_relevant_share` are government information of any category
  (point 3, 与机构职责相关度不高的信息).
The check observes the posts in the window; the finding rule asks for enough of them (`min_observed`) before an
absence says anything.
"""

from __future__ import annotations

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.model import CheckResult, Finding, PlatformAccounts, Post, platform_label

NAME = "post_category"
TITLE = gettext_noop("信息内容类别不全")


def window_posts(accounts: PlatformAccounts) -> list[Post]:
    """Every post of the owner's publishing accounts on the platform inside the window."""
    return [p for a in accounts.accounts if a.publishes for p in a.posts_in(accounts.window)]


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    rules = config.content
    posts = window_posts(accounts)
    where = _("%(owner)s的%(platform)s账号评估期内（%(window)s）") % {
        "owner": accounts.owner.name, "platform": platform_label(accounts.platform), "window": accounts.window}
    found: dict[str, int] = {c.code: 0 for c in rules.categories}
    relevant = 0
    for post in posts:
        codes = rules.categories_of(post.category, f"{post.title} {post.text}")
        relevant += bool(codes)
        for code in codes:
            found[code] += 1
    findings: list[Finding] = []
    if posts:
        for category in rules.required:
            if found[category.code]:
                continue
            findings.append(Finding(
                check=NAME, key=f"missing:{category.code}", kind="missing",
                summary=_("%(where)s的 %(posts)d 条信息中没有“%(category)s”类信息；规则：应发布动态、政策文件、政策"
                          "解读、回应关切类政务信息及中心工作落实情况信息。") % {
                    "where": where, "posts": len(posts), "category": category.name},
                evidence={"category": category.code, "category_name": category.name, "posts": len(posts),
                          "counts": dict(found)},
            ))
        share = relevant / len(posts)
        if share < rules.min_relevant_share:
            findings.append(Finding(
                check=NAME, key="low_share", kind="low_share", severity="low",
                summary=_("%(where)s的 %(posts)d 条信息中只有 %(relevant)d 条（%(share).0f%%）属于政务信息类别，低于 "
                          "%(minimum).0f%%；规则：不发布与机构职责相关度不高的信息。") % {
                    "where": where, "posts": len(posts), "relevant": relevant, "share": share * 100,
                    "minimum": rules.min_relevant_share * 100},
                evidence={"posts": len(posts), "relevant": relevant, "share": round(share, 4),
                          "min_share": rules.min_relevant_share},
            ))
    return CheckResult(check=NAME, findings=tuple(findings), observed=len(posts))

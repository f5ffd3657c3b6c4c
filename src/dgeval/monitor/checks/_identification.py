"""Shared logic of the site identification checks (网站标识): site code, ICP filing, PSB filing, 党政机关 badge.

Each looks in the homepage footer first (where the national rules put them), then in the whole homepage, and reports
what it found either way: present → a finding of severity "info" carrying the value (an observation, not a
problem); absent → severity "medium" with value null; present but malformed (wrong digit count) → severity "medium",
value null, and the malformed text in the evidence; the wrong kind (the 事业单位 badge) → severity "medium" with a
sentence saying what is shown instead. Observed: 1 when the homepage was read (its footer, or the whole page when it
has none). See docs/checks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from dgeval.i18n import gettext as _
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks._text import context, footer, labels, squash, visible_text
from dgeval.monitor.model import Finding, Page, Site

# Province abbreviations used in ICP and PSB filing numbers.
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"


@dataclass(frozen=True, slots=True)
class Observation:
    """What a search of the homepage gave: found (True / False / "malformed" / "public_institution": the 事业单位
    badge where the 党政机关 one belongs), the value, where and around what, and whether the value was read from an
    image's or link's alt/title label rather than the visible text (a 标识码 picture labelled with the code)."""

    found: bool | Literal["malformed", "public_institution"]
    value: str | None = None
    where: str | None = None  # "footer", "homepage" or "meta"
    context: str | None = None
    raw: str | None = None
    in_label: bool = False


def homepage(site: Site) -> Page:
    """The homepage as fetched, or CheckNotApplicable when there is none to read."""
    page = site.homepage
    if page is None or page.error is not None or not page.text or not page.is_html:
        raise CheckNotApplicable("homepage not fetched")
    return page


def search_text(page: Page, valid: re.Pattern[str], label: re.Pattern[str]) -> Observation:
    """Look for a valid value in the footer, then the homepage: their text, then the alt/title labels of their images
    and links (`<img src="jiucuo.png" alt="网站标识码：3301020001">` shows the code as a picture); a bare label means
    malformed. Comments are never read: commented-out markup is not shown."""
    foot = footer(page.text)
    shown = [("footer", foot.text, foot.labels)] if foot is not None else []
    shown.append(("homepage", visible_text(page.text), labels(page.text)))
    places = [(where, f"{text}\n{labelled}", len(text)) for where, text, labelled in shown]
    for where, text, labels_start in places:
        match = valid.search(text)
        if match:
            value = re.sub(r"\s+", "", match.group(0))
            return Observation(True, value, where, context(text, match.start(), match.end()),
                               in_label=match.start() > labels_start)
    # A bare label counts as a malformed value only where the value belongs: in the footer when there is one, so
    # that a headline such as 关于开展ICP备案核查的通知 is not read as a filing number.
    for where, text, _labels_start in places[:1]:
        match = label.search(text)
        if match:
            raw = squash(text[match.start() : match.end() + 24].split("\n")[0])
            return Observation("malformed", None, where, context(text, match.start(), match.end()), raw)
    return Observation(False)


def finding(name: str, site: Site, page: Page, seen: Observation) -> Finding:
    """The one finding of a site identification check: info when found, medium when absent, malformed or of the
    wrong kind."""
    evidence: dict[str, object] = {"found": seen.found}
    if seen.where is not None:
        evidence["where"] = seen.where
    if seen.context is not None:
        evidence["context"] = seen.context
    if seen.raw is not None:
        evidence["raw"] = seen.raw
    if seen.in_label:
        evidence["in_label"] = True
    return Finding(
        check=name,
        url=site.root,
        page=page.url,
        value=seen.value,  # the value found, or a sentence naming what is shown instead
        severity="info" if seen.found is True else "medium",
        evidence=evidence,
    )


def place_of(evidence: Mapping[str, Any]) -> str:
    """Where on the homepage an identification finding was read, for a sentence."""
    return {"footer": _("首页页脚"), "meta": _("首页源代码"), "homepage": _("首页")}.get(
        str(evidence.get("where")), _("首页"))


def describe_mark(label: str, rule: str, value: str | None, evidence: Mapping[str, Any], *, show_value: bool = True
             ) -> str:
    """The sentence of an identification finding: LABEL names the mark, RULE what the national rules ask."""
    place = place_of(evidence)
    found = evidence.get("found")
    if found is True:
        if show_value and value and evidence.get("in_label"):
            return _("%(place)s在图片或链接的说明文字中标注了%(label)s%(value)s") % {
                "place": place, "label": label, "value": quoted(value)}
        if show_value and value:
            return _("%(place)s标注了%(label)s%(value)s") % {"place": place, "label": label, "value": quoted(value)}
        return _("%(place)s展示了%(label)s") % {"place": place, "label": label}
    if found == "malformed":
        return _("%(place)s的%(label)s%(raw)s格式不正确（规则：%(rule)s）") % {
            "place": place, "label": label, "raw": quoted(evidence.get("raw") or ""), "rule": rule}
    return _("首页没有找到%(label)s（规则：%(rule)s）") % {"label": label, "rule": rule}

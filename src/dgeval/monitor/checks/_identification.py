"""Shared logic of the site identification checks (网站标识): site code, ICP filing, PSB filing, 党政机关 badge.

Each looks in the homepage footer first (where the national rules put them), then in the whole homepage, and reports
what it found either way: present → a finding of severity "info" carrying the value (an observation, not a
problem); absent → severity "medium" with value null; present but malformed (wrong digit count) → severity "medium",
value null, and the malformed text in the evidence; the wrong kind (the 事业单位 badge) → severity "medium" with a
sentence saying what is shown instead. See docs/checks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks._text import context, footer, labels, squash, visible_text
from dgeval.monitor.model import Finding, Page, Site

# Province abbreviations used in ICP and PSB filing numbers.
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"


@dataclass(frozen=True, slots=True)
class Observation:
    """What a search of the homepage gave: found (True / False / "malformed" / "public_institution": the 事业单位
    badge where the 党政机关 one belongs), the value, where and around what."""

    found: bool | Literal["malformed", "public_institution"]
    value: str | None = None
    where: str | None = None  # "footer", "homepage" or "meta"
    context: str | None = None
    raw: str | None = None


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
    places = [("footer", f"{foot.text}\n{foot.labels}")] if foot is not None else []
    places.append(("homepage", f"{visible_text(page.text)}\n{labels(page.text)}"))
    for where, text in places:
        match = valid.search(text)
        if match:
            value = re.sub(r"\s+", "", match.group(0))
            return Observation(True, value, where, context(text, match.start(), match.end()))
    # A bare label counts as a malformed value only where the value belongs: in the footer when there is one, so
    # that a headline such as 关于开展ICP备案核查的通知 is not read as a filing number.
    for where, text in places[:1]:
        match = label.search(text)
        if match:
            raw = squash(text[match.start() : match.end() + 24].split("\n")[0])
            return Observation("malformed", None, where, context(text, match.start(), match.end()), raw)
    return Observation(False)


def finding(name: str, leaves: tuple[str, ...], site: Site, page: Page, seen: Observation) -> Finding:
    """The one finding of a site identification check: info when found, medium when absent or malformed."""
    evidence: dict[str, object] = {"found": seen.found}
    if seen.where is not None:
        evidence["where"] = seen.where
    if seen.context is not None:
        evidence["context"] = seen.context
    if seen.raw is not None:
        evidence["raw"] = seen.raw
    return Finding(
        check=name,
        url=site.root,
        page=page.url,
        value=seen.value,  # the value found, or a sentence naming what is shown instead
        severity="info" if seen.found is True else "medium",
        evidence=evidence,
        leaves=leaves,
    )

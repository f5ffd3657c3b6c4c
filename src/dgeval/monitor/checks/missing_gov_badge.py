"""党政机关网站标识 (the red 开办者 badge issued through conac.cn) on the homepage (docs/checks.md).

The badge is markup, not text: an image or link to bszs.conac.cn, the script dcs.conac.cn serves (often written by
`document.write` into `<span id="_ideConac">`), or an image whose alt/title says 党政机关. The footer markup is read
first, then the whole homepage, scripts included; commented-out markup is not shown and never counts. A plain link
to www.conac.cn (中国机构编制网, a common 友情链接) is not the badge.

conac.cn issues a blue badge to 事业单位 (public institutions): `dcs.conac.cn/image/blue.png`, an image named for
事业单位 (`sydw.png`) or labelled 事业单位. A government site showing it shows the wrong badge: a finding (medium)
that says so. The picture decides over its label: a blue image labelled 党政机关 is still the blue badge. A badge
written by script alone (no image in the markup) cannot be told apart and counts as the red one.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identification import Observation, describe_mark, finding, homepage, place_of
from dgeval.monitor.checks._text import context, footer, without_comments
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Observed, Site

NAME = "missing_gov_badge"
TITLE = gettext_noop("党政机关网站标识")

# Most telling first: the conac.cn URL, then the placeholder span its script fills, then an image labelled 党政机关.
_BADGE_RES = (
    re.compile(r"(?:bszs|dcs)\.conac\.cn[^\"'\s<>()]*", re.IGNORECASE),
    re.compile(r"_ideConac"),
    re.compile(r"<img\s[^>]*(?:alt|title)\s*=\s*[\"'][^\"']*党政机关[^\"']*[\"'][^>]*>", re.IGNORECASE),
)
_IMG_RE = re.compile(r"<img\s[^>]*>", re.IGNORECASE)
_BLUE_IMAGE = re.compile(r"conac\.cn/image/blue|[/\"'_-]sydw[\w-]*\.(?:png|gif|jpe?g|svg)", re.IGNORECASE)
_RED_IMAGE = re.compile(r"conac\.cn/image/red", re.IGNORECASE)
_LABEL_RE = re.compile(r"(?:alt|title)\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_SRC_RE = re.compile(r"src\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
PUBLIC_INSTITUTION = "事业单位"
GOVERNMENT = "党政机关"


def badge_kind(img: str) -> str | None:
    """"事业单位" for a blue badge image, "党政机关" for a red one, None for any other image."""
    source = _SRC_RE.search(img)
    src = source.group(1) if source else ""
    label = " ".join(_LABEL_RE.findall(img))
    if _BLUE_IMAGE.search(src):
        return PUBLIC_INSTITUTION
    if _RED_IMAGE.search(src):
        return GOVERNMENT
    if PUBLIC_INSTITUTION in label:
        return PUBLIC_INSTITUTION
    if GOVERNMENT in label:
        return GOVERNMENT
    return None


def _look(markup: str, where: str) -> Observation | None:
    """The badge in one place's markup: the red one (found), the blue one (a wrong kind), or None for neither."""
    images = [(m, badge_kind(m.group(0))) for m in _IMG_RE.finditer(markup)]
    blue = next((m for m, kind in images if kind == PUBLIC_INSTITUTION), None)
    red_image = any(kind == GOVERNMENT for _image, kind in images)
    if blue is not None and not red_image:
        return Observation("public_institution", _("网站显示的是事业单位标识，而非党政机关标识"), where,
                           context(markup, blue.start(), blue.end(), width=40), html.unescape(blue.group(0)))
    match = next((m for pattern in _BADGE_RES if (m := pattern.search(markup))), None)
    if match is None:
        return None
    value = html.unescape(match.group(0))
    return Observation(True, value, where, context(markup, match.start(), match.end(), width=40))


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: the red badge found (info, value = its URL or marker), the blue 事业单位 badge instead (medium,
    value = a sentence saying so), or none (medium)."""
    page = homepage(site)
    yield Observed()
    foot = footer(page.text)
    places = [("footer", foot.html)] if foot is not None else []
    places.append(("homepage", without_comments(page.text)))
    seen = next((found for where, markup in places if (found := _look(markup, where)) is not None), Observation(False))
    yield finding(NAME, site, page, seen)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    rule = _("政府网站应在首页底部展示党政机关网站标识")
    if evidence.get("found") == "public_institution":
        return _("%(place)s展示的是事业单位网站标识（蓝色），而非党政机关网站标识（红色）（规则：%(rule)s）") % {
            "place": place_of(evidence), "rule": rule}
    return describe_mark(_("党政机关网站标识"), rule, value, evidence, show_value=False)

"""robots.txt (protego) and sitemap.xml: what the crawler may fetch and where it may start.

robots.txt is obeyed by default; a site's own webmaster may override it (`--ignore-robots`). A robots.txt that is
missing or fails to load allows everything, as Google and Scrapy do; a 5xx is treated the same way rather than as
"disallow all", because the monitor's purpose is to find the site's problems, and a broken robots.txt is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protego import Protego

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_SITEMAP_INDEX = re.compile(rb"<sitemapindex", re.I)


@dataclass(frozen=True, slots=True)
class Robots:
    """The parsed rules of one host, or allow-all."""

    parser: Protego | None
    user_agent: str

    def allowed(self, url: str) -> bool:
        return self.parser is None or bool(self.parser.can_fetch(url, self.user_agent))

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None


def parse_robots(body: bytes | None, user_agent: str) -> Robots:
    if not body:
        return Robots(None, user_agent)
    try:
        return Robots(Protego.parse(body.decode("utf-8", "replace")), user_agent)
    except Exception:  # a garbled robots.txt allows everything rather than ending the scan
        return Robots(None, user_agent)


def parse_sitemap(body: bytes) -> tuple[list[str], bool]:
    """The <loc> URLs of a sitemap, and whether it is a sitemap index (its locs are further sitemaps)."""
    locs = [m.group(1).decode("utf-8", "replace").replace("&amp;", "&") for m in _LOC.finditer(body)]
    return locs, bool(_SITEMAP_INDEX.search(body[:2048]))

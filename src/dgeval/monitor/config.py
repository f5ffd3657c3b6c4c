"""Crawl configuration: politeness, limits and safety caps in one frozen dataclass.

Every number here is a default a campaign or a site owner may change (`dgeval scan --help` exposes the common ones).
The caps exist so that no hostile site can hold a scan forever or exhaust memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Identifies the monitor to webmasters, with a URL to read about it (and to complain).
DEFAULT_USER_AGENT = "dgeval-monitor/0.1 (+https://github.com/dgeval/dgeval)"

External = Literal["check", "skip"]


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """How one site is crawled. Defaults are polite enough for a government site and safe against hostile ones."""

    # politeness
    concurrency: int = 32
    per_host: int = 4
    per_host_interval: float = 0.0  # minimum seconds between two request starts on one host
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True  # `ignore_robots` on the CLI: only for a site's own owner
    # timeouts (the national availability rule uses 15 s)
    connect_timeout: float = 15.0
    read_timeout: float = 15.0
    total_timeout: float = 15.0
    # retries for timeouts, 429 and 5xx
    retries: int = 2
    backoff_base: float = 0.5
    retry_after_cap: float = 10.0
    # scope and limits
    max_pages: int = 10_000
    max_depth: int = 10
    include_subdomains: bool = False
    external: External = "check"
    use_sitemap: bool = True
    max_link_checks: int = 50_000
    max_wall_time: float = 3600.0  # seconds per site: the crawl, the probes and the checks
    # hard caps against hostile responses
    max_body_bytes: int = 10 * 1024 * 1024  # bytes on the wire
    max_decoded_bytes: int = 20 * 1024 * 1024  # bytes after gzip/deflate/brotli
    max_compression_ratio: int = 100  # a body expanding more is refused as a bomb (HTML rarely passes 20)
    max_attachment_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    max_url_length: int = 2048
    max_links_per_page: int = 5_000
    max_dom_nodes: int = 250_000  # tags in one HTML page; past this it is neither parsed nor checked
    max_dom_depth: int = 1_000  # element nesting of one HTML page (estimated from its bytes); likewise
    page_check_seconds: float = 10.0  # the checks of one page; a check past it is stopped for that page
    max_sitemap_urls: int = 50_000
    # safety
    allow_private: bool = False
    fetch_attachments: bool = True

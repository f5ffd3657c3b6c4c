"""Site-level probes: IPv4 and IPv6 reachability, HTTPS and certificate, site search.

The crawler fills `Site.probes` from these (schema in docs/briefs/monitor_common.md); checks only read the dicts.
`probe_once` is also the unit of `dgeval probe`: one attempt, no retries, one address family, so IPv4 and IPv6
availability are measured separately as the national rule asks.

Loopback and IP-literal targets are never looked up in DNS: their addresses are the literal (or the loopback pair).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlencode

from selectolax.lexbor import LexborHTMLParser

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import CrawlResult
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.page import decode, host_of, resolve
from dgeval.monitor.ratelimit import RateLimiter, site_key
from dgeval.monitor.safety import GuardedResolver, RefusedTarget, check_literal_host, find_refusal, is_loopback_host, \
    is_allowed, parse_ip

SEARCH_PARAMS = ("q", "query", "keyword", "keywords", "searchword", "kw", "wd", "word", "key", "searchkey", "sword")
SEARCH_ACTION = re.compile(r"search|sousuo|jsearch|/ss/|so\.|query", re.I)
TITLE_SPLIT = re.compile(r"\s*[-_|—–]\s*|\s{2,}")
DNS_TIMEOUT = 5.0


async def addresses(host: str, family: socket.AddressFamily) -> tuple[list[str], str | None]:
    """A (IPv4) or AAAA (IPv6) addresses of a host; literals and loopback names answer without DNS."""
    ip = parse_ip(host)
    if ip is not None:
        wanted = 4 if family == socket.AF_INET else 6
        return ([str(ip)] if ip.version == wanted else []), None
    if is_loopback_host(host):
        return (["127.0.0.1"] if family == socket.AF_INET else ["::1"]), None
    import dns.asyncresolver  # imported here, as aiohttp below: probes run after the crawl, which need not wait
    import dns.exception

    rdtype = "A" if family == socket.AF_INET else "AAAA"
    resolver = dns.asyncresolver.Resolver()
    resolver.lifetime = DNS_TIMEOUT
    try:
        answer = await resolver.resolve(host, rdtype)
    except dns.resolver.NoAnswer:
        return [], None
    except (dns.exception.DNSException, OSError) as exc:
        return [], f"dns: {type(exc).__name__}"
    return sorted(r.to_text() for r in answer), None


async def probe_once(
    url: str, family: socket.AddressFamily, *, timeout: float, allow_private: bool, user_agent: str,
    limiter: RateLimiter | None = None,
) -> dict[str, Any]:
    """One GET of `url` over one address family, without retries or redirects.

    Available means an HTTP answer below 400 (a redirect counts: the site answered). Returns status, elapsed_ms,
    error and reachable. LIMITER, when given, is waited for before the clock starts: a probe takes its turn with
    the scans of the same host, and the wait is not counted as the site's slowness.
    """
    import aiohttp  # 0.15 s to import: not before the crawl's first request

    host = host_of(url)
    try:
        check_literal_host(host, allow_private=allow_private)
    except RefusedTarget as exc:
        return {"reachable": False, "status": None, "elapsed_ms": None, "error": str(exc)}
    if limiter is not None:
        await limiter.acquire(site_key(url))
    connector = aiohttp.TCPConnector(family=family, resolver=GuardedResolver(allow_private=allow_private),
                                     force_close=True)
    started = time.perf_counter()
    status = None
    error = None
    try:
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
            async with session.get(url, allow_redirects=False, headers={"User-Agent": user_agent},
                                   timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
                status = resp.status
                await resp.content.read(64 * 1024)
    except asyncio.TimeoutError:
        error = "timeout"
    except aiohttp.ClientConnectorError as exc:
        refusal = find_refusal(exc)
        error = str(refusal) if refusal is not None else f"connect: {exc.os_error or exc}"
    except aiohttp.ClientError as exc:
        error = f"{type(exc).__name__}: {exc}"
    except OSError as exc:
        error = f"{type(exc).__name__}: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    return {
        "reachable": status is not None and status < 400,
        "status": status,
        "elapsed_ms": round(elapsed, 1) if status is not None else None,
        "error": error,
    }


async def probe_family(
    url: str, family: socket.AddressFamily, config: CrawlConfig, limiter: RateLimiter | None = None
) -> dict[str, Any]:
    """The ipv4/ipv6 probe dict: DNS addresses, then one GET of the root over that family only."""
    found, dns_error = await addresses(host_of(url), family)
    result: dict[str, Any] = {"addresses": found, "reachable": None if family == socket.AF_INET6 else False,
                              "status": None, "elapsed_ms": None, "error": dns_error}
    if not found:
        if family == socket.AF_INET:
            result["error"] = dns_error or "no A record"
        return result
    result.update(await probe_once(url, family, timeout=config.total_timeout, allow_private=config.allow_private,
                                   user_agent=config.user_agent, limiter=limiter))
    return result


async def probe_target(
    url: str, family: socket.AddressFamily, *, timeout: float, allow_private: bool, user_agent: str,
    limiter: RateLimiter | None = None,
) -> dict[str, Any]:
    """One availability record for `dgeval probe`: time, target, family, status, latency, error, ok."""
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    name = "ipv4" if family == socket.AF_INET else "ipv6"
    found, dns_error = await addresses(host_of(url), family)
    record: dict[str, Any] = {"time": when, "target": url, "family": name, "status": None, "latency_ms": None}
    if not found:
        record.update(error=dns_error or "no address", ok=False)
        return record
    outcome = await probe_once(url, family, timeout=timeout, allow_private=allow_private, user_agent=user_agent,
                               limiter=limiter)
    record.update(status=outcome["status"], latency_ms=outcome["elapsed_ms"], error=outcome["error"],
                  ok=outcome["reachable"])
    return record


async def probe_https(crawl: CrawlResult, fetcher: Fetcher, config: CrawlConfig) -> dict[str, Any]:
    """Does http:// redirect to https://; does https answer; is its certificate valid, until when.

    HTTPS is looked for where the site says it is: the target itself when it is https, where http redirects to, or
    port 443 of the same name when the site is served on the default http port. A site served over http on another
    port (a test server, an intranet port) is not probed on 443, which may be someone else's service: it is
    reported without https, with the reason in `cert_error`.
    """
    host = host_of(crawl.final_root)
    authority = crawl.final_root.split("://", 1)[1].split("/", 1)[0]
    scheme = crawl.final_root.split(":", 1)[0]
    http_url = f"http://{authority}/" if scheme == "http" else f"http://{host if ':' not in host else authority}/"
    redirects: bool | None = None
    response = await fetcher.fetch(http_url if scheme == "https" else crawl.root, retries=0, read_body=False)
    if response.status is not None or response.redirects:
        redirects = response.final_url.startswith("https://")
    if scheme == "https":
        https_authority = authority
    elif redirects:
        https_authority = response.final_url.split("://", 1)[1].split("/", 1)[0]
    elif _default_port(authority) and not is_loopback_host(host):
        https_authority = f"[{host.strip('[]')}]" if ":" in host else host
    else:
        return {"scheme": scheme, "http_redirects_to_https": redirects, "https_reachable": False,
                "cert_valid": None, "cert_not_after": None,
                "cert_error": f"not probed: {http_url} does not redirect to https and is not on the default port"}
    https_response = await fetcher.fetch(f"https://{https_authority}/", retries=0, read_body=False)
    cert_host = https_authority.rsplit("]", 1)[0].strip("[") if https_authority.startswith("[") \
        else https_authority.split(":", 1)[0]
    port = 443 if _default_port(https_authority) else int(https_authority.rsplit(":", 1)[1])
    cert = await certificate(cert_host, port, timeout=config.connect_timeout, allow_private=config.allow_private)
    return {
        "scheme": scheme,
        "http_redirects_to_https": redirects,
        "https_reachable": https_response.status is not None,
        **cert,
    }


def _default_port(authority: str) -> bool:
    """An authority without an explicit port ("host", "[::1]"); normalized URLs drop default ports."""
    return ":" not in authority.rsplit("]", 1)[-1]


async def certificate(host: str, port: int, *, timeout: float, allow_private: bool) -> dict[str, Any]:
    """Validate the certificate with the system trust store; report its expiry date."""
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout)
    except (OSError, asyncio.TimeoutError) as exc:
        return {"cert_valid": None, "cert_not_after": None, "cert_error": f"dns: {exc}"}
    address = str(infos[0][4][0])
    ip = parse_ip(address)
    if (ip is None and not allow_private) or (ip is not None and not is_allowed(ip, allow_private=allow_private)):
        return {"cert_valid": None, "cert_not_after": None, "cert_error": f"refused non-public address {address}"}
    context = ssl.create_default_context()
    server_name = None if parse_ip(host) is not None else host
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(address, port, ssl=context, server_hostname=server_name or host), timeout
        )
    except ssl.SSLCertVerificationError as exc:
        return {"cert_valid": False, "cert_not_after": None, "cert_error": exc.verify_message or str(exc)}
    except (OSError, asyncio.TimeoutError, ssl.SSLError) as exc:
        return {"cert_valid": None, "cert_not_after": None, "cert_error": f"{type(exc).__name__}: {exc}"}
    try:
        peer = writer.get_extra_info("peercert") or {}
        not_after = peer.get("notAfter")
        date = dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), dt.timezone.utc).date().isoformat() \
            if not_after else None
        return {"cert_valid": True, "cert_not_after": date, "cert_error": None}
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (OSError, ssl.SSLError):
            pass


def find_search_form(html: str, base: str) -> tuple[str, str, dict[str, str]] | None:
    """(action URL, query parameter, hidden fields) of the homepage's site search form, if any."""
    tree = LexborHTMLParser(html)
    for form in tree.css("form"):
        action = form.attributes.get("action") or ""
        inputs = form.css("input")
        text_inputs = [
            i for i in inputs
            if (i.attributes.get("type") or "text").lower() in ("text", "search") and i.attributes.get("name")
        ]
        named = [i for i in text_inputs if (i.attributes.get("name") or "").lower() in SEARCH_PARAMS]
        if not named and not (text_inputs and SEARCH_ACTION.search(action)):
            continue
        param = str((named or text_inputs)[0].attributes.get("name"))
        hidden = {
            str(i.attributes.get("name")): i.attributes.get("value") or ""
            for i in inputs
            if (i.attributes.get("type") or "").lower() == "hidden" and i.attributes.get("name")
        }
        target = resolve(base, action) if action.strip() else base
        if target is None:
            continue
        return target, param, hidden
    return None


def pick_query(titles: list[tuple[str, str]], homepage: str) -> tuple[str, str] | None:
    """(query, page it came from): the main part of an inner page's title, short enough to be searched for."""
    home_title_parts = set()
    for url, title in titles:
        if url == homepage:
            home_title_parts = {p for p in TITLE_SPLIT.split(title) if p}
    for url, title in titles:
        if url == homepage:
            continue
        for part in TITLE_SPLIT.split(title):
            part = part.strip()
            if 4 <= len(part) <= 30 and part not in home_title_parts:
                return part, url
    return None


async def probe_search(crawl: CrawlResult, fetcher: Fetcher, config: CrawlConfig) -> dict[str, Any]:
    result: dict[str, Any] = {"form_found": False, "action": None, "param": None, "query": None,
                              "query_source": None, "status": None, "found": None, "excerpt": None}
    homepage = next((p for p in crawl.pages if p.is_html), None)
    if homepage is None:
        return result
    form = find_search_form(homepage.text, homepage.final_url)
    if form is None:
        return result
    action, param, hidden = form
    result.update(form_found=True, action=action, param=param)
    picked = pick_query(crawl.titles, homepage.final_url)
    if picked is None:
        return result
    query, source = picked
    result.update(query=query, query_source=source)
    host = host_of(action)
    if host not in (host_of(crawl.root), host_of(crawl.final_root)) and config.external == "skip":
        return result  # search served by another host: not contacted under --external skip
    separator = "&" if "?" in action else "?"
    url = action + separator + urlencode({**hidden, param: query})
    response = await fetcher.fetch(url, retries=0)
    result["status"] = response.status
    if response.status is None:
        return result
    text, _ = decode(response.body, response.content_type)
    plain = LexborHTMLParser(text).text(separator=" ") if text else ""
    at = plain.find(query)
    result["found"] = at >= 0
    if at >= 0:
        result["excerpt"] = " ".join(plain[max(0, at - 60): at + len(query) + 60].split())
    return result


def _import_clients() -> None:
    import aiohttp  # noqa: F401
    import dns.asyncresolver  # noqa: F401


async def run_probes(crawl: CrawlResult, fetcher: Fetcher, config: CrawlConfig) -> dict[str, Any]:
    """All site probes, concurrently. A probe that fails unexpectedly is left out (missing = not run) and logged.

    The HTTP client and DNS library the probes use are imported first, off the event loop: importing them takes
    0.15 s, during which the loop would hand no attachment to the sandbox and no page to the checks worker."""
    await asyncio.to_thread(_import_clients)
    names = ("ipv4", "ipv6", "https", "search")
    coros = (
        probe_family(crawl.final_root, socket.AF_INET, config, fetcher.limiter),
        probe_family(crawl.final_root, socket.AF_INET6, config, fetcher.limiter),
        probe_https(crawl, fetcher, config),
        probe_search(crawl, fetcher, config),
    )
    results = await asyncio.gather(*coros, return_exceptions=True)
    probes: dict[str, Any] = {}
    for name, outcome in zip(names, results):
        if isinstance(outcome, BaseException):
            crawl.stats.errors.append(f"probe {name}: {type(outcome).__name__}: {outcome}"[:300])
            continue
        probes[name] = outcome
    return probes

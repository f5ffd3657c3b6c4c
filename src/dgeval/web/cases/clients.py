"""Who is asking: the client's address for rate limits and vote records, proxy-aware only when told to be.

Behind a reverse proxy REMOTE_ADDR is the proxy. DGEVAL_PROXY_HOPS says how many proxies of ours append to
X-Forwarded-For (0 by default: the header is ignored, since any client can send one); the client is then the entry
that many places from the right.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    """The client's IP address as text; REMOTE_ADDR unless DGEVAL_PROXY_HOPS trusts X-Forwarded-For."""
    hops = int(getattr(settings, "DGEVAL_PROXY_HOPS", 0) or 0)
    address = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if hops > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= hops:
            address = chain[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"


def ip_network_of(address: str) -> str:
    """The address range a client belongs to for grouping: its /24 (IPv4) or /48 (IPv6)."""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def ratelimit_ip(group: str, request: Any) -> str:
    """django-ratelimit key: the client address as `client_ip` sees it."""
    return client_ip(request)

"""The platform's per-host politeness: one rate limiter shared by every scan and probe of the deployment.

Embedded (no broker): one in-process `HostSpacing` for the web server's runner threads. With `DGEVAL_BROKER_URL`, the
Redis of the broker holds each host's next free start (`RedisHostSpacing`), so two workers never reach one site more
often than every `DGEVAL_HOST_INTERVAL` seconds between them.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from dgeval.monitor.ratelimit import HostSpacing, RateLimiter, RedisHostSpacing


def redis_client_url(broker_url: str) -> str:
    """The broker URL as redis-py reads it: Celery's `redis+socket:///path` is redis-py's `unix:///path`."""
    return "unix://" + broker_url.removeprefix("redis+socket://") if broker_url.startswith("redis+socket://") \
        else broker_url


@lru_cache(maxsize=4)
def _limiter(broker_url: str, interval: float) -> RateLimiter:
    if broker_url:
        import redis

        return RedisHostSpacing(redis.Redis.from_url(redis_client_url(broker_url)), interval)
    return HostSpacing(interval)


def host_limiter() -> RateLimiter:
    """The deployment's limiter (one per process and configuration, made on first use)."""
    return _limiter(getattr(settings, "DGEVAL_BROKER_URL", ""), float(getattr(settings, "DGEVAL_HOST_INTERVAL", 0.5)))

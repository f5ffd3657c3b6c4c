"""A cap on status-page lookups per client, so references cannot be tried against guessed contacts in bulk."""

from __future__ import annotations

from django.core.cache import cache

#: Lookups allowed per client in one window: a county checks a few times, a guesser needs thousands.
LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 3600


def status_lookup_allowed(client_key: str) -> bool:
    """Count one lookup for CLIENT_KEY (its address); False once it has used up the window's allowance."""
    key = f"dgeval:registration-lookup:{client_key}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= LOOKUPS_PER_WINDOW
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True

"""Fixtures every test folder may use: the project's Redis (scripts/redis.sh), one per test session."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import service


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The broker URL of a Redis started for this session (unix socket, no persistence)."""
    with tempfile.TemporaryDirectory(prefix="dgeval-redis-") as folder, service("redis.sh", Path(folder)) as url:
        yield url

"""The project's own services for tests that need them: Redis and PostgreSQL, started with scripts/redis.sh and
scripts/postgres.sh exactly as CI and users start them, stopped when the test session ends."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def service(script: str, folder: Path) -> Iterator[str]:
    """Start scripts/SCRIPT in FOLDER; yields the URL it prints; stops it afterwards."""
    path = ROOT / "scripts" / script
    url = subprocess.run(["bash", str(path), "start", str(folder)], check=True, capture_output=True, text=True,
                         timeout=120).stdout.strip().splitlines()[-1]
    try:
        yield url
    finally:
        subprocess.run(["bash", str(path), "stop", str(folder)], check=False, capture_output=True, timeout=120)

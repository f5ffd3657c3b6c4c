"""The demo evaluation (`dgeval demo`) built and served in a process of its own, for the tests that walk every page
as each role: the pages then hold what a campaign really shows (full lists, findings, scores, cases), not a
fixture's three rows.

`demo_platform` (session scope) builds the demo into a temporary folder, serves it on a free loopback port and
yields the address with one login per role; the process is stopped at the end of the session. Set
DGEVAL_E2E_DEMO_DIR to a folder holding a demo built before (`dgeval demo --no-serve --data-dir DIR`) to serve that
one instead of building anew.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Building the demo scans five portals; on a busy two-core machine that takes a few minutes.
BUILD_TIMEOUT_S = 900
#: The platform's variables the test run sets for itself, which must not reach the demo's process.
_TEST_ONLY = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DGEVAL_TODAY", "DGEVAL_DATA_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")


@dataclass(frozen=True)
class DemoPlatform:
    url: str
    #: role → (username, password); the anonymous public has no entry.
    logins: dict[str, tuple[str, str]] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _logins(printed: str) -> dict[str, tuple[str, str]]:
    """One login per role from the accounts the demo prints (username, password, display name)."""
    from dgeval.web.accounts.demo import DEMO_USERS, WEBMASTER_PASSWORD

    logins = {}
    for username, password, role, _display in DEMO_USERS:
        logins.setdefault(role, (username, password))
    webmasters = re.findall(rf"^\s+(\S+)\s+{re.escape(WEBMASTER_PASSWORD)}\s", printed, flags=re.MULTILINE)
    assert webmasters, f"the demo printed no webmaster login:\n{printed}"
    logins["webmaster"] = (webmasters[0], WEBMASTER_PASSWORD)
    return logins


@pytest.fixture(scope="session")
def demo_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoPlatform]:
    data_dir = Path(os.environ.get("DGEVAL_E2E_DEMO_DIR") or tmp_path_factory.mktemp("demo"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY}
    log = tmp_path_factory.mktemp("demo-log") / "demo.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dgeval.cli", "demo", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**env, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT_S
        while "平台地址" not in log.read_text("utf-8"):
            if process.poll() is not None:
                pytest.fail(f"the demo stopped (exit {process.returncode}):\n{log.read_text('utf-8')[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the demo was not served within {BUILD_TIMEOUT_S} s:\n{log.read_text('utf-8')[-4000:]}")
            time.sleep(1)
        yield DemoPlatform(url=f"http://127.0.0.1:{port}", logins=_logins(log.read_text("utf-8")))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

"""response_time: a homepage slower than the configured threshold (3000 ms by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.checks import response_time
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("response_time"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(response_time, folder)


def test_threshold_is_configuration() -> None:
    site = build_site(FIXTURES / "response_time" / "fast_homepage")
    [finding] = findings_of(response_time.run(site, CheckConfig(slow_response_ms=500)))
    assert finding.evidence == {"elapsed_ms": 800.0, "threshold_ms": 500, "status": 200}

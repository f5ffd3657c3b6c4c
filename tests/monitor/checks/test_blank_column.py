"""blank_column: column pages with no items or only 暂无信息; single-page columns and hubs are not blank."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.checks import blank_column
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks.conftest import fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("blank_column"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(blank_column, folder)

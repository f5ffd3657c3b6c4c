"""orphan_interpretation: 解读 articles that link no policy; 原文 links, 《》 links, attachments satisfy it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.monitor.checks import orphan_interpretation
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks.conftest import fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("orphan_interpretation"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(orphan_interpretation, folder)

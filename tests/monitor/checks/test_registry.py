"""The registry: every check module follows the contract in checks/__init__.py."""

import re

import pytest

from dgeval.framework import load_framework
from dgeval.monitor.checks import CHECK_MODULES, load_check

LEAF_CODES = {i.code for name in ("local_site", "ministry_site") for i in load_framework(name).indicators}


@pytest.mark.parametrize("name", CHECK_MODULES)
def test_check_module_contract(name: str) -> None:
    module = load_check(name)
    assert module.NAME == name
    assert re.search(r"[\u4e00-\u9fff]", module.TITLE), "TITLE is the check's Chinese name"
    assert module.LEAVES and set(module.LEAVES) <= LEAF_CODES
    assert callable(module.run)


def test_titles_are_distinct() -> None:
    titles = [load_check(name).TITLE for name in CHECK_MODULES]
    assert len(set(titles)) == len(titles)

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_toml() -> str:
    return (FIXTURES / "2021" / "mini_site.toml").read_text(encoding="utf-8")


@pytest.fixture
def write_bad(tmp_path: Path, mini_toml: str):
    """Write a variant of the 2021 fixture with one edit: (old, new) replacements, appended text."""

    def write(*replacements: tuple[str, str], append: str = "") -> Path:
        text = mini_toml
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        path = tmp_path / "2021" / "mini_site.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + append, encoding="utf-8")
        return path

    return write

"""Configuration shared by the checks: thresholds the plan may revise and the data files campaigns extend."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds are configuration, not constants: the national rules get revised."""

    data_dir: Path = DATA_DIR
    column_classes_file: Path = DATA_DIR / "column_classes.toml"
    wrong_words_files: tuple[Path, ...] = (DATA_DIR / "wrong_words.txt",)
    #: official names and formulations the wrong_word check generates misspellings from
    official_names_files: tuple[Path, ...] = (DATA_DIR / "official_names.txt",)
    homepage_stale_days: int = 14
    message_reply_working_days: int = 5
    slow_response_ms: float = 3000.0
    cert_expiry_warning_days: int = 30
    #: the year of the finding rules that map findings to leaves (None: the newest year that has rules)
    rules_year: int | None = None
    #: per-class override of column_classes.toml thresholds, e.g. {"long": 730}
    column_stale_days: dict[str, int] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

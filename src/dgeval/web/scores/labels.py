"""Chinese names of an evaluation (framework, column), which the data and URLs name with English codes."""

from __future__ import annotations

from dgeval.errors import FrameworkError
from dgeval.framework import load_framework


def evaluation_label(framework: str, column: str) -> str:
    """"政府网站绩效评估指标（地方政府）· 县" for ("local_site", "county"); the codes for an unknown framework.

    The latest edition's names are used: titles and column names do not change between years.
    """
    try:
        fw = load_framework(framework)
    except FrameworkError:
        return f"{framework}/{column}"
    return f"{fw.title} · {fw.column_labels.get(column, column)}"

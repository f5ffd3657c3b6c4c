"""Write a report in all three formats: `<name>.html`, `<name>.pdf`, `<name>.xlsx` in one folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dgeval.reports.files import atomic_save
from dgeval.reports.html import render_national, render_target
from dgeval.reports.model import NationalReport, TargetReport
from dgeval.reports.pdf import html_to_pdf
from dgeval.reports.workbooks import write_national_xlsx, write_target_xlsx

#: Called after each step with (step name, steps done, steps in all): the CLI draws its progress bar from it.
Progress = Callable[[str, int, int], None]
FORMATS = ("html", "pdf", "xlsx")


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


def _write_all(name: str, html: str, write_xlsx: Callable[[Path], None], out_dir: Path,
               progress: Progress) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out_dir / f"{name}.{fmt}" for fmt in FORMATS}
    atomic_save(paths["html"], lambda tmp: tmp.write_text(html, encoding="utf-8"))
    progress("html", 1, len(FORMATS))
    write_xlsx(paths["xlsx"])
    progress("xlsx", 2, len(FORMATS))
    html_to_pdf(html, paths["pdf"])
    progress("pdf", 3, len(FORMATS))
    return paths


def write_national(report: NationalReport, out_dir: Path, progress: Progress = _quiet) -> dict[str, Path]:
    """national.html, national.pdf and national.xlsx in OUT_DIR; returns their paths by format."""
    return _write_all("national", render_national(report), lambda p: write_national_xlsx(report, p), out_dir,
                      progress)


def write_target(report: TargetReport, out_dir: Path, progress: Progress = _quiet) -> dict[str, Path]:
    """<target code>.html/.pdf/.xlsx in OUT_DIR."""
    name = re.sub(r"[^\w.-]", "_", report.target_code)
    return _write_all(name, render_target(report), lambda p: write_target_xlsx(report, p), out_dir,
                      progress)

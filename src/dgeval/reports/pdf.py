"""PDF from a report's HTML by headless Chromium's print-to-PDF (Debian's /usr/bin/chromium).

Chromium runs the report's ECharts code and prints the SVG charts as vectors, embedding the CJK font subsets it
used; docs/reports.md gives the measured comparison with WeasyPrint behind this choice. The HTML is written to a
private temporary folder and loaded from file://; it is self-contained, and Chromium runs with its background
networking off, so printing makes no request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dgeval.errors import DgevalError
from dgeval.i18n import gettext as _
from dgeval.reports.files import atomic_save

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "google-chrome")
#: Chromium's own flags for a one-shot, offline, sandbox-less print (we run as root in containers).
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-extensions", "--disable-sync", "--no-pdf-header-footer", "--hide-scrollbars",
    # Lets the page's scripts (ECharts) run to completion before printing; the report sets no timers itself.
    "--virtual-time-budget=10000",
)
#: A 900-target national report prints in a few seconds; this bounds a hung browser.
TIMEOUT_SECONDS = 300


class PdfError(DgevalError):
    """Chromium is missing or could not print the report."""


def chromium_path() -> str:
    configured = os.environ.get("DGEVAL_CHROMIUM")
    for candidate in ((configured,) if configured else CHROMIUM_CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError(_("找不到 Chromium（需要 /usr/bin/chromium，或用 DGEVAL_CHROMIUM 指定路径），无法生成 PDF"))


def html_to_pdf(html: str, out: Path) -> None:
    """Print HTML to the PDF file OUT (written whole or not at all)."""
    browser = chromium_path()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="dgeval-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "report.pdf"
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--print-to-pdf={printed}", page.as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(_("Chromium 生成 PDF 超时（%(seconds)s 秒）") % {"seconds": TIMEOUT_SECONDS}) from exc
        if result.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PdfError(_("Chromium 未能生成 PDF（退出码 %(code)s）：%(detail)s") % {
                "code": result.returncode, "detail": detail[0]})
        atomic_save(out, lambda tmp: shutil.copyfile(printed, tmp))

"""Text of attachments (PDF, Word, Excel, WPS, TXT) for the content checks (privacy leaks, wrong words).

Extraction runs off the event loop (`asyncio.to_thread`) and never raises: a damaged or hostile file yields the text
recovered so far plus a note. Limits keep a 2,000-page PDF or a million-row sheet from stalling a scan.

Accepted limit: legacy binary .doc and .wps files are not parsed; their text is recovered best-effort as printable
runs of UTF-16LE (how Word 97+ stores most text) and GB18030, which finds ID numbers and phrases but loses layout.
"""

from __future__ import annotations

import io
import re
from typing import Callable

from dgeval.monitor.page import decode

ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".txt"})
ATTACHMENT_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-works": ".wps",
    "application/kswps": ".wps",
    "text/plain": ".txt",
}
MAX_PDF_PAGES = 300
MAX_SHEET_ROWS = 20_000
MAX_TEXT_CHARS = 2_000_000

_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e\t\r\n]\x00|[\x00-\xff][\x4e-\x9f]){4,}")
_GB_RUN = re.compile(rb"(?:[\x20-\x7e]|[\x81-\xfe][\x40-\xfe]){6,}")


def extension_of(url: str) -> str:
    """'.pdf' etc. from a URL path (query ignored), lower case; '' if none."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    tail = path.rsplit("/", 1)[-1]
    dot = tail.rfind(".")
    return tail[dot:].lower() if dot > 0 else ""


def attachment_kind(url: str, content_type: str = "") -> str | None:
    """The attachment extension for a URL or content type, or None if it is not an attachment."""
    ct = content_type.split(";", 1)[0].strip().lower()
    if ct in ATTACHMENT_TYPES and not (ct == "text/plain" and extension_of(url) != ".txt"):
        return ATTACHMENT_TYPES[ct]
    ext = extension_of(url)
    return ext if ext in ATTACHMENT_EXTENSIONS else None


def _pdf(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    parts = []
    for index, page in enumerate(reader.pages):
        if index >= MAX_PDF_PAGES:
            break
        parts.append(page.extract_text() or "")
    return "\n".join(parts)


def _docx(body: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(body: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    parts = []
    rows = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if rows > MAX_SHEET_ROWS:
                    return "\n".join(parts)
                # Long numbers stored as numbers must keep every digit (ID numbers in a sheet).
                parts.append("\t".join("" if v is None else (f"{v:.0f}" if isinstance(v, float) and v.is_integer()
                                                              else str(v)) for v in row))
    finally:
        book.close()
    return "\n".join(parts)


def _binary_runs(body: bytes) -> str:
    """Best-effort text of a legacy binary document (see the module docstring)."""
    runs = [m.group(0).decode("utf-16-le", "ignore") for m in _UTF16_RUN.finditer(body)]
    runs += [m.group(0).decode("gb18030", "ignore") for m in _GB_RUN.finditer(body)]
    return "\n".join(r.strip() for r in runs if r.strip())


def _txt(body: bytes) -> str:
    return decode(body, "", html=False)[0]


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".xlsx": _xlsx,
    ".xls": _binary_runs,
    ".doc": _binary_runs,
    ".wps": _binary_runs,
    ".txt": _txt,
}


def extract_text(body: bytes, kind: str) -> tuple[str, str | None]:
    """(text, error note). Never raises: the scan goes on past a damaged file."""
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return "", f"no text extractor for {kind}"
    try:
        text = extractor(body)
    except Exception as exc:  # hostile or damaged files raise anything; the file becomes an error note
        return "", f"cannot extract text from {kind}: {type(exc).__name__}: {exc}"[:500]
    note = "best-effort text of a legacy binary file" if extractor is _binary_runs else None
    return text[:MAX_TEXT_CHARS], note

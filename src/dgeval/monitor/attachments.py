"""Text of attachments (PDF, Word, Excel, WPS, TXT) for the content checks (privacy leaks, wrong words).

Extraction runs off the event loop (`asyncio.to_thread`) and never raises: a damaged or hostile file yields the text
recovered so far plus a note. Limits keep a 2,000-page PDF or a million-row sheet from stalling a scan.

Accepted limit: legacy binary .doc and .wps files are not parsed; their text is recovered best-effort as printable
runs of UTF-16LE (how Word 97+ stores most text) and GB18030, which finds ID numbers and phrases but loses layout.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Callable

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
#: A Word document's XML larger than this once inflated is a zip bomb, not a notice.
MAX_DOCX_XML_BYTES = 200 << 20

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#: What python-docx's `Run.text` makes of a run's inner elements (w:br only as a line break).
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _docx_part(archive: zipfile.ZipFile) -> str:
    """The name of the main document part, as the package relationships give it."""
    from lxml import etree

    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), _xml_parser())
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return (rel.get("Target") or "").lstrip("/")
    return "word/document.xml"


def _xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # as python-docx parses


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "br":
            parts.append("\n" if child.get(_W + "type", "textWrapping") == "textWrapping" else "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
    return "".join(parts)


def _paragraph_text(paragraph: Any) -> str:
    """`Paragraph.text` of python-docx: its runs and the runs of its hyperlinks."""
    parts = []
    for child in paragraph:
        if child.tag == _W + "r":
            parts.append(_run_text(child))
        elif child.tag == _W + "hyperlink":
            parts.extend(_run_text(run) for run in child if run.tag == _W + "r")
    return "".join(parts)


def _table_rows(table: Any) -> list[str]:
    """Rows as python-docx's `row.cells` give them: a cell spanning columns repeated, a vertically merged cell
    continued with the text of the cell above."""
    rows: list[str] = []
    above: dict[int, str] = {}
    for row in table:
        if row.tag != _W + "tr":
            continue
        before = row.find(f"{_W}trPr/{_W}gridBefore")
        column = int(before.get(_W + "val", "0")) if before is not None else 0
        cells: list[str] = []
        here: dict[int, str] = {}
        for cell in row:
            if cell.tag != _W + "tc":
                continue
            span_node = cell.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_node.get(_W + "val", "1")) if span_node is not None else 1
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                text = above[column]  # KeyError as python-docx's ValueError: a damaged table
            else:
                text = "\n".join(_paragraph_text(p) for p in cell if p.tag == _W + "p")
            for _ in range(span):
                here[column] = text
                cells.append(text)
                column += 1
        above = here
        rows.append("\t".join(cells))
    return rows


def _docx(body: bytes) -> str:
    """Body paragraphs, then each body table's rows (cells tab-separated): what python-docx's `paragraphs` and
    `tables` give, read straight from the XML (python-docx builds its whole object model first: 40 times slower)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        part = archive.getinfo(_docx_part(archive))
        if part.file_size > MAX_DOCX_XML_BYTES:  # zipfile reads no more than this declared size
            raise ValueError(f"document XML of {part.file_size} bytes")
        document = etree.fromstring(archive.read(part), _xml_parser())
    content = document.find(_W + "body")
    if content is None:
        return ""
    parts = [_paragraph_text(p) for p in content if p.tag == _W + "p"]
    for table in content:
        if table.tag == _W + "tbl":
            parts.extend(_table_rows(table))
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

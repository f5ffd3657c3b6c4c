"""Text of attachments (PDF, Word, Excel, WPS, TXT, ZIP) for the content checks (privacy leaks, wrong words).

Attachments are fetched from sites nobody vouches for, so their text is extracted in a sandbox worker
(`dgeval.sandbox`) under memory, CPU and wall-time limits, never in the calling process: `extract_text_limited` is
the entry point and never raises. Archive-based formats (XLSX, DOCX, ZIP) are opened through
`sandbox.open_archive`, which refuses them by their declared sizes before inflating anything and counts what is
inflated while reading. A refused file becomes a note saying which limit stopped it; a damaged one a note naming
the error. Count limits keep a 2,000-page PDF or a million-row sheet from stalling a scan.

Excel and Word text is read straight from the package XML with lxml, streaming: openpyxl builds a cell object and
a style for every cell first (6.3 ms for a 20-row sheet against 0.8 ms, measured on the benchmark site's workbooks).

Accepted limit: legacy binary .doc and .wps files are not parsed; their text is recovered best-effort as printable
runs of UTF-16LE (how Word 97+ stores most text) and GB18030, which finds ID numbers and phrases but loses layout.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence

from dgeval.i18n import gettext as _
from dgeval.sandbox import Limits, Refused, Sandbox, SandboxError, open_archive, outcome

ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".txt", ".zip"})
ATTACHMENT_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-works": ".wps",
    "application/kswps": ".wps",
    "text/plain": ".txt",
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
}
MAX_PDF_PAGES = 300
MAX_SHEET_ROWS = 20_000
MAX_TEXT_CHARS = 2_000_000
#: Modules a sandbox worker loads before its memory limit is counted.
PRELOAD = ("dgeval.monitor.attachments", "lxml.etree", "pypdf")

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


def _pdf(body: bytes, limits: Limits) -> str:
    from pypdf.errors import LimitReachedError

    parts = []
    try:
        reader = _pdf_reader()(io.BytesIO(body))
        for index, page in enumerate(reader.pages):
            if index >= MAX_PDF_PAGES:
                break
            parts.append(page.extract_text() or "")
    except LimitReachedError as exc:  # pypdf's own caps on inflated streams: a bomb, as the sandbox would find
        raise Refused(_("PDF 数据流解压后超过 pypdf 的上限（{detail}）").format(detail=str(exc)[:200])) from exc
    return "\n".join(parts)


@lru_cache(maxsize=1)
def _pdf_reader() -> Any:
    """pypdf's `PdfReader`, its text extractor given the WinAnsi table once.

    pypdf builds that table anew (256 single-byte decodes) for every page it extracts text from: a third of the
    time a small PDF took (0.79 → 0.55 ms a file over 800 of the benchmark site's). Each extractor still gets a
    table of its own, a copy. Where pypdf no longer has the function, nothing is replaced.
    """
    from pypdf import PdfReader
    from pypdf._text_extraction import _text_extractor

    built = getattr(_text_extractor, "encoding_dict_from_named_encoding", None)
    if built is not None:
        tables: dict[str, dict[int, str]] = {}

        def named_encoding(encoding: str) -> dict[int, str]:
            table = tables.get(encoding)
            if table is None:
                table = tables[encoding] = built(encoding)
            return dict(table)

        _text_extractor.encoding_dict_from_named_encoding = named_encoding
    return PdfReader


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


def _docx(body: bytes, limits: Limits) -> str:
    """Body paragraphs, then each body table's rows (cells tab-separated): what python-docx's `paragraphs` and
    `tables` give, read straight from the XML (python-docx builds its whole object model first: 40 times slower)."""
    from lxml import etree

    with open_archive(body, limits) as archive:
        document = etree.fromstring(archive.read(_docx_part(archive)), _xml_parser())
    content = document.find(_W + "body")
    if content is None:
        return ""
    parts = [_paragraph_text(p) for p in content if p.tag == _W + "p"]
    for table in content:
        if table.tag == _W + "tbl":
            parts.extend(_table_rows(table))
    return "\n".join(parts)


_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(tag: Any) -> str:
    return tag[tag.rfind("}") + 1 :] if isinstance(tag, str) else ""


def _xlsx_sheets(archive: zipfile.ZipFile) -> list[str]:
    """The worksheet parts in the workbook's order (as openpyxl's `worksheets`), from workbook.xml and its rels."""
    from lxml import etree

    parser = _xml_parser()
    targets = {}
    try:
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    except KeyError:
        rels = None
    for rel in rels if rels is not None else ():
        target = rel.get("Target") or ""
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), parser)
    parts = []
    for node in workbook.iter("{*}sheet"):
        part = targets.get(node.get(_RELATIONSHIP))
        if part and part.endswith(".xml") and "worksheets/" in part:
            parts.append(part)
    return parts


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    try:
        stream = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with stream:
        for _event, item in etree.iterparse(stream, tag="{*}si", resolve_entities=False):
            strings.append(_string_item(item))
            item.clear()
    return strings


def _string_item(item: Any) -> str:
    """A shared or inline string: its plain text and its rich-text runs' text, without phonetic guides (rPh)."""
    parts = []
    for child in item:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _column(ref: str) -> int:
    """1-based column of a cell reference ("C7" -> 3); 0 when absent."""
    column = 0
    for char in ref:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        else:
            break
    return column


def _cell_value(cell: Any, shared: list[str]) -> str:
    """A cell's value as openpyxl's `values_only` reading would print it (data_only: a formula's cached value)."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return _string_item(inline) if inline is not None else ""
    value = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if value is None:
        return ""
    if kind == "s":
        return shared[int(value)]
    if kind == "b":
        return "True" if value.strip() in ("1", "true") else "False"
    if kind != "n":  # str (formula text), e (error), d (ISO date)
        return value
    if "." in value or "e" in value or "E" in value:
        number = float(value)
        # Long numbers stored as numbers must keep every digit (ID numbers in a sheet).
        return f"{number:.0f}" if number.is_integer() else str(number)
    return str(int(value))


def _sheet_rows(archive: zipfile.ZipFile, part: str, shared: list[str]) -> Iterator[str]:
    from lxml import etree

    with archive.open(part) as stream:
        for _event, row in etree.iterparse(stream, tag="{*}row", resolve_entities=False):
            cells: list[str] = []
            for cell in row:
                if _local(cell.tag) != "c":
                    continue
                column = _column(cell.get("r", ""))
                if column > len(cells) + 1:
                    cells.extend([""] * (column - len(cells) - 1))
                cells.append(_cell_value(cell, shared))
            row.clear()
            while row.getprevious() is not None:  # what the parse keeps of earlier rows: nothing
                del row.getparent()[0]
            yield "\t".join(cells)


def _xlsx(body: bytes, limits: Limits) -> str:
    """Every worksheet's rows (cells tab-separated), up to MAX_SHEET_ROWS in all."""
    parts = []
    with open_archive(body, limits) as archive:
        shared = _shared_strings(archive)
        for part in _xlsx_sheets(archive):
            for row in _sheet_rows(archive, part, shared):
                if len(parts) >= MAX_SHEET_ROWS:
                    return "\n".join(parts)
                parts.append(row)
    return "\n".join(parts)


def _zip(body: bytes, limits: Limits) -> str:
    """The text of the members of a kind extracted here (not nested archives), each under its name."""
    parts = []
    size = 0
    with open_archive(body, limits) as archive:
        for info in archive.infolist():
            kind = extension_of(info.filename)
            extractor = EXTRACTORS.get(kind)
            if info.is_dir() or extractor is None or kind == ".zip":
                continue
            text = extractor(archive.read(info), limits)
            parts.append(f"【{_member_name(info)}】\n{text}")
            size += len(text)
            if size >= MAX_TEXT_CHARS:
                break
    return "\n".join(parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows writes member names in GBK without the UTF-8 flag; zipfile then reads them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _binary_runs(body: bytes, limits: Limits) -> str:
    """Best-effort text of a legacy binary document (see the module docstring)."""
    runs = [m.group(0).decode("utf-16-le", "ignore") for m in _UTF16_RUN.finditer(body)]
    runs += [m.group(0).decode("gb18030", "ignore") for m in _GB_RUN.finditer(body)]
    return "\n".join(r.strip() for r in runs if r.strip())


def _txt(body: bytes, limits: Limits) -> str:
    from dgeval.monitor.page import decode  # loaded when needed: the sandbox worker stays 7 MB smaller

    return decode(body, "", html=False)[0]


EXTRACTORS: dict[str, Callable[[bytes, Limits], str]] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".xlsx": _xlsx,
    ".xls": _binary_runs,
    ".doc": _binary_runs,
    ".wps": _binary_runs,
    ".txt": _txt,
    ".zip": _zip,
}
BEST_EFFORT_KINDS = frozenset({".xls", ".doc", ".wps"})


@dataclass(frozen=True, slots=True)
class Extraction:
    """An attachment's text, a note when it is partial or missing, and whether a limit refused the file."""

    text: str
    note: str | None = None
    refused: bool = False


def read_text(body: bytes, kind: str, limits: Limits) -> str:
    """The text of `body` read as `kind`, in THIS process: what a sandbox worker runs. Raises on a damaged file and
    `Refused` past an archive limit; callers outside a worker use `extract_text_limited`."""
    return EXTRACTORS[kind](body, limits)[:MAX_TEXT_CHARS]


def read_texts(items: Sequence[tuple[bytes, str]], limits: Limits) -> list[tuple[str, Any]]:
    """What a worker answers for `read_text` of each (body, kind), in one sandbox call (see `sandbox.outcome`). A
    limit of the whole call (memory, CPU time, wall time) refuses the call: the caller then reads the items one by
    one, so that only the file at fault is refused."""
    return [outcome(read_text, body, kind, limits) for body, kind in items]


def extract_text_limited(body: bytes, kind: str, limits: Limits | None = None,
                         sandbox: Sandbox | None = None) -> Extraction:
    """The text of an attachment, extracted in a sandbox worker under `limits` (the sandbox's by default). Without a
    `sandbox` a worker is started for this one file. Never raises: a refused or damaged file becomes a note."""
    if kind not in EXTRACTORS:
        return Extraction("", f"no text extractor for {kind}")
    if sandbox is None:
        with Sandbox(limits=limits, preload=PRELOAD) as own:
            return extract_text_limited(body, kind, limits, own)
    limits = limits or sandbox.limits
    try:
        text = sandbox.call(read_text, body, kind, limits, limits=limits)
    except Refused as exc:
        return _extraction(kind, "refused", str(exc))
    except SandboxError as exc:
        return _extraction(kind, "error", str(exc))
    return _extraction(kind, "ok", text)


def extract_texts_limited(items: Sequence[tuple[bytes, str]], sandbox: Sandbox) -> list[Extraction]:
    """`extract_text_limited` of each (body, kind), in one sandbox call for all of them: a call costs the caller
    about 0.3 ms (more than reading a small PDF), so a crawl hands the attachments waiting at once together."""
    known = [(body, kind) for body, kind in items if kind in EXTRACTORS]
    try:
        outcomes = iter(sandbox.call(read_texts, known, sandbox.limits) if known else ())
    except (Refused, SandboxError):  # the call as a whole: one file at fault, found by reading them one by one
        return [extract_text_limited(body, kind, None, sandbox) for body, kind in items]
    return [_extraction(kind, *next(outcomes)) if kind in EXTRACTORS else extract_text_limited(body, kind)
            for body, kind in items]


def _extraction(kind: str, answer: str, value: str) -> Extraction:
    """The Extraction of a worker's answer (see `sandbox.outcome`)."""
    if answer == "refused":
        return Extraction("", _("附件未读取：{reason}").format(reason=value), refused=True)
    if answer == "error":
        return Extraction("", f"cannot extract text from {kind}: {value}"[:500])
    return Extraction(value, "best-effort text of a legacy binary file" if kind in BEST_EFFORT_KINDS else None)

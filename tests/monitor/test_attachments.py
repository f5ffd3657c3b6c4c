"""Attachment text, read in a sandbox worker; hostile attachments (bombs) refused with the limit named, within
bounded time and memory of the scanning process."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterator

import pytest

from dgeval.demo.documents import one_page_pdf, tiny_pdf
from dgeval.monitor.attachments import PRELOAD, Extraction, extract_text_limited, extract_texts_limited
from dgeval.sandbox import Limits, Sandbox

#: Each bomb inflates to this much; the default archive limit is 100 MB.
BOMB_BYTES = 256 << 20
#: What the scanning process may reach, and its children (the checks worker, the sandbox worker at its 256 MB
#: address-space limit), measured as their peak RSS.
SCAN_PEAK_MB = 300
CHILDREN_PEAK_MB = 450
SCAN_SECONDS = 90


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box


def extract(body: bytes, kind: str, sandbox: Sandbox) -> tuple[str, str | None]:
    extraction = extract_text_limited(body, kind, sandbox=sandbox)
    return extraction.text, extraction.note


def test_attachment_text_extraction(sandbox: Sandbox) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", "110101199003077777", 13800138000])  # ID numbers are text in real sheets
    book.active.append([1.5, 123456789012345678.0, True])
    buffer = io.BytesIO()
    book.save(buffer)
    text, note = extract(buffer.getvalue(), ".xlsx", sandbox)
    assert "张三\t110101199003077777\t13800138000" in text and note is None
    assert "1.5\t123456789012345696\tTrue" in text  # whole numbers keep every digit, as openpyxl reads them
    legacy = b"\x00\x01" + "公示名单".encode("utf-16-le") + b"\x00\x00" + "李四 13800138000".encode("gb18030")
    text, note = extract(legacy, ".doc", sandbox)
    assert "公示名单" in text and "李四 13800138000" in text and note and "best-effort" in note
    text, note = extract(tiny_pdf("Qingshan County notice 2020"), ".pdf", sandbox)
    assert "Qingshan County notice 2020" in text and note is None
    text, note = extract(b"%PDF-1.4 garbage", ".pdf", sandbox)
    assert text == "" and note and note.startswith("cannot extract text from .pdf")


def test_pdf_text_is_what_pypdf_reads_unchanged() -> None:
    """The WinAnsi table pypdf's extractor is given once (`_pdf_reader`) changes no text: the same PDFs read by pypdf
    as installed, in a process of its own, give the same text; and each extractor still gets a table of its own."""
    import subprocess

    from pypdf._text_extraction import _text_extractor

    from dgeval.monitor.attachments import read_text

    # Bytes beyond ASCII, as a PDF string escapes them (\351, \200).
    pdfs = [tiny_pdf(f"Qingshan County notice {number}: caf\\351 \\200{number} 50% done") for number in range(3)]
    pdfs.append(one_page_pdf(b"<< /Length 40 >>\nstream\nBT /F1 12 Tf 72 720 Td (\\351t\\351) Tj ET\nendstream"))
    ours = [read_text(pdf, ".pdf", Limits()) for pdf in pdfs]
    script = ("import io, json, sys; from pypdf import PdfReader; pdfs = json.load(sys.stdin); print(json.dumps(["
              "'\\n'.join(p.extract_text() or '' for p in PdfReader(io.BytesIO(bytes.fromhex(h))).pages) for h in pdfs]))")
    plain = subprocess.run([sys.executable, "-c", script], input=json.dumps([pdf.hex() for pdf in pdfs]),
                           capture_output=True, text=True, check=True, timeout=60)
    assert ours == json.loads(plain.stdout)
    assert any("notice 1" in text for text in ours) and any("caf" in text for text in ours)
    first = _text_extractor.encoding_dict_from_named_encoding("cp1252")
    second = _text_extractor.encoding_dict_from_named_encoding("cp1252")
    assert first == second and first is not second and first[0xE9] == "é"


def test_xlsx_text_is_what_openpyxl_reads(sandbox: Sandbox) -> None:
    """Shared and inline strings, rich text runs, numbers, booleans, formulas' cached values, every sheet in order."""
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook()
    first = book.active
    first.append(["序号", "姓名", "电话"])
    for i in range(1, 30):
        first.append([i, f"人员{i}", 13800138000 + i])
    first["E2"] = CellRichText(["联系", TextBlock(InlineFont(b=True), "电话")])
    book.create_sheet("第二页").append(["备注", 0.25, False])
    buffer = io.BytesIO()
    book.save(buffer)
    reread = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)
    expected = []
    for sheet in reread.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else (f"{v:.0f}" if isinstance(v, float) and v.is_integer() else str(v))
                     for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            expected.append("\t".join(cells))
    text, note = extract(buffer.getvalue(), ".xlsx", sandbox)
    assert note is None and [line.rstrip("\t") for line in text.split("\n")] == expected
    assert "联系电话" in text


def test_docx_text_is_what_python_docx_reads(sandbox: Sandbox) -> None:
    """Word text comes straight from the XML: the same paragraphs and table rows python-docx gives (merged cells
    repeated, line breaks, tabs, hyperlinks), body paragraphs first, then each table's rows."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    paragraph = document.add_paragraph("身份证 110101199003077777\t号")
    run = paragraph.add_run("一")
    run.add_break()
    run.add_text("二")
    run.add_break(WD_BREAK.PAGE)
    run.add_tab()
    link = OxmlElement("w:hyperlink")
    link_run = OxmlElement("w:r")
    link_text = OxmlElement("w:t")
    link_text.text = "链接文字"
    link_run.append(link_text)
    link.append(link_run)
    paragraph._p.append(link)
    link.set(qn("r:id"), "rId99")
    table = document.add_table(rows=4, cols=3)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"行{i}列{j}"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 2).merge(table.cell(3, 2))
    table.cell(2, 0).add_paragraph("第二段")
    table.cell(3, 0).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套"
    document.add_paragraph("表后")
    buffer = io.BytesIO()
    document.save(buffer)
    text, note = extract(buffer.getvalue(), ".docx", sandbox)
    reread = docx.Document(io.BytesIO(buffer.getvalue()))
    expected = [p.text for p in reread.paragraphs]
    expected += ["\t".join(c.text for c in row.cells) for t in reread.tables for row in t.rows]
    assert note is None and text == "\n".join(expected)
    merged = "行0列0\n行0列1"  # a cell spanning two columns, once per column
    assert "链接文字" in text and f"{merged}\t{merged}\t行0列2" in text
    assert text.count("\t行1列2\n行2列2\n行3列2") == 3  # a vertically merged cell, on each of its rows
    text, note = extract(b"PK\x03\x04 damaged", ".docx", sandbox)
    assert text == "" and note and note.startswith("cannot extract text from .docx")


def test_zip_text_is_its_members_text(sandbox: Sandbox) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("公示名单.txt", "张三 110101199003077777".encode("gb18030"))
        archive.writestr("logo.png", b"\x89PNG")
    text, note = extract(buffer.getvalue(), ".zip", sandbox)
    assert note is None and text == "【公示名单.txt】\n张三 110101199003077777"


def test_extraction_without_a_sandbox_starts_its_own_worker() -> None:
    assert extract_text_limited("公示".encode(), ".txt") == Extraction("公示")


# --- bombs ------------------------------------------------------------------------------------------------------


def _inflating(archive: zipfile.ZipFile, name: str, head: bytes, unit: bytes, tail: bytes, size: int) -> None:
    """Write member `name`: `head`, `unit` repeated to about `size` bytes, `tail` (streamed, never held whole)."""
    block = unit * max(1, (1 << 20) // len(unit))
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        for _ in range(size // len(block)):
            member.write(block)
        member.write(tail)


def xlsx_bomb(size: int = BOMB_BYTES, cell: str = "公示" * 200) -> bytes:
    """A workbook whose one sheet inflates to `size` bytes of rows of one `cell` each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                         ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         '<sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
                         '.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
        _inflating(archive, "xl/worksheets/sheet1.xml",
                   b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
                   b'<row><c t="inlineStr"><is><t>' + cell.encode() + b"</t></is></c></row>",
                   b"</sheetData></worksheet>", size)
    return buffer.getvalue()


def docx_bomb(size: int = BOMB_BYTES) -> bytes:
    """A Word document whose document.xml inflates to `size` bytes of paragraphs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        _inflating(archive, "word/document.xml",
                   b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
                   b"<w:p><w:r><w:t>" + "公示".encode() * 200 + b"</w:t></w:r></w:p>", b"</w:body></w:document>", size)
    return buffer.getvalue()


def zip_bomb(size: int = 64 << 20) -> bytes:
    """An archive under the size limit whose one member inflates a thousandfold: refused by its ratio."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        _inflating(archive, "名单.txt", b"", b"\x00" * 4096, b"", size)
    return buffer.getvalue()


def pdf_bomb(size: int = BOMB_BYTES) -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes."""
    compressor = zlib.compressobj(6)
    block = b" " * (1 << 20)
    stream = b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()
    return one_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")


@pytest.mark.parametrize(("build", "kind", "reason"), [
    (xlsx_bomb, ".xlsx", "压缩包解压后共"),
    (docx_bomb, ".docx", "压缩包解压后共"),
    (zip_bomb, ".zip", "的压缩比"),
    (pdf_bomb, ".pdf", "PDF 数据流解压后超过 pypdf 的上限"),
], ids=["xlsx", "docx", "zip", "pdf"])
def test_bombs_are_refused_in_the_sandbox(sandbox: Sandbox, build: Any, kind: str, reason: str) -> None:
    extraction = extract_text_limited(build(), kind, sandbox=sandbox)
    assert extraction.refused and extraction.text == ""
    assert extraction.note and extraction.note.startswith("附件未读取：") and reason in extraction.note


def test_memory_limit_refuses_what_passes_the_archive_checks(sandbox: Sandbox) -> None:
    """A workbook within every archive limit whose rows still need more memory than the worker may have."""
    limits = Limits(memory_bytes=32 << 20, archive_ratio=1_000)
    extraction = extract_text_limited(xlsx_bomb(90 << 20, "公示" * 20_000), ".xlsx", limits, sandbox)
    assert extraction.refused and "内存超过上限 32 MB" in (extraction.note or "")


def test_a_batch_reads_each_file_as_it_would_be_read_alone(sandbox: Sandbox) -> None:
    items = [(tiny_pdf("notice one"), ".pdf"), (xlsx_bomb(), ".xlsx"), (b"%PDF-1.4 garbage", ".pdf"),
             ("公示".encode(), ".txt"), (b"?", ".exe"), (tiny_pdf("notice two"), ".pdf")]
    batch = extract_texts_limited(items, sandbox)
    assert batch == [extract_text_limited(body, kind, sandbox=sandbox) for body, kind in items]
    assert [e.text for e in batch] == ["notice one", "", "", "公示", "", "notice two"]
    assert batch[1].refused and not batch[2].refused and batch[2].note and batch[4].note


def test_a_batch_over_a_limit_of_the_call_is_read_one_file_at_a_time() -> None:
    """A limit that stops the whole call (here memory) refuses only the file at fault: the others are read."""
    with Sandbox(limits=Limits(memory_bytes=32 << 20, archive_ratio=1_000), preload=PRELOAD) as small:
        batch = extract_texts_limited([(tiny_pdf("before"), ".pdf"), (xlsx_bomb(90 << 20, "公示" * 20_000), ".xlsx"),
                                       (tiny_pdf("after"), ".pdf")], small)
    assert [e.text.strip() for e in batch] == ["before", "", "after"]
    assert batch[1].refused and "内存超过上限 32 MB" in (batch[1].note or "")


#: The scan's own peak is VmHWM, which starts afresh at exec; ru_maxrss would keep the peak of the forked copy of
#: the test process that exec replaced (a pytest process hundreds of megabytes large after a long run).
SCAN = """
import json, re, resource, sys
from dgeval.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)) / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": code, "self_mb": peak, "children_mb": children}), file=sys.stderr)
"""


async def test_scan_refuses_bombs_in_bounded_time_and_memory(site_server: Any, write_site: Any,
                                                             tmp_path: Path) -> None:
    """Every bomb served on loopback: the scan ends in time, names each bomb as refused and why, and its own peak
    memory stays under the bound (the sandbox worker's is capped by its address-space limit)."""
    bombs = {"files/名单.xlsx": xlsx_bomb(), "files/通知.docx": docx_bomb(), "files/材料.zip": zip_bomb(),
             "files/公告.pdf": pdf_bomb()}
    links = "".join(f"<a href='/{path}'>附件</a>" for path in bombs)
    write_site(tmp_path, {"index.html": f"<html><body><h1>通知公告</h1>{links}</body></html>", **bombs})
    server = await site_server(tmp_path)
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SCAN, "scan", server.url, "--json", "--allow-private", "--external", "skip",
        "--as-of", "2020-11-20", "--max-time", "60", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), SCAN_SECONDS + 30)
    seconds = time.monotonic() - started
    usage = json.loads(err.decode().strip().splitlines()[-1])
    result = json.loads(out)
    unjudged = {entry["url"].rsplit("/", 1)[-1]: entry["reason"] for entry in result["stats"]["unjudged"]}
    names = {name.replace("files/", "").encode().decode(): name for name in bombs}
    assert usage["code"] == 0 and seconds < SCAN_SECONDS
    assert len(unjudged) == len(names), unjudged
    assert all(reason.startswith("附件未读取：") for reason in unjudged.values())
    assert usage["self_mb"] < SCAN_PEAK_MB and usage["children_mb"] < CHILDREN_PEAK_MB, usage


async def test_without_the_checks_worker_a_bomb_is_refused_too(site_server: Any, write_site: Any,
                                                                tmp_path: Path) -> None:
    """scan_site(checks=[]), as the web platform calls it: attachments go through the same sandbox."""
    from dgeval.monitor.config import CrawlConfig
    from dgeval.monitor.runner import scan_site

    write_site(tmp_path, {"index.html": "<a href='/files/a.xlsx'>附件</a>", "files/a.xlsx": xlsx_bomb(120 << 20)})
    server = await site_server(tmp_path)
    result = await scan_site(server.url, as_of=dt.date(2020, 11, 20), checks=[],
                             config=CrawlConfig(allow_private=True, external="skip", use_sitemap=False))
    attachment = next(p for p in result.site.pages if p.is_attachment)
    assert attachment.text == "" and (attachment.error or "").startswith("附件未读取：压缩包解压后共")
    assert dict(result.stats.unjudged) == {server.url + "files/a.xlsx": attachment.error}

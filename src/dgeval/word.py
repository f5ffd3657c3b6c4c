"""Reading a Word document (DOCX) that comes from outside, without letting it hurt the reader.

A DOCX is a ZIP archive, and can be built as a bomb like any other: a 100 KB file whose document part inflates to
gigabytes. So it is read here only in a `dgeval.sandbox` worker process under memory, CPU and wall-time limits, and
its archive through `sandbox.open_archive`, which refuses it by its members' declared sizes and compression ratios
before anything is inflated and counts the bytes actually inflated while reading. python-docx is then given those
checked parts, stored uncompressed, so it inflates nothing of its own. Only the text comes back to the caller: the
paragraphs, and the tables as rows of cell texts.

Used by the import of filled 附件3 forms (`dgeval.web.cases.form3`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from dgeval.errors import InputError
from dgeval.i18n import gettext as _
from dgeval.sandbox import Limits, Refused, Sandbox, SandboxError, open_archive

#: A filled form is a few hundred KB; these leave room for photos pasted into it and stop a bomb early.
DOCUMENT_LIMITS = Limits(memory_bytes=384 << 20, cpu_seconds=30, wall_seconds=60.0, archive_bytes=64 << 20,
                         archive_ratio=100.0, archive_members=2_000)


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document's text: its body paragraphs, and each table as rows of cell texts (a merged cell repeats, as
    python-docx gives it)."""

    paragraphs: tuple[str, ...]
    tables: tuple[tuple[tuple[str, ...], ...], ...]


def read_docx(data: bytes, source: str, *, limits: Limits = DOCUMENT_LIMITS) -> DocumentText:
    """The text of the DOCX in DATA, read in a sandbox worker; a refused or unreadable document is an InputError
    naming SOURCE and why (its cause is the sandbox's `Refused` or `SandboxError`)."""
    with Sandbox(limits=limits, preload=("docx",)) as sandbox:
        try:
            return sandbox.call(docx_text, data, limits)
        except Refused as exc:
            raise InputError(_("%(source)s：拒绝读取该 Word 文档：%(reason)s") % {"source": source, "reason": exc}) from exc
        except SandboxError as exc:
            raise InputError(_("%(source)s：无法读取 Word 文档（需要 .docx 格式）：%(error)s") % {
                "source": source, "error": exc}) from exc


def docx_text(data: bytes, limits: Limits) -> DocumentText:
    """The worker's side of `read_docx`: every part read through the checked, counting archive, then python-docx
    over those parts stored uncompressed."""
    import docx

    archive = open_archive(data, limits)
    checked = io.BytesIO()
    with archive, zipfile.ZipFile(checked, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            copy.writestr(info.filename, archive.read(info))
    document = docx.Document(checked)
    return DocumentText(
        paragraphs=tuple(p.text for p in document.paragraphs),
        tables=tuple(tuple(tuple(cell.text for cell in row.cells) for row in table.rows) for table in document.tables),
    )

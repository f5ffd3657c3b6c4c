"""Sniffing uploaded files: the type comes from the bytes, never from the name or the browser.

Only PDF, PNG and JPEG are accepted for the stamped form; anything else (an .exe renamed .pdf,
an HTML page, an empty file) is refused with a message saying what is allowed.
"""

from __future__ import annotations

from typing import IO

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}


def sniff_type(head: bytes) -> str | None:
    """The file type from its first bytes ("pdf", "png", "jpeg"), or None if it is none of them."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None


def sniff_upload(fileobj: IO[bytes]) -> str | None:
    """Sniff an uploaded file's type and rewind it for storage."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    return sniff_type(head)

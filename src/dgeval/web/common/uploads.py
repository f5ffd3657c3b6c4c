"""Evidence uploads: accept a file by what its bytes are, not by its name or the browser's Content-Type.

Both are chosen by the uploader; the magic bytes are not. An evidence screenshot that is really an HTML page would be
served back from MEDIA_URL to the team, so anything that does not sniff as an allowed type is refused, and the stored
name is rebuilt from the sniffed type. Used by manual collection (screenshots) and 依申请公开 (answer attachments).
"""

from __future__ import annotations

import zipfile
from typing import IO, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

#: kind → (extension, label shown in messages)
IMAGE_TYPES: Mapping[str, tuple[str, str]] = {
    "png": ("png", "PNG"),
    "jpeg": ("jpg", "JPEG"),
    "webp": ("webp", "WebP"),
}
DOCUMENT_TYPES: Mapping[str, tuple[str, str]] = {
    **IMAGE_TYPES,
    "pdf": ("pdf", "PDF"),
    "docx": ("docx", "Word (docx)"),
}


def _sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The kind of file from its first bytes, or None if it is none we know."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        # A .docx is a ZIP with word/document.xml; any other ZIP (or a broken one) is not accepted.
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def upload_max_bytes() -> int:
    """The size cap for one evidence file (DGEVAL_UPLOAD_MAX_BYTES, 10 MiB by default)."""
    return int(getattr(settings, "DGEVAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def upload_check(upload: UploadedFile, *, allowed: Mapping[str, tuple[str, str]], field: str) -> str:
    """Validate an uploaded file and give it a safe random name with the sniffed extension; returns that name.

    Raises ValidationError keyed by FIELD naming the cap or the allowed types.
    """
    limit = upload_max_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError({field: _("上传的文件为空")})
    if upload.size > limit:
        raise ValidationError(
            {field: _("文件过大：%(size)s MB，上限 %(limit)s MB") % {
                "size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.1f}"}}
        )
    upload.seek(0)
    head = upload.read(16)
    kind = _sniff(head, upload)
    upload.seek(0)
    if kind is None or kind not in allowed:
        labels = "、".join(label for _ext, label in allowed.values())
        raise ValidationError({field: _("文件类型不符：只接受 %(labels)s 文件（按文件内容识别，不看扩展名）") % {
            "labels": labels}})
    extension = allowed[kind][0]
    upload.name = f"{get_random_string(16).lower()}.{extension}"
    return upload.name

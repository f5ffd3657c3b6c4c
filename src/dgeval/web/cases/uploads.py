"""Case evidence files: typed by their bytes (filetype), capped in size, stored under a random name.

The uploader chooses the file name and the browser's Content-Type; neither is trusted. A file is accepted only if its
content is a PDF, PNG, JPEG or Word (.docx) document, and it is stored as `<random>.<sniffed extension>`. Files are
served back only as downloads (`attachment_response`: Content-Disposition attachment, nosniff).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from collections.abc import Sequence
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

#: sniffed extension → label shown in messages
ALLOWED_KINDS: dict[str, str] = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG", "docx": "Word (.docx)"}
#: Content types the download answers with, by kind.
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: filetype reads at most this much to decide.
_SNIFF_BYTES = 8192


def attachment_max_bytes() -> int:
    """One evidence file's cap: DGEVAL_CASE_ATTACHMENT_MAX_BYTES, 10 MiB by default."""
    return int(getattr(settings, "DGEVAL_CASE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class CheckedFile:
    """What an accepted upload is: its safe stored name, kind, size and digest."""

    stored_name: str
    kind: str
    size: int
    sha256: str


def attachment_check(upload: IO[bytes], *, name: str, size: int | None, field: str = "attachments") -> CheckedFile:
    """Accept UPLOAD (called NAME by its sender) or raise ValidationError on FIELD naming the file and the rule."""
    limit = attachment_max_bytes()
    if not size:
        raise ValidationError({field: _("文件“%(name)s”为空") % {"name": name}})
    if size > limit:
        raise ValidationError({field: _("文件“%(name)s”过大：%(size).1f MB，上限 %(limit).1f MB") % {
            "name": name, "size": size / 1048576, "limit": limit / 1048576}})
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    guess = filetype.guess(head)
    kind = "jpg" if guess is not None and guess.extension == "jpeg" else getattr(guess, "extension", None)
    if kind not in ALLOWED_KINDS:
        raise ValidationError({field: _("文件“%(name)s”的类型不符：只接受 %(kinds)s（按文件内容识别，不看扩展名）") % {
            "name": name, "kinds": "、".join(ALLOWED_KINDS.values())}})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(f"{get_random_string(20).lower()}.{kind}", kind, size, digest.hexdigest())


def attachments_store(case: Any, files: Sequence[UploadedFile], actor: Any, *, field: str = "attachments") -> list[Any]:
    """Check and store FILES as evidence of CASE; the caller audits. ValidationError on FIELD for a bad file."""
    from dgeval.web.cases.models import CaseAttachment

    checked = [(upload, attachment_check(upload, name=upload.name or "", size=upload.size, field=field))
               for upload in files]
    stored = []
    for upload, info in checked:
        attachment = CaseAttachment(case=case, original_name=(upload.name or "")[:200], kind=info.kind,
                                    size=info.size, sha256=info.sha256, uploaded_by=actor)
        attachment.file.save(info.stored_name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def attachment_response(attachment: Any) -> FileResponse:
    """ATTACHMENT as a download that no browser renders: Content-Disposition attachment, nosniff, a sandboxing CSP."""
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name or f"attachment.{attachment.kind}",
                            content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

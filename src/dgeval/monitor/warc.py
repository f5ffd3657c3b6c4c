"""WARC archive of every response (`dgeval scan --warc FILE`), so a finding can be shown as the monitor saw it.

Each exchange is written as a request record and a response record (warcio, gzip per record). The response payload
is the bytes as received on the wire (still content-encoded), cut at the size cap when the cap was hit; a truncated
record says so in a `WARC-Truncated: length` header, as the WARC 1.1 standard provides.

A resumed scan (checkpoint.py) appends to the archive its killed predecessor wrote, cut after the last whole record:
the pages it does not fetch again keep their records there.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


class WarcArchive:
    """Appends request/response pairs to one .warc.gz file."""

    def __init__(self, path: Path | str, *, resume: bool = False) -> None:
        """A new archive at PATH; with RESUME, the one there, cut after its last whole record, continued."""
        path = Path(path)
        if resume and path.is_file():
            with open(path, "r+b") as handle:
                handle.truncate(whole_records_length(path))
            self._file: BinaryIO = open(path, "ab")
        else:
            self._file = open(path, "wb")
        self._writer = WARCWriter(self._file, gzip=True)
        self.records = 0

    def record(
        self,
        *,
        method: str,
        url: str,
        request_headers: Iterable[tuple[str, str]],
        status: int,
        reason: str,
        response_headers: Iterable[tuple[str, str]],
        payload: bytes,
        truncated: bool = False,
    ) -> None:
        host_path = url.split("://", 1)[-1]
        path = "/" + host_path.split("/", 1)[1] if "/" in host_path else "/"
        req_http = StatusAndHeaders(f"{method} {path} HTTP/1.1", list(request_headers), is_http_request=True)
        request = self._writer.create_warc_record(url, "request", http_headers=req_http)
        resp_http = StatusAndHeaders(f"{status} {reason}", list(response_headers), protocol="HTTP/1.1")
        extra = {"WARC-Truncated": "length"} if truncated else None
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=resp_http,
            warc_headers_dict=extra,
        )
        self._writer.write_request_response_pair(request, response)
        self.records += 2

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def whole_records_length(path: Path) -> int:
    """Bytes of PATH up to the end of its last whole record (a killed writer may leave half a record behind)."""
    end = 0
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError):
            pass
    return end

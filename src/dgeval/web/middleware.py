"""Refuse request bodies larger than DGEVAL_MAX_REQUEST_BYTES before reading them.

Django reads a body when a view first touches `request.POST` or `request.FILES`, and only then applies its own limits:
a 200 MB body posted to the public registration form was read to the end before being refused. This middleware runs
first: a declared Content-Length over the limit gets 413 at once, and the body stream is capped at the limit, so a
body that lies about its length (or comes chunked) cannot be read past it either. nginx's `client_max_body_size`
(docs/deployment.md) refuses the same bodies one step earlier.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class CappedStream(io.RawIOBase):
    """A request body stream that raises RequestDataTooBig (Django answers 400) once more than LIMIT bytes are read."""

    def __init__(self, stream: io.RawIOBase, limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._left = limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._counted(self._stream.read(self._ask(size)))

    def readline(self, size: int = -1) -> bytes:
        return self._counted(self._stream.readline(self._ask(size)))

    def _ask(self, size: int | None) -> int:
        """At most one byte past the limit: enough to tell that the body is over it."""
        return self._left + 1 if size is None or size < 0 else min(size, self._left + 1)

    def _counted(self, data: bytes) -> bytes:
        self._left -= len(data)
        if self._left < 0:
            raise RequestDataTooBig(_("请求内容超过上限"))
        return data


class RequestBodyLimitMiddleware:
    """413 for a declared body over the limit; the body stream capped at the limit otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.DGEVAL_MAX_REQUEST_BYTES)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            response = HttpResponse(
                _("请求内容 %(size)d 字节，超过上限 %(limit)d 字节（%(mb).0f MB）") % {
                    "size": declared, "limit": limit, "mb": limit / 1048576},
                status=413, content_type="text/plain; charset=utf-8")
            return response
        if hasattr(request, "_stream"):
            request._stream = CappedStream(request._stream, limit)  # type: ignore[attr-defined]
        return self.get_response(request)

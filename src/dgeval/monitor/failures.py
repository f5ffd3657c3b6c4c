"""Why a fetch or probe failed, as a Chinese sentence: readers never see "FetchError: [Errno -2] …".

Failures are stored as the exception text (kept for the CLI's --json and for logs); pages show this sentence. The
patterns are those the fetcher's transport, aiohttp (probes), the SSRF guard, the TLS library and the OS give for
the failures a government site really has.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dgeval.i18n import gettext as _

CJK = re.compile("[\u4e00-\u9fff]")
#: (pattern in the stored text, its sentence), first match wins; the sentences are read in the reader's language.
PATTERNS: tuple[tuple[re.Pattern[str], Callable[[], str]], ...] = (
    (re.compile(r"Errno -[235]\b|Name or service not known|nodename nor servname|getaddrinfo|NXDOMAIN|No address",
                re.I), lambda: _("域名无法解析")),
    (re.compile(r"private|loopback|link-local|not allowed|blocked|SSRF", re.I),
     lambda: _("地址为内网或本机地址，按安全规则不访问")),
    (re.compile(r"timed? ?out|Timeout", re.I), lambda: _("连接超时")),
    (re.compile(r"refused|Errno 111\b", re.I), lambda: _("连接被拒绝")),
    (re.compile(r"reset by peer|Errno 104\b|ServerDisconnected|disconnected", re.I), lambda: _("连接被对方中断")),
    (re.compile(r"unreachable|Errno 101\b|Errno 113\b", re.I), lambda: _("网络不可达")),
    (re.compile(r"certificate|SSL|TLS", re.I), lambda: _("HTTPS 证书或加密连接出错")),
    (re.compile(r"too (?:large|big)|exceeds|limit", re.I), lambda: _("内容超出读取上限")),
    (re.compile(r"redirect", re.I), lambda: _("重定向过多或无效")),
)


def failure_sentence(error: str | None) -> str:
    """ERROR (a stored exception text or an HTTP status) in Chinese; text already in Chinese is kept."""
    text = (error or "").strip()
    if not text or CJK.search(text):
        return text
    if text.isdigit():
        return _("HTTP 状态 %(status)s") % {"status": text}
    for pattern, sentence in PATTERNS:
        if pattern.search(text):
            return sentence()
    return _("访问失败（原因未能识别）")

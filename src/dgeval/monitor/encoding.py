"""Which character encoding a fetched document is in: the WHATWG encoding sniffing algorithm, plus a documented
fallback for Chinese sites whose declarations contradict their bytes. See docs/checks.md, "Decoding pages".

The order is the HTML standard's: a byte order mark, then the transport charset (Content-Type), then the meta
prescan of the first 1,024 bytes ("prescan a byte stream to determine its encoding"), then autodetection, then
the default a zh-CN browser uses (GB18030, the HTML standard's suggested default for that locale). Labels are
looked up in the WHATWG table (`webencodings`), so `gb2312`, `x-gbk` and `iso-8859-1` mean what browsers take them
to mean and a label browsers ignore (`cp936`, `euc-cn`) is ignored here too.

Where this differs from a browser, on purpose: a declaration its bytes contradict gives way (`_contradicted`).
Chinese government sites often carry a server default (`charset=utf-8`, or Apache's `ISO-8859-1`) over GBK pages,
or a `gb2312` meta copied from an old template onto UTF-8 pages; a browser shows those pages as mojibake until a
reader picks the encoding by hand, and a check reading mojibake finds nothing. The bytes tell: GBK text is never
valid UTF-8 past a few characters, and UTF-8 announced but invalid is the server's default, not the page's.

GBK is decoded with the GB18030 decoder, as the Encoding Standard prescribes: GBK-labelled pages often hold
GB18030-only characters (rare surnames).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal, Mapping

import charset_normalizer
import webencodings

Source = Literal["bom", "transport", "meta", "detected", "default"]

#: the HTML standard's suggested default for a zh-CN user agent.
DEFAULT_ENCODING = "gb18030"
PRESCAN_BYTES = 1024

#: WHATWG encoding name → the Python codec that decodes it as browsers do, where the names differ.
_CODECS: dict[str, str] = {
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "x-user-defined": "x-user-defined",
    "replacement": "replacement",
}
_GB = frozenset({"gbk", "gb18030"})
#: declarations that invalid byte sequences disprove: the encodings of mainland Chinese sites. Others (Big5,
#: EUC-JP…) are followed as browsers follow them, invalid bytes replaced.
_CHECKED = frozenset({"utf-8", "gbk", "gb18030"})
_MULTIBYTE = _CHECKED | {"big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr", "utf-16le", "utf-16be"}
_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_BE, "utf-16be", "utf-16"),
         (codecs.BOM_UTF16_LE, "utf-16le", "utf-16"))
_MIME_CHARSET = re.compile(r';[ \t]*charset=[ \t]*("[^"]*"?|[^;]*)', re.I)
_SPACE = b"\t\n\x0c\r "
_ASCII_WHITESPACE = "\t\n\x0c\r "


def _replacement_codec(name: str) -> codecs.CodecInfo | None:
    """The two WHATWG decoders Python lacks, registered so that `bytes.decode(codec)` works everywhere a page is
    decoded again (the checks worker decodes the body with the codec named here)."""
    normalized = name.replace("_", "-")
    if normalized == "x-user-defined":
        return webencodings.lookup(normalized).codec_info  # type: ignore[union-attr]
    if normalized == "replacement":
        # The replacement decoder turns a whole non-empty document into one U+FFFD: a browser's answer to labels
        # (hz-gb-2312, iso-2022-kr…) whose decoders were used for cross-site scripting.
        def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
            return ("\ufffd" if len(data) else ""), len(data)

        def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
            return text.encode("utf-8", errors), len(text)

        return codecs.CodecInfo(encode, decode, name="replacement")
    return None


codecs.register(_replacement_codec)


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The encoding chosen for a document: its WHATWG name, the Python codec that decodes it, and what decided."""

    encoding: str
    codec: str
    source: Source


def lookup(label: str | bytes | None) -> str | None:
    """The WHATWG encoding name of a label ("GB2312" → "gbk"), or None when browsers do not know the label."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("latin-1")
    found = webencodings.lookup(label)
    return found.name if found is not None else None


def codec_of(encoding: str) -> str:
    found = webencodings.lookup(encoding)
    return _CODECS.get(encoding) or (found.codec_info.name if found is not None else "utf-8")


def encoder_codec(encoding: str) -> str:
    """The Python codec that encodes text as browsers do in URL queries of a document in `encoding`: GBK pages
    encode with GBK (the WHATWG GBK encoder), GB18030 pages with GB18030, UTF-16 pages with UTF-8."""
    if encoding == "gbk":
        return "gbk"
    if encoding in ("utf-16le", "utf-16be", "replacement"):
        return "utf-8"
    return codec_of(encoding)


def transport_encoding(content_type: str) -> str | None:
    """The charset parameter of a Content-Type value, as an encoding name."""
    match = _MIME_CHARSET.search(content_type or "")
    if match is None:
        return None
    value = match.group(1).strip(" \t")
    if value.startswith('"'):
        value = value[1:].split('"', 1)[0]
    return lookup(value)


def bom_sniff(body: bytes) -> tuple[str, str] | None:
    """(encoding, codec) named by a byte order mark; the codec drops the mark."""
    for mark, encoding, codec in _BOMS:
        if body.startswith(mark):
            return encoding, codec
    return None


# -- the HTML standard's prescan --------------------------------------------------------------------------------

class _OutOfBytes(Exception):
    """The prescan ran past the bytes it may look at: the standard says it then fails."""


class _Prescan:
    """"Prescan a byte stream to determine its encoding", step by step as the HTML standard writes it."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise _OutOfBytes
        return self.data[self.pos]

    def run(self) -> str | None:
        data = self.data
        while self.pos < len(data):
            if data.startswith(b"<!--", self.pos):
                end = data.find(b"-->", self.pos + 2)
                if end < 0:
                    return None
                self.pos = end + 3
                continue
            if data[self.pos:self.pos + 5].lower() == b"<meta" and data[self.pos + 5:self.pos + 6] in (
                    b"\t", b"\n", b"\x0c", b"\r", b" ", b"/"):
                self.pos += 6
                found = self.meta()
                if found is not None:
                    return found
                continue
            if data.startswith(b"<", self.pos) and (
                    data[self.pos + 1:self.pos + 2].isalpha()
                    or (data[self.pos + 1:self.pos + 2] == b"/" and data[self.pos + 2:self.pos + 3].isalpha())):
                self.pos += 1
                while self.byte() not in b"\t\n\x0c\r >":
                    self.pos += 1
                while self.attribute() is not None:
                    pass
                continue
            if data[self.pos:self.pos + 2] in (b"<!", b"</", b"<?"):
                end = data.find(b">", self.pos + 2)
                if end < 0:
                    return None
                self.pos = end + 1
                continue
            self.pos += 1
        return None

    def meta(self) -> str | None:
        """The encoding a <meta> declares, or None (then the prescan goes on after the tag)."""
        names: set[str] = set()
        got_pragma = False
        need_pragma: bool | None = None
        charset: str | None = None
        failed = False  # a charset attribute naming an unknown label: the content attribute is ignored then
        while (attribute := self.attribute()) is not None:
            name, value = attribute
            if name in names:
                continue
            names.add(name)
            if name == "http-equiv":
                got_pragma = got_pragma or value == "content-type"
            elif name == "content" and charset is None and not failed:
                found = meta_content_encoding(value)
                if found is not None:
                    charset, need_pragma = found, True
            elif name == "charset":
                charset, need_pragma = lookup(value), False
                failed = charset is None
        if need_pragma is None or (need_pragma and not got_pragma) or charset is None:
            return None
        if charset in ("utf-16be", "utf-16le"):
            return "utf-8"
        if charset == "x-user-defined":
            return "windows-1252"
        return charset

    def attribute(self) -> tuple[str, str] | None:
        """"Get an attribute": (lower-cased name, value) or None at the end of the tag."""
        while self.byte() in b"\t\n\x0c\r /":
            self.pos += 1
        if self.byte() == 0x3E:  # >
            return None
        name = bytearray()
        value = bytearray()
        while True:
            c = self.byte()
            if c == 0x3D and name:  # =
                self.pos += 1
                break
            if c in _SPACE:
                while self.byte() in _SPACE:
                    self.pos += 1
                if self.byte() != 0x3D:
                    return name.decode("latin-1"), ""
                self.pos += 1
                break
            if c in b"/>":
                return name.decode("latin-1"), ""
            name.append(c + 0x20 if 0x41 <= c <= 0x5A else c)
            self.pos += 1
        while self.byte() in _SPACE:
            self.pos += 1
        c = self.byte()
        if c in b"\"'":
            quote = c
            while True:
                self.pos += 1
                c = self.byte()
                if c == quote:
                    self.pos += 1
                    return name.decode("latin-1"), value.decode("latin-1")
                value.append(c + 0x20 if 0x41 <= c <= 0x5A else c)
        if c == 0x3E:
            return name.decode("latin-1"), ""
        while True:
            value.append(c + 0x20 if 0x41 <= c <= 0x5A else c)
            self.pos += 1
            c = self.byte()
            if c in _SPACE or c == 0x3E:
                return name.decode("latin-1"), value.decode("latin-1")


def meta_content_encoding(content: str) -> str | None:
    """The HTML standard's "extracting a character encoding from a meta element" for a `content` value."""
    position = 0
    lowered = content.lower()
    while True:
        found = lowered.find("charset", position)
        if found < 0:
            return None
        position = found + 7
        while position < len(content) and content[position] in _ASCII_WHITESPACE:
            position += 1
        if position < len(content) and content[position] == "=":
            break
    position += 1
    while position < len(content) and content[position] in _ASCII_WHITESPACE:
        position += 1
    if position >= len(content):
        return None
    if content[position] in "\"'":
        end = content.find(content[position], position + 1)
        return lookup(content[position + 1:end]) if end >= 0 else None
    end = position
    while end < len(content) and content[end] not in _ASCII_WHITESPACE and content[end] != ";":
        end += 1
    return lookup(content[position:end])


def meta_encoding(attributes: Mapping[str, str | None]) -> str | None:
    """The encoding a parsed <meta> element declares, as the HTML tree builder reads it: a `charset` naming a known
    encoding, else `http-equiv="Content-Type"` with a `content` that names one."""
    charset = lookup(attributes.get("charset"))
    if charset is not None:
        return charset
    content = attributes.get("content")
    if content is not None and (attributes.get("http-equiv") or "").lower() == "content-type":
        return meta_content_encoding(content)
    return None


def prescan(body: bytes) -> str | None:
    """The encoding declared by a <meta> in the first 1,024 bytes, per the HTML standard; None when there is none."""
    try:
        return _Prescan(body[:PRESCAN_BYTES]).run()
    except _OutOfBytes:
        return None


# -- choosing ---------------------------------------------------------------------------------------------------

class _Decodings:
    """The strict decodings of one body that sniffing tried, by codec: the one the page is then decoded with is
    usually among them (a page declaring UTF-8 is checked by decoding it), so it is not decoded twice."""

    __slots__ = ("body", "texts")

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.texts: dict[str, str | None] = {}

    def valid(self, encoding: str) -> bool:
        codec = codec_of(encoding)
        if codec not in self.texts:
            try:
                self.texts[codec] = self.body.decode(codec)
            except UnicodeDecodeError:
                self.texts[codec] = None
        return self.texts[codec] is not None


def _contradicted(tried: _Decodings, encoding: str, others: list[str]) -> bool:
    """Whether the bytes show a declaration wrong (see the module docstring)."""
    body = tried.body
    if encoding in _GB and not body.isascii() and tried.valid("utf-8"):
        return True
    if encoding in _CHECKED:
        return not tried.valid(encoding)
    if encoding in _MULTIBYTE:
        return False
    # A single-byte label (a server default) against a multibyte encoding the page itself declares and its
    # non-ASCII bytes bear out.
    return any(o in _MULTIBYTE and not body.isascii() and tried.valid(o) for o in others)


def _plausible_gb18030(body: bytes) -> bool:
    """Non-UTF-8 bytes that decode strictly as GB18030 into common Chinese text.

    Chinese government sites without a usable declaration are nearly always GBK; charset-normalizer misjudges
    short samples, so this cheap test goes first: nearly all non-ASCII characters must be common CJK or CJK
    punctuation.
    """
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(body[:65536], final=False)
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    common = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(wide) and common >= 0.95 * len(wide)


def _clean_detection(tried: _Decodings) -> str | None:
    """UTF-8 or GB18030 when the bytes are valid, non-ASCII text in it; None otherwise."""
    body = tried.body
    if body.isascii():
        return None
    if tried.valid("utf-8"):
        return "utf-8"
    if _plausible_gb18030(body):
        return "gb18030"
    return None


def _guess(tried: _Decodings) -> str | None:
    body = tried.body
    clean = _clean_detection(tried)
    if clean is not None or body.isascii():
        return clean
    best = charset_normalizer.from_bytes(body[:65536]).best()
    if best is None:
        return None
    return lookup(best.encoding) or lookup(best.encoding.replace("_", "-"))


def _sniffed(encoding: str, source: Source) -> Sniffed:
    return Sniffed(encoding, codec_of(encoding), source)


def change_encoding(body: bytes, current: Sniffed, declared: str) -> Sniffed | None:
    """The HTML parser's "change the encoding" for a <meta> met while parsing with a tentative encoding: the new
    choice, or None when the current one stays (UTF-16 in use, the same encoding, or bytes that contradict it)."""
    if current.encoding in ("utf-16le", "utf-16be"):
        return None
    if declared in ("utf-16le", "utf-16be"):
        declared = "utf-8"
    elif declared == "x-user-defined":
        declared = "windows-1252"
    if declared == current.encoding or _contradicted(_Decodings(body), declared, []):
        return None
    return _sniffed(declared, "meta")


def sniff(body: bytes, content_type: str = "", *, html: bool = True, default: str = DEFAULT_ENCODING) -> Sniffed:
    """The encoding to decode `body` with (see the module docstring for the order and the Chinese fallback).

    `default` is what a browser's locale would use when nothing is declared or detected; tests of the standard
    alone pass the standard's generic default, windows-1252.
    """
    return sniff_decoded(body, content_type, html=html, default=default)[0]


def sniff_decoded(body: bytes, content_type: str = "", *, html: bool = True,
                  default: str = DEFAULT_ENCODING) -> tuple[Sniffed, str | None]:
    """`sniff`, and the body decoded strictly with the chosen codec when sniffing decoded it so (None otherwise)."""
    tried = _Decodings(body)
    sniffed = _sniff(tried, content_type, html=html, default=default)
    return sniffed, tried.texts.get(sniffed.codec)


def _sniff(tried: _Decodings, content_type: str, *, html: bool, default: str) -> Sniffed:
    body = tried.body
    bom = bom_sniff(body)
    if bom is not None:
        return Sniffed(bom[0], bom[1], "bom")
    declared: list[tuple[str, Source]] = []
    transport = transport_encoding(content_type)
    if transport is not None:
        declared.append((transport, "transport"))
    meta = prescan(body) if html else None
    if meta is not None and meta != transport:
        declared.append((meta, "meta"))
    names = [name for name, _ in declared]
    for name, source in declared:
        if not _contradicted(tried, name, [n for n in names if n != name]):
            return _sniffed(name, source)
    if declared:
        clean = _clean_detection(tried)
        return _sniffed(clean, "detected") if clean is not None else _sniffed(*declared[0])
    guess = _guess(tried)
    return _sniffed(guess, "detected") if guess is not None else _sniffed(lookup(default) or "utf-8", "default")

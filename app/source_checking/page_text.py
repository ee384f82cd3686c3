"""Bytes -> text -> comparable text, so cited excerpts can be looked up in a page.

Korean sources arrive as UTF-8, EUC-KR or CP949, often with a missing or
wrong charset declaration, so decoding tries the declarations first and then
falls back to strict UTF-8 and CP949.  HTML is reduced to its readable text
(no scripts, styles or navigation chrome), and both page text and excerpts go
through the same :func:`normalize_text` before comparison.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript"})

# WHATWG treats these labels as windows-949 (CP949), a superset of EUC-KR.
_KOREAN_LABELS = frozenset(
    {"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601"}
    | {"windows-949", "x-windows-949", "uhc"}
)
# Single-byte Western declarations are often wrong on Korean pages: they never
# fail to decode, so a multibyte reading is tried before believing them.
_SINGLE_BYTE_WESTERN = frozenset(codecs.lookup(n).name for n in ("iso-8859-1", "windows-1252", "us-ascii"))
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

_SKIPPED_ELEMENTS = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "template"})
_BLOCK_ELEMENTS = frozenset({
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "td", "th", "title", "tr", "ul",
})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})


def media_type(content_type: str | None) -> str | None:
    """``"text/html; charset=euc-kr"`` -> ``"text/html"``."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def meta_charset(body: bytes) -> str | None:
    """Charset from ``<meta charset>`` or ``<meta http-equiv=Content-Type>`` in the first 4 KiB."""
    for tag in _META_TAG.findall(body[:4096]):
        match = _META_CHARSET.search(tag)
        if match:
            return match.group(1).decode("ascii")
    return None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    if label.strip().lower() in _KOREAN_LABELS:
        return "cp949"
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def _strict(body: bytes, codec: str, final: bool) -> str | None:
    """Strict decode; a truncated body may end mid-character, so it is not final."""
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(body, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, content_type: str | None, *, truncated: bool = False) -> tuple[str, str]:
    """Decode ``body`` and return ``(text, codec_name_used)``.

    Order: byte-order mark, Content-Type charset, ``<meta>`` charset, then
    strict UTF-8, then CP949.  A candidate is accepted if it decodes strictly
    without replacement characters; if none does, the first strict decode is
    used, and as a last resort UTF-8 with replacement.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"

    declared = [_codec(header_charset(content_type)), _codec(meta_charset(body))]
    candidates: list[str] = []
    for codec in declared:
        if codec in _SINGLE_BYTE_WESTERN and not body.isascii():
            candidates += ["utf-8", "cp949"]
        if codec:
            candidates.append(codec)
    candidates += ["utf-8", "cp949"]

    fallback: tuple[str, str] | None = None
    for codec in dict.fromkeys(candidates):  # de-duplicate, keep order
        text = _strict(body, codec, final=not truncated)
        if text is None:
            continue
        if "\ufffd" not in text:
            return text, codec
        fallback = fallback or (text, codec)
    return fallback or (body.decode("utf-8", "replace"), "utf-8")


class _TextExtractor(HTMLParser):
    """Collects character data outside skipped elements; block tags become spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skip_depth += 1
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text of an HTML document, normalised with :func:`normalize_text`."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return normalize_text("".join(parser.parts))


def normalize_text(text: str) -> str:
    """The comparison form: NFKC, no invisible characters, ASCII quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES)
    return " ".join(text.split())


def is_text_type(mime: str | None) -> bool:
    """Whether a media type carries text worth decoding (PDFs and images do not)."""
    if mime is None:
        return False
    return (
        mime.startswith("text/")
        or mime in HTML_TYPES
        or mime in _TEXT_TYPES
        or mime.endswith(("+xml", "+json"))
    )


def sniff_media_type(body: bytes) -> str | None:
    """Guess a media type when the server sent none (PDF or HTML only)."""
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    return None

"""Turning what a crawler hands us into text: bytes decoding and HTML-or-text sniffing."""
from __future__ import annotations

import codecs
import re

from .options import Options

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""")
_MARKUP = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|span|a|article|section|table|li|h[1-6]|br|meta|title|script)\b[^>]*>",
    re.IGNORECASE,
)


class InputError(ValueError):
    """The input cannot be read as a page at all (not bytes or text, or binary through and through)."""


def _declared_charset(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """Mostly control bytes (other than whitespace) in the first few KB: an image, a zip, a PDF — not a page."""
    sample = data[:4096]
    if not sample:
        return False
    if any(sample.startswith(b) for b, _ in _BOMS):
        return False
    # Deleting the control bytes and measuring what went counts them at C speed.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.10


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def decode_bytes(data: bytes, warnings: list[str], charset: str | None = None) -> str:
    """BOM, then the transport's charset (HTTP Content-Type) when given, then the page's declared charset, then
    UTF-8, then detection; never fails on a decodable-looking page."""
    return _decoded(data, warnings, charset)[0]


def _decoded(data: bytes, warnings: list[str], charset: str | None) -> tuple[str, bytes | None]:
    """decode_bytes' text, and the UTF-8 bytes it was read from when they are exactly text.encode("utf-8") (the
    page was UTF-8, BOM aside), so an HTML page need not be encoded again for the parser."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if encoding == "utf-8":
                try:
                    return body.decode("utf-8"), body
                except UnicodeDecodeError:
                    pass
            return body.decode(encoding, errors="replace"), None
    # The transport's charset first, as browsers read a page; then what the page declares.
    for source, name in (("transport", charset), ("declared", _declared_charset(data[:4096]))):
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name
            text = data.decode(codec)
        except (ValueError, LookupError):  # UnicodeError is a ValueError; punycode and idna raise it, not a decode error
            warnings.append(f"{source} charset {name} does not fit the bytes; ignored")
            continue
        return text, data if codec == "utf-8" else None
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    warnings.append(f"decoded as {encoding} (detected)")
    return data.decode(encoding, errors="replace"), None


def read_page(page: str | bytes, options: Options, warnings: list[str], *, keep_nul: bool = False,
              charset: str | None = None) -> tuple[str, bytes | None]:
    """The page as str, cut to options.max_bytes, bytes decoded as decode_bytes says (charset being the
    transport's); and with it the page's UTF-8 bytes when the input was bytes that are exactly that text in UTF-8
    (None otherwise): the HTML parser reads UTF-8, and most pages arrive as UTF-8 bytes. NUL characters are removed
    unless keep_nul: an HTML page keeps them here because segment_html removes them from the UTF-8 bytes it parses,
    where finding one is a memchr instead of a scan of a str of two- or four-byte characters (30 us on an 85 KB
    page)."""
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        if len(data) > options.max_bytes:
            warnings.append(f"input of {len(data)} bytes truncated to {options.max_bytes}")
            data = data[: options.max_bytes]
        if looks_binary(data):
            raise InputError("input looks like binary data, not an HTML page or a text dump")
        text, utf8 = _decoded(data, warnings, charset)
    elif isinstance(page, str):
        text, utf8 = page, None
        if len(text) > options.max_bytes:
            warnings.append(f"input of {len(text)} characters truncated to {options.max_bytes}")
            text = text[: options.max_bytes]
    else:
        raise InputError(f"expected str or bytes, got {type(page).__name__}")
    if keep_nul:
        return text, utf8
    clean = drop_nul(text, warnings)
    return clean, utf8 if clean is text else None


NUL_REMOVED = "NUL characters removed"


def drop_nul(text: str, warnings: list[str]) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(NUL_REMOVED)
    return text


def sniff_kind(text: str) -> str:
    """"html" when the start of the page has markup, else "text"."""
    head = text[:5000]
    hits = len(_MARKUP.findall(head))
    if hits >= 2 or re.match(r"\s*<(?:!doctype|html|\?xml)", head, re.IGNORECASE):
        return "html"
    return "text"

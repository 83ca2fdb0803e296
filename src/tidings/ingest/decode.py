"""Bytes -> str: refuse empty, binary and oversized input, then find the encoding.

Order of the checks, each raising one ``InputError`` subclass with a one-line message:

1. size against ``settings.max_input_bytes()`` (``OversizedInput``);
2. nothing but whitespace (``EmptyInput``);
3. magic numbers of common binary formats: PDF, images, archives, office files (``BinaryInput``);
4. a byte-order mark (UTF-8, UTF-16, UTF-32) decides the encoding;
5. NUL bytes mean binary, unless they sit in the alternate positions of BOM-less UTF-16;
6. strict UTF-8; then, for HTML, the charset the page declares; then Windows-1252 when the
   bytes decode as it and read as Western European text; then charset-normalizer's best guess;
7. a decoded text that is mostly control characters is binary after all.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from tidings import settings
from tidings.exc import BinaryInput, EmptyInput, OversizedInput

# Leading bytes of binary formats a user is likely to pass by mistake, with a readable name.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document (OLE)"),
    (b"\x7fELF", "ELF executable"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media"),
    (b"\x00\x00\x00\x1cftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
)

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of control characters (other than tab, newline, carriage return, form feed) above
# which a decoded text is taken for binary data that happened to decode.
MAX_CONTROL_RATIO = 0.05
# A Windows-1252 reading is trusted only while accented letters stay a minority of letters;
# Cyrillic or Greek bytes read as 1252 give words made entirely of "Ã", "Ð", "ñ" ...
MAX_NON_ASCII_LETTER_RATIO = 0.25

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_size(size: int, source: str) -> None:
    """Raise ``OversizedInput`` when ``size`` bytes exceed ``settings.max_input_bytes()``."""
    limit = settings.max_input_bytes()
    if size > limit:
        raise OversizedInput(
            source,
            f"input is {size:,} bytes, over the limit of {limit:,} (set TIDINGS_MAX_INPUT_BYTES)",
        )


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with (``"PDF document"``, ...), or None."""
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    return None


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode ``data`` read from ``source`` to text; raise an ``InputError`` subclass when it isn't text.

    ``html=True`` lets a ``<meta charset>`` declaration in the first 4 kB choose the encoding
    when the bytes are not UTF-8. The returned text still carries any BOM-less oddities
    (CRLF, non-breaking spaces): ``normalize.normalize`` deals with those.
    """
    check_size(len(data), source)
    if not data.strip():
        raise EmptyInput(source, "empty input (no text)")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _finish(_decode_with(data[len(bom) :], encoding, source), source)
    kind = sniff_binary(data)
    if kind:
        raise BinaryInput(source, f"binary file ({kind}), not text")
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise BinaryInput(source, "binary file (contains NUL bytes), not text")
        return _finish(_decode_with(data, utf16, source), source)
    try:
        return _finish(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return _finish(data.decode(declared), source)
            except (UnicodeDecodeError, LookupError):
                pass
    western = _western(data)
    if western is not None:
        return _finish(western, source)
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise BinaryInput(source, "binary or undecodable data (no text encoding fits)")
    return _finish(str(best), source)


def _decode_with(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise BinaryInput(source, f"invalid {encoding} at byte {e.start}") from None


def _finish(text: str, source: str) -> str:
    if not text.strip():
        raise EmptyInput(source, "empty input (no text)")
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise BinaryInput(source, "binary data (mostly control characters), not text")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NUL bytes sit in every other position (ASCII-heavy UTF-16)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read pages labelled ISO-8859-1 / ASCII as Windows-1252 (WHATWG Encoding).
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return name


def _western(data: bytes) -> str | None:
    """The Windows-1252 reading of ``data`` when it looks like Western European text, else None.

    charset-normalizer often misreads short English text with curly quotes as cp775 or cp1250;
    Latin-1 text decodes identically as 1252 for every printable character.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return text
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    if non_ascii / len(letters) > MAX_NON_ASCII_LETTER_RATIO:
        return None
    return text

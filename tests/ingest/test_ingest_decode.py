"""Decoding bytes to text: encodings, BOMs, binary, empty and oversized input."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from tidings import ingest
from tidings.exc import BinaryInput, EmptyInput, InputError, OversizedInput
from tidings.ingest.decode import decode

WESTERN = "The minister said “we will not back down” – and the café’s owner agreed. Prices rose 5€."
ACCENTS = "Málaga, São Paulo and Zürich: the señor said the crème brûlée was très bon."
RUSSIAN = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве."


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (WESTERN, WESTERN.encode("utf-8")),
        (WESTERN, WESTERN.encode("cp1252")),
        (ACCENTS, ACCENTS.encode("latin-1")),
        ("He said “yes”.", "He said “yes”.".encode("cp1252")),
        (WESTERN, codecs.BOM_UTF8 + WESTERN.encode("utf-8")),
        (WESTERN, WESTERN.encode("utf-16")),  # with BOM, native order
        (WESTERN, codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be")),
        (WESTERN, WESTERN.encode("utf-32")),
        (ACCENTS, ACCENTS.encode("utf-16-le")),  # no BOM
        (RUSSIAN, RUSSIAN.encode("cp1251")),
    ],
    ids=[
        "utf8",
        "cp1252",
        "latin1",
        "cp1252-short",
        "utf8-bom",
        "utf16-bom",
        "utf16be-bom",
        "utf32-bom",
        "utf16le-nobom",
        "cp1251",
    ],
)
def test_decode_encodings(text: str, data: bytes) -> None:
    assert decode(data, "x.txt") == text


def test_decode_html_declared_charset() -> None:
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    assert RUSSIAN in decode(html.encode("cp1251"), "page.html", html=True)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (gzip.compress(b"hello world"), "gzip"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x00\x01\x02binary\x00" * 50, "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
    ],
    ids=["pdf", "png", "gzip", "zip", "nul", "controls"],
)
def test_decode_binary(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInput) as e:
        decode(data, "upload.bin")
    message = str(e.value)
    assert message.startswith("upload.bin: ")
    assert kind in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), b"\xef\xbb\xbf"],
)
def test_decode_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput, match=r"^empty\.txt: "):
        decode(data, "empty.txt")


def test_decode_oversized(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_MAX_INPUT_BYTES", "100")
    decode(b"a" * 100, "ok.txt")
    with pytest.raises(OversizedInput, match=r"^big\.txt: .*101 bytes.*TIDINGS_MAX_INPUT_BYTES"):
        decode(b"a" * 101, "big.txt")


def test_decode_oversized_file_not_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    monkeypatch.setenv("TIDINGS_MAX_INPUT_BYTES", "50")
    with pytest.raises(OversizedInput):
        ingest.load_path(path)
    with pytest.raises(OversizedInput):
        ingest.from_text("word " * 100)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"%PDF-1.4 rest", BinaryInput),
        (b"", EmptyInput),
        (b"<html><body><nav>Home</nav></body></html>", InputError),
    ],
)
def test_decode_errors_name_the_input(data: bytes, error: type[InputError]) -> None:
    with pytest.raises(error) as e:
        ingest.from_bytes(data, "feed/item-7.html")
    assert e.value.source == "feed/item-7.html"
    assert str(e.value).startswith("feed/item-7.html: ")
    assert "\n" not in str(e.value)

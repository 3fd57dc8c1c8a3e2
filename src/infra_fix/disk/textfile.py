"""Bytes ⇄ text for one file: the BOM and the newline style are taken off on reading and put back on writing, so
fixers only ever see LF text and every file keeps its own encoding details byte for byte."""

from __future__ import annotations

from msgspec import Struct

from infra_fix_fixers import Location

BOM = b"\xef\xbb\xbf"
_UTF32 = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class Decoded(Struct, frozen=True):
    text: str  # LF newlines when the file used CRLF or CR throughout; otherwise exactly as in the file
    bom: bool
    newline: str = "\n"  # what the file's newlines were: "\n", "\r\n" or "\r" (classic Mac OS)

    @property
    def crlf(self) -> bool:
        return self.newline == "\r\n"


def decode(data: bytes) -> Decoded | Location:
    """The file's text, or where and why it cannot be read as text. (The size was checked before reading.)"""
    for boms, name in ((_UTF32, "UTF-32"), (_UTF16, "UTF-16")):
        if data.startswith(boms):
            return Location(f"file is {name} encoded; only UTF-8 is supported", 1, 1)
    nul = data.find(b"\0")
    if nul >= 0:
        line, col = _position(data, nul)
        return Location("binary file (NUL byte)", line, col)
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _position(body, err.start)
        return Location(f"not valid UTF-8 (byte 0x{body[err.start]:02x})", line, col)
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        return Decoded(text.replace("\r\n", "\n"), bom, "\r\n")
    if "\r" in text and "\n" not in text:
        # CR alone: the fixers' parsers would see one long line, every finding on line 1 and no edit converging
        return Decoded(text.replace("\r", "\n"), bom, "\r")
    return Decoded(text, bom)


def encode(text: str, bom: bool, newline: str = "\n") -> bytes:
    """The inverse of `decode`, byte for byte (a stray CR before a CRLF included)."""
    if newline != "\n":
        text = text.replace("\n", newline)
    return (BOM if bom else b"") + text.encode("utf-8")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of an offset; in a CR-only file, CR ends a line."""
    sep = b"\n" if b"\n" in data or b"\r" not in data else b"\r"
    return data.count(sep, 0, offset) + 1, offset - (data.rfind(sep, 0, offset) + 1) + 1

"""Bytes ⇄ text for one file: the BOM and the newline style are taken off on reading and put back on writing, so
fixers only ever see LF text and every file keeps its own encoding details byte for byte."""

from __future__ import annotations

from dataclasses import dataclass

from infra_fix_fixers import Location

BOM = b"\xef\xbb\xbf"
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Decoded:
    text: str  # LF newlines when the file used CRLF throughout; otherwise exactly as in the file
    bom: bool
    crlf: bool


def decode(data: bytes) -> Decoded | Location:
    """The file's text, or where and why it cannot be read as text."""
    if len(data) > MAX_BYTES:
        return Location(f"file is too large to be a configuration file ({len(data) // 1024 // 1024} MiB)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Location("file is UTF-16 encoded; only UTF-8 is supported", 1, 1)
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
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return Decoded(text.replace("\r\n", "\n") if crlf else text, bom, crlf)


def encode(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (BOM if bom else b"") + text.encode("utf-8")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1

"""One streaming pass over a file's bytes: content hash, text encoding and completeness."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingestion.errors import FileRejected

_BLOCK = 1 << 20
_UTF8_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    size: int
    encoding: str | None  # None for binary formats (xlsx, parquet)
    ends_with_newline: bool
    odd_quote_count: bool  # RFC 4180 doubles quotes, so an odd count means an unclosed field


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as f:
            while block := f.read(_BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff(path: Path, text: bool) -> FileFacts:
    """Hash the file and, for text formats, detect UTF-8 (with or without BOM) or GB18030.

    Raises FileRejected for an empty file, binary content in a text format, or text in
    neither encoding, so a garbled load never happens.
    """
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")(errors="strict")
    is_utf8, size, quotes, first, last = True, 0, 0, b"", b""
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            if not first:
                first = block[:4096]
            digest.update(block)
            size += len(block)
            last = block[-1:]
            if text:
                quotes += block.count(b'"')
                if is_utf8:
                    try:
                        utf8.decode(block)
                    except UnicodeDecodeError:
                        is_utf8 = False
    if size == 0 or (text and not first.strip(b" \t\r\n" + _UTF8_BOM)):
        raise FileRejected("file_empty", "文件为空 / the file is empty")
    encoding = None
    if text:
        if b"\x00" in first:
            raise FileRejected("file_unreadable", "二进制内容，不是文本文件 / binary content, not a text file")
        if is_utf8:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_utf8:
            encoding = "utf-8-sig" if first.startswith(_UTF8_BOM) else "utf-8"
        elif _decodes(path, "gb18030"):
            encoding = "gb18030"
        else:
            raise FileRejected(
                "file_unreadable", "编码既不是 UTF-8 也不是 GB18030 / text is neither UTF-8 nor GB18030"
            )
    return FileFacts(
        sha256=digest.hexdigest(),
        size=size,
        encoding=encoding,
        ends_with_newline=last in (b"\n", b"\r"),
        odd_quote_count=quotes % 2 == 1,
    )

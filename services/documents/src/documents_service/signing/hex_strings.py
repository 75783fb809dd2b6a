"""PDF hex strings read in bulk for pyHanko.

pyHanko (0.38) reads a hex string `<…>` one byte at a time through two Python calls per byte: about 20 ms of CPU
for the 16,000 hex digits of a signature's /Contents, half of a whole signature check. `install()` puts a reader
in its place that finds the closing `>`, drops the whitespace and decodes the digits at once. Anything it does not
handle the plain way (a comment, a byte that is not a hex digit, no closing `>`) is left to pyHanko's own reader
from the same position, so results and errors stay pyHanko's. To drop once pyHanko reads hex strings in bulk.
"""

from __future__ import annotations

import binascii
from typing import BinaryIO

from pyhanko.pdf_utils import generic, misc

_PYHANKO_READER = generic.read_hex_string_from_stream
_CHUNK_BYTES = 1 << 15


def read_hex_string(stream: BinaryIO) -> generic.ByteStringObject | generic.TextStringObject:
    start = stream.tell()
    stream.read(1)  # the opening "<"
    parts = []
    while True:
        chunk = stream.read(_CHUNK_BYTES)
        end = chunk.find(b">")
        if end >= 0:
            parts.append(chunk[:end])
            break
        if not chunk:
            return _pyhankos(stream, start)
        parts.append(chunk)
    body = b"".join(parts)
    digits = body.translate(None, misc.PDF_WHITESPACE)
    if b"%" in body or digits.translate(None, generic.HEX_DIGITS):
        return _pyhankos(stream, start)
    stream.seek(start + 1 + len(body) + 1)
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


def _pyhankos(stream: BinaryIO, start: int) -> generic.ByteStringObject | generic.TextStringObject:
    stream.seek(start)
    return _PYHANKO_READER(stream)


def install() -> None:
    """pyHanko's object reader calls the module's `read_hex_string_from_stream` by name: from now on, this one."""
    generic.read_hex_string_from_stream = read_hex_string

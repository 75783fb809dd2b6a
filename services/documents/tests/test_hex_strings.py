"""The bulk hex-string reader gives what pyHanko's own reader gives, object, position and errors alike."""

import binascii
import io
import os

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfStreamError

import documents_service.signing  # noqa: F401 - installs the reader
from documents_service.signing import hex_strings

SIGNATURE = b"<" + binascii.hexlify(os.urandom(8224)) + b"00" * 900 + b">"
CASES = [SIGNATURE + b" /Type /Sig", b"<>", b"<41>", b"<4>", b"<4 1\n4\r2\t4\x003\f>rest", b"<feFF0041>",
         b"<41 % a comment > inside\n42>tail", b"<41" + b" " * 70000 + b"42> after a chunk boundary"]


@pytest.mark.parametrize("data", CASES)
def test_the_same_string_and_position_as_pyhankos_reader(data):
    ours, theirs = io.BytesIO(data), io.BytesIO(data)
    read = hex_strings.read_hex_string(ours)
    expected = hex_strings._PYHANKO_READER(theirs)
    assert (type(read), read, ours.tell()) == (type(expected), expected, theirs.tell())


@pytest.mark.parametrize("data", [b"<41x2>", b"<4142", b"<41 % no end"])
def test_the_same_errors_as_pyhankos_reader(data):
    with pytest.raises(PdfStreamError) as theirs:
        hex_strings._PYHANKO_READER(io.BytesIO(data))
    with pytest.raises(PdfStreamError) as ours:
        hex_strings.read_hex_string(io.BytesIO(data))
    assert str(ours.value) == str(theirs.value)


def test_pyhanko_reads_signatures_with_it():
    assert generic.read_hex_string_from_stream is hex_strings.read_hex_string
    parsed = generic.read_object(io.BytesIO(SIGNATURE), container_ref=None)
    assert parsed.original_bytes == binascii.unhexlify(SIGNATURE[1:-1])

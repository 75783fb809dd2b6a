"""The signing copy (letters/printing/slots.py): a letter laid out before it is numbered, its number and date written
into it as it is signed. Judged by poppler: once filled it reads, and looks, like the letter laid out numbered."""

from __future__ import annotations

import dataclasses
import io
import subprocess

import pytest
from PIL import Image, ImageChops
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents_service.letters.printing import slots
from documents_service.letters.printing.render import (
    filled,
    print_key,
    render_pdf,
    render_signing_copy,
)
from documents_service.signing import pades
from tests import pdf_checks

from .test_letter_printing import KINDS, PAGE, SENT, _in_order

DPI = 100
# Differing pixels a page may have where glyph edges fall between pixels (up to 21 measured); a line one point off
# differs by hundreds.
ANTI_ALIASING = 30


def _awaiting(letter):
    return dataclasses.replace(letter, letter_number=None, letter_date=None, awaiting_number=True)


def _filled(letter) -> bytes:
    """`letter` through its signing copy: laid out unnumbered, then its lines written in (no signature: the lines
    are drawn the same way in the signed revision)."""
    copy = render_signing_copy(_awaiting(letter), PAGE)
    assert copy is not None
    if not copy.slots:  # minutes have neither number nor date
        return copy.pdf
    numbered = filled(letter, PAGE)
    lines = slots.lines_pdf(copy.slots, numbered.values)
    assert lines is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(copy.pdf))
    pades.write_lines(writer, pades.Lines(lines, [(s.page, s.x, s.y) for s in copy.slots], numbered.subject))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pages(pdf: bytes) -> list[Image.Image]:
    pages, page = [], 1
    while True:
        run = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(DPI), "-gray", "-singlefile"],
                             input=pdf, capture_output=True, check=False)
        if run.returncode != 0 or not run.stdout:
            return pages
        pages.append(Image.open(io.BytesIO(run.stdout)).convert("L"))
        page += 1


def _differing_pixels(a: bytes, b: bytes) -> list[int]:
    """Per page, the pixels that differ by more than anti-aliasing would."""
    first, second = _pages(a), _pages(b)
    assert len(first) == len(second)
    return [sum(ImageChops.difference(x, y).point(lambda v: 255 if v > 96 else 0).histogram()[255:])
            for x, y in zip(first, second, strict=True)]


@pytest.mark.parametrize(("kind", "subtype", "changes", "expected"), KINDS,
                         ids=[f"{kind.value}-{subtype}" for kind, subtype, *_ in KINDS])
def test_a_filled_signing_copy_reads_and_looks_like_the_letter_laid_out_numbered(kind, subtype, changes, expected):
    letter = dataclasses.replace(SENT, kind=kind, subtype=subtype, **changes)
    filled = _filled(letter)

    assert _in_order(expected, pdf_checks.text_lines(filled)) == []
    differing = _differing_pixels(filled, render_pdf(letter, PAGE))
    assert max(differing) <= ANTI_ALIASING, differing


def test_the_copy_itself_has_no_number_no_date_and_no_draft_mark():
    copy = render_signing_copy(_awaiting(SENT), PAGE)
    text = " ".join(pdf_checks.text_lines(copy.pdf))

    assert "๑๒๓" not in text and "ธันวาคม ๒๕๖๙" not in text.replace("ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๙", "")
    assert "ร่าง" not in pdf_checks.text_lines(copy.pdf)
    assert [s.value for s in copy.slots] == ["number", "date"]
    assert copy.slots[0].before == "ที่ "


def test_the_filled_copy_is_still_pdf_a_2b_and_its_subject_names_the_number():
    pdf = _filled(SENT)
    assert pdf_checks.pdfa_failures({"filled": pdf}) == {"filled": []}
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Subject:         หนังสือภายนอก ที่ ชม ๐๐๑๗.๓/๑๒๓" in info.splitlines()


def test_a_number_too_long_for_its_line_is_refused_so_the_letter_is_laid_out_afresh():
    copy = render_signing_copy(_awaiting(SENT), PAGE)
    values = filled(SENT, PAGE).values

    assert slots.lines_pdf(copy.slots, values) is not None
    assert slots.lines_pdf(copy.slots, {**values, "number": "ชม ๐๐๑๗.๓/" + "๑๒๓" * 30}) is None


def test_the_copy_is_found_by_what_it_prints():
    awaiting = _awaiting(SENT)

    assert print_key(awaiting, PAGE) == print_key(dataclasses.replace(awaiting, number_prefix="ชม 9999"), PAGE)
    assert print_key(awaiting, PAGE) != print_key(dataclasses.replace(awaiting, body=SENT.body + "\n\nเพิ่ม"), PAGE)
    assert print_key(awaiting, PAGE) != print_key(awaiting, dataclasses.replace(PAGE, thai_digits=False))
    assert print_key(awaiting, PAGE) != print_key(dataclasses.replace(awaiting, signatory_capacity="รักษาราชการแทน"),
                                                  PAGE)

"""What a visible signature looks like (signing/appearance.py), read back by poppler."""

from __future__ import annotations

from datetime import UTC, datetime

from documents_service.signing import appearance
from tests import pdf_checks

WIDTH, HEIGHT = 200.0, 60.0


def _look(at: datetime) -> appearance.SignatureLook:
    return appearance.SignatureLook(name="นายสมชาย ใจดี", signed_at=at, thai_digits=True)


def test_the_appearance_says_who_signed_electronically_and_when_in_thai_digits():
    text = " ".join(pdf_checks.text_lines(appearance.signature_pdf(_look(datetime(2026, 12, 5, 7, 30, tzinfo=UTC)),
                                                                   width=WIDTH, height=HEIGHT)))
    assert "ลงลายมือชื่ออิเล็กทรอนิกส์" in text and "นายสมชาย ใจดี" in text
    assert "๕ ธันวาคม ๒๕๖๙" in text and "๑๔.๓๐ น." in text  # Bangkok time


def test_a_queue_signed_within_a_minute_typesets_the_appearance_once():
    first = appearance.signature_pdf(_look(datetime(2026, 12, 5, 7, 30, 5, tzinfo=UTC)), width=WIDTH, height=HEIGHT)
    same_minute = appearance.signature_pdf(_look(datetime(2026, 12, 5, 7, 30, 50, tzinfo=UTC)), width=WIDTH,
                                           height=HEIGHT)
    next_minute = appearance.signature_pdf(_look(datetime(2026, 12, 5, 7, 31, 1, tzinfo=UTC)), width=WIDTH,
                                           height=HEIGHT)
    assert same_minute is first
    assert next_minute is not first and "๑๔.๓๑ น." in " ".join(pdf_checks.text_lines(next_minute))

"""The signing pages' rules without a network: the PIN fields checked before anything is sent, the reason a
recipient's one-click report gives the sender, and the verdict badges that read without colour."""

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from portal_service.i18n import Wording
from portal_service.pages.signing import common_name, full_moment, invalid_reason, pin_errors

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "portal_service" / "templates"
TH = Wording("th", thai_digits=False)


@pytest.mark.parametrize(("pin", "confirm", "field"), [("12345", "12345", "pin"), ("123456", "123457", "pin_confirm"),
                                                       ("", "", "pin")])
def test_a_short_or_mismatched_pin_is_refused_beside_its_field(pin, confirm, field):
    assert list(pin_errors(pin, confirm, TH)) == [field]


def test_six_matching_characters_are_enough():
    assert pin_errors("ab12cd", "ab12cd", TH) == {}


def test_the_reason_sent_back_names_the_verdict_in_thai_and_when_it_was_found():
    reason = invalid_reason({"signature_verdict": "modified", "signature_checked_at": "2026-12-05T03:15:00+00:00"})
    assert reason.startswith("หนังสือไม่ถูกต้อง: ผลตรวจลายมือชื่ออิเล็กทรอนิกส์ ถูกแก้ไขหลังลงนาม")
    assert "(ตรวจเมื่อ 5 ธันวาคม 2569 10.15 น.)" in reason  # the whole Buddhist Era year, Bangkok time
    assert "✖" not in reason


@pytest.mark.parametrize(("verdict", "words"), [("valid", "✔ ลายมือชื่อถูกต้อง"), ("modified", "✖ ถูกแก้ไขหลังลงนาม"),
                                                ("untrusted", "⚠ ผู้ลงนามไม่อยู่ในรายชื่อที่เชื่อถือ"),
                                                ("revoked", "⊘ ใบรับรองถูกเพิกถอน")])
def test_each_verdict_badge_carries_a_sign_and_words(verdict, words):
    macros = Environment(loader=FileSystemLoader(TEMPLATES)).get_template("_signature.html").make_module(
        {"w": TH, "full_moment": full_moment, "common_name": common_name})
    html = str(macros.badge(verdict))
    assert words in html and f"verdict-{verdict}" in html
    assert str(macros.badge("unsigned")) == "" and str(macros.badge(None)) == ""


def test_a_certificate_name_is_shown_by_its_common_name():
    assert common_name("Common Name: นายสมชาย ใจดี, Organizational Unit: ผู้ว่าราชการ, Country: TH") == "นายสมชาย ใจดี"
    assert common_name("Common Name: OpenSaraban Test Issuing CA") == "OpenSaraban Test Issuing CA"
    assert common_name("Organization: Somewhere") == "Organization: Somewhere"

"""The administration forms' refusals land beside the field they are about; every wording they use exists."""

import re
from pathlib import Path

from portal_service.i18n import TEXT, Wording
from portal_service.pages import admin, admin_agencies, admin_people, admin_settings, admin_units
from portal_service.pages.admin_forms import missing, refusal_errors
from portal_service.upstream import UpstreamError

WORDS = Wording("th", thai_digits=False)
TEMPLATES = Path(admin.__file__).resolve().parents[1] / "templates"


def refusal(code: str, detail: dict | None = None) -> UpstreamError:
    return UpstreamError(status=409, code=code, message_th=f"ไทย {code}", message_en=f"en {code}", detail=detail)


def test_a_known_code_names_its_field():
    errors = refusal_errors(refusal("username_taken", {"username": "x"}), admin_people.LABELS, WORDS,
                            codes=admin_people.CODES)
    assert errors == {"username": "ไทย username_taken"}


def test_pydantic_s_fields_are_named_by_their_labels():
    exc = refusal("invalid_input", {"fields": [{"loc": ["body", "letter_suffix"], "msg": "bad"},
                                               {"loc": ["body", "nonsense"], "msg": "bad"}]})
    assert refusal_errors(exc, admin_units.LABELS, WORDS) == {"letter_suffix": "โปรดตรวจสอบเลขต่อท้ายเลขที่หนังสือ"}


def test_a_detail_naming_a_field_puts_the_message_there_and_nothing_else_is_guessed():
    assert refusal_errors(refusal("unknown_parent", {"parent_id": "x"}), admin_agencies.LABELS, WORDS) == {
        "parent_id": "ไทย unknown_parent"}
    assert refusal_errors(refusal("forbidden", {"required": "x"}), admin_agencies.LABELS, WORDS) == {}


def test_required_fields_left_empty_are_named():
    assert missing({"name_th": " ", "name_en": ""}, ("name_th",), admin_units.LABELS, WORDS) == {
        "name_th": "โปรดกรอกชื่อหน่วยย่อย"}


def test_every_notice_and_every_wording_the_screens_use_exists_in_both_languages():
    assert all(f"admin_done_{name}" in TEXT for name in admin.DONE)
    used = set()
    for template in TEMPLATES.glob("admin*.html"):
        used |= {key for key in re.findall(r"""w\(["']([a-z_]+)["']""", template.read_text()) if not key.endswith("_")}
    sections = ("people", "units", "lists", "keys", "settings", "delegations", "agencies")
    for prefix, names in (("admin_tab_", sections), ("admin_about_", sections),
                          ("admin_set_", [f"{switch}_hint" for switch in admin_settings.SWITCHES]),
                          ("role_", admin_people.ROLES), ("clearance_", admin_people.CLEARANCES),
                          ("agency_kind_", admin_agencies.KINDS)):
        used |= {prefix + name for name in names}
    assert sorted(used - set(TEXT)) == []

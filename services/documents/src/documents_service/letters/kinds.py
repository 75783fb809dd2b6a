"""What each kind of official document requires before it is numbered, and how it is numbered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opensaraban_shared.errors import AppError, ErrorKind
from opensaraban_shared.vocabulary import LetterKind

from .models import LetterForm, LetterForms

UNKNOWN_SUBTYPE = ErrorKind("unknown_subtype", 422, "ประเภทย่อยของหนังสือไม่ถูกต้อง", "Unknown subtype for this kind")

KIND_LABELS: Mapping[LetterKind, tuple[str, str]] = {
    LetterKind.EXTERNAL: ("หนังสือภายนอก", "External letter"),
    LetterKind.INTERNAL: ("หนังสือภายใน (บันทึกข้อความ)", "Internal memo"),
    LetterKind.SEALED: ("หนังสือประทับตรา", "Sealed letter"),
    LetterKind.DIRECTIVE: ("หนังสือสั่งการ", "Directive"),
    LetterKind.PUBLICITY: ("หนังสือประชาสัมพันธ์", "Publicity"),
    LetterKind.EVIDENTIARY: ("หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน", "Evidentiary document"),
}

# In the order each kind lists them; every subtype of a kind prints the kind's fields.
SUBTYPE_LABELS: Mapping[LetterKind, Mapping[str, tuple[str, str]]] = {
    LetterKind.DIRECTIVE: {"order": ("คำสั่ง", "Order"), "regulation": ("ระเบียบ", "Regulation"),
                           "bylaw": ("ข้อบังคับ", "By-law")},
    LetterKind.PUBLICITY: {"announcement": ("ประกาศ", "Announcement"), "statement": ("แถลงการณ์", "Statement"),
                           "news": ("ข่าว", "News")},
    LetterKind.EVIDENTIARY: {"certificate": ("หนังสือรับรอง", "Certificate"),
                             "minutes": ("รายงานการประชุม", "Minutes"), "record": ("บันทึก", "Record"),
                             "other": ("หนังสืออื่น", "Other record")},
}
SUBTYPES: Mapping[LetterKind, frozenset[str]] = {kind: frozenset(labels) for kind, labels in SUBTYPE_LABELS.items()}
DIRECTIVE_TITLES_TH = {subtype: th for subtype, (th, _) in SUBTYPE_LABELS[LetterKind.DIRECTIVE].items()}

FIELD_LABELS: Mapping[str, tuple[str, str]] = {
    "subject": ("เรื่อง", "Subject"),
    "salutation": ("เรียน / ถึง", "Addressee (เรียน / ถึง)"),
    "reference_text": ("อ้างถึง", "Reference"),
    "enclosures_text": ("สิ่งที่ส่งมาด้วย", "Enclosures"),
    "body": ("ข้อความ", "Body"),
    "closing": ("คำลงท้าย", "Closing"),
    "signatory_name": ("ชื่อผู้ลงนาม", "Signatory's name"),
    "signatory_position": ("ตำแหน่งผู้ลงนาม", "Signatory's position"),
    "owning_unit": ("ส่วนราชการเจ้าของเรื่อง", "Unit that owns the matter"),
    "contact": ("โทร. / โทรสาร / ไปรษณีย์อิเล็กทรอนิกส์", "Phone / fax / e-mail"),
    "copies_to": ("สำเนาส่ง", "Copies to"),
    "seal_initials": ("ชื่อย่อผู้รับผิดชอบ", "Responsible officer's initials"),
    "effective_from": ("ทั้งนี้ ตั้งแต่", "Effective from"),
    "issue_number": ("ฉบับที่", "Issue number"),
}

# The fields each kind prints (ระเบียบงานสารบรรณ, แบบที่ ๑–๑๗), and those it needs before it is numbered.
FIELDS: Mapping[LetterKind, tuple[str, ...]] = {
    LetterKind.EXTERNAL: ("subject", "salutation", "reference_text", "enclosures_text", "body", "closing",
                          "signatory_name", "signatory_position", "owning_unit", "contact", "copies_to"),
    LetterKind.INTERNAL: ("subject", "salutation", "body", "signatory_name", "signatory_position", "owning_unit",
                          "contact"),
    LetterKind.SEALED: ("subject", "salutation", "reference_text", "enclosures_text", "body", "seal_initials",
                        "owning_unit", "contact", "copies_to"),
    LetterKind.DIRECTIVE: ("subject", "body", "effective_from", "signatory_name", "signatory_position"),
    LetterKind.PUBLICITY: ("subject", "issue_number", "body", "signatory_name", "signatory_position"),
    LetterKind.EVIDENTIARY: ("subject", "body", "signatory_name", "signatory_position"),
}
REQUIRED_FIELDS: Mapping[LetterKind, tuple[str, ...]] = {
    LetterKind.EXTERNAL: ("subject", "salutation", "body", "closing", "signatory_name", "signatory_position",
                          "owning_unit"),
    LetterKind.INTERNAL: ("subject", "salutation", "body", "signatory_name", "signatory_position", "owning_unit"),
    LetterKind.SEALED: ("subject", "salutation", "body", "owning_unit"),
    LetterKind.DIRECTIVE: ("subject", "body", "signatory_name", "signatory_position"),
    LetterKind.PUBLICITY: ("subject", "body"),
    LetterKind.EVIDENTIARY: ("subject", "body"),
}


def check_subtype(kind: LetterKind, subtype: str | None) -> None:
    allowed = SUBTYPES.get(kind)
    if allowed is None:
        if subtype is not None:
            raise AppError(UNKNOWN_SUBTYPE, {"kind": kind.value, "allowed": []})
        return
    if subtype not in allowed:
        raise AppError(UNKNOWN_SUBTYPE, {"kind": kind.value, "allowed": sorted(allowed)})


def check_complete(kind: LetterKind, fields: Mapping[str, Any]) -> None:
    """Drafts may be incomplete; numbering needs every field the kind prints. The error names each missing field
    in Thai and English."""
    missing = [name for name in REQUIRED_FIELDS[kind] if not str(fields.get(name) or "").strip()]
    if missing:
        raise AppError(missing_fields(missing), {"kind": kind.value, "missing": missing})


def missing_fields(names: list[str]) -> ErrorKind:
    return ErrorKind("missing_fields", 422,
                     "ยังไม่ได้กรอก " + ", ".join(FIELD_LABELS[n][0] for n in names) + " ซึ่งหนังสือชนิดนี้ต้องมี",
                     "Missing what this kind of letter requires: " + ", ".join(FIELD_LABELS[n][1] for n in names))


def register_series(kind: LetterKind, subtype: str | None, *, is_circular: bool) -> str:
    """Which running number the letter takes: the send register (normal or 'ว'), or a directive's own series."""
    if kind is LetterKind.DIRECTIVE:
        return f"directive_{subtype}"
    return "send_circular" if is_circular else "send"


def format_number(*, prefix: str, series: str, number: int, buddhist_year: int) -> str:
    """'ชม 0017/123', circulars 'ชม 0017/ว 123', orders '123/2569' (numbered from 1 each year)."""
    if series.startswith("directive_"):
        return f"{number}/{buddhist_year}"
    if series == "send_circular":
        return f"{prefix}/ว {number}"
    return f"{prefix}/{number}"


def forms() -> LetterForms:
    """Every kind as the drafting form shows it: its subtypes, its fields, and those it requires."""
    return LetterForms(kinds=[
        LetterForm(kind=kind, label_th=label_th, label_en=label_en,
                   subtypes=[{"value": value, "label_th": th, "label_en": en}
                             for value, (th, en) in SUBTYPE_LABELS.get(kind, {}).items()],
                   fields=list(FIELDS[kind]), required=list(REQUIRED_FIELDS[kind]))
        for kind, (label_th, label_en) in KIND_LABELS.items()])

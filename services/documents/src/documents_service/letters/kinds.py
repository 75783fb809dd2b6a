"""What each kind of official document requires before it is numbered, and how it is numbered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opensaraban_shared.errors import AppError, ErrorKind
from opensaraban_shared.vocabulary import LetterKind

MISSING_FIELDS = ErrorKind(
    "missing_fields", 422, "ยังกรอกข้อมูลที่หนังสือชนิดนี้ต้องมีไม่ครบ", "Fields this kind of letter requires are missing"
)
UNKNOWN_SUBTYPE = ErrorKind("unknown_subtype", 422, "ประเภทย่อยของหนังสือไม่ถูกต้อง", "Unknown subtype for this kind")

# Fields the regulation prints on each kind (ระเบียบงานสารบรรณ, แบบที่ ๑–๑๗), required before numbering.
REQUIRED_FIELDS: Mapping[LetterKind, tuple[str, ...]] = {
    LetterKind.EXTERNAL: ("subject", "salutation", "body", "closing", "signatory_name", "signatory_position",
                          "owning_unit"),
    LetterKind.INTERNAL: ("subject", "salutation", "body", "signatory_name", "signatory_position", "owning_unit"),
    LetterKind.SEALED: ("subject", "body", "owning_unit"),
    LetterKind.DIRECTIVE: ("subject", "body", "signatory_name", "signatory_position"),
    LetterKind.PUBLICITY: ("subject", "body"),
    LetterKind.EVIDENTIARY: ("subject", "body"),
}

SUBTYPES: Mapping[LetterKind, frozenset[str]] = {
    LetterKind.DIRECTIVE: frozenset({"order", "regulation", "bylaw"}),  # คำสั่ง ระเบียบ ข้อบังคับ
    LetterKind.PUBLICITY: frozenset({"announcement", "statement", "news"}),  # ประกาศ แถลงการณ์ ข่าว
    LetterKind.EVIDENTIARY: frozenset({"certificate", "minutes", "record", "other"}),
}

DIRECTIVE_TITLES_TH = {"order": "คำสั่ง", "regulation": "ระเบียบ", "bylaw": "ข้อบังคับ"}


def check_subtype(kind: LetterKind, subtype: str | None) -> None:
    allowed = SUBTYPES.get(kind)
    if allowed is None:
        if subtype is not None:
            raise AppError(UNKNOWN_SUBTYPE, {"kind": kind.value, "allowed": []})
        return
    if subtype not in allowed:
        raise AppError(UNKNOWN_SUBTYPE, {"kind": kind.value, "allowed": sorted(allowed)})


def check_complete(kind: LetterKind, fields: Mapping[str, Any]) -> None:
    """Drafts may be incomplete; numbering needs every field the kind prints."""
    missing = [name for name in REQUIRED_FIELDS[kind] if not str(fields.get(name) or "").strip()]
    if missing:
        raise AppError(MISSING_FIELDS, {"kind": kind.value, "missing": missing})


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

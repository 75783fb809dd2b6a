"""Agenda templates (ระเบียบวาระการประชุม): the standard 5- and 6-section variants and what each section is for."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class SectionKind(StrEnum):
    """What a section holds; decides where the system puts the items it drafts itself."""

    CHAIR = "chair"                        # เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ
    MINUTES = "minutes"                    # เรื่องรับรองรายงานการประชุม: filled automatically
    MATTERS_ARISING = "matters_arising"    # เรื่องสืบเนื่องจากการประชุมครั้งก่อน: follow-up actions
    INFORMATION = "information"            # เรื่องเพื่อทราบ
    CONSIDERATION = "consideration"        # เรื่องเพื่อพิจารณา
    OTHER = "other"                        # เรื่องอื่น ๆ


_TITLES = {
    SectionKind.CHAIR: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    SectionKind.MINUTES: "เรื่องรับรองรายงานการประชุม",
    SectionKind.MATTERS_ARISING: "เรื่องสืบเนื่องจากการประชุมครั้งก่อน",
    SectionKind.INFORMATION: "เรื่องเพื่อทราบ",
    SectionKind.CONSIDERATION: "เรื่องเพื่อพิจารณา",
    SectionKind.OTHER: "เรื่องอื่น ๆ",
}

STANDARD = {
    "5_sections": [SectionKind.CHAIR, SectionKind.MINUTES, SectionKind.INFORMATION, SectionKind.CONSIDERATION,
                   SectionKind.OTHER],
    "6_sections": [SectionKind.CHAIR, SectionKind.MINUTES, SectionKind.MATTERS_ARISING, SectionKind.INFORMATION,
                   SectionKind.CONSIDERATION, SectionKind.OTHER],
}


def standard_sections(template: str) -> list[dict[str, Any]]:
    """[{number, title, kind}] of a standard template, numbered from 1."""
    return [{"number": n, "title": _TITLES[kind], "kind": kind.value} for n, kind in enumerate(STANDARD[template], 1)]


def numbered(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"number": n, "title": s["title"], "kind": str(s["kind"])} for n, s in enumerate(sections, 1)]


def section_of_kind(sections: list[dict[str, Any]], *kinds: SectionKind) -> int | None:
    """The number of the first section of the first kind the template has."""
    for kind in kinds:
        for section in sections:
            if section["kind"] == kind.value:
                return int(section["number"])
    return None


# Sections the secretariat drafts itself; member agencies submit to the others.
SECRETARIAT_ONLY = frozenset({SectionKind.MINUTES.value, SectionKind.CHAIR.value})

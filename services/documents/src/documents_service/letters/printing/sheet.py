"""A PrintedLetter as the templates print it: every value in its final form (digits per the agency's setting,
Buddhist Era dates, numbered enclosures and clauses), so the templates only place text and add the form's words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opensaraban_shared.thai import THAI_MONTHS, buddhist_year, format_digits
from opensaraban_shared.vocabulary import SECRECY_TH, URGENCY_TH, Secrecy, Urgency

from .page import PageSettings, PrintedLetter

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
KIND_NAMES = {"external": "หนังสือภายนอก", "internal": "หนังสือภายใน", "sealed": "หนังสือประทับตรา",
              "directive": "หนังสือสั่งการ", "publicity": "หนังสือประชาสัมพันธ์",
              "evidentiary": "หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน"}


@dataclass(frozen=True)
class Fill:
    """A printed value that may leave a gap to be written in by hand: a draft's number ('ชม ๐๐๑๗.๓/____') or its
    date ('____ ธันวาคม ๒๕๖๙')."""

    before: str
    after: str = ""
    gap: bool = False
    slot: str = ""  # a signing copy's: which value the signing writes on this line (number, date, formal_date)


@dataclass(frozen=True)
class Clause:
    """A numbered paragraph of a regulation or by-law: 'ข้อ ๑' and its lines."""

    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    kind: str
    subtype: str
    issuer_name: str
    issuer_address: tuple[str, ...]
    number: Fill
    date: Fill  # '๕ ธันวาคม ๒๕๖๙', as letters and memos date themselves
    formal_date: Fill  # '๕ ธันวาคม พ.ศ. ๒๕๖๙', as orders, regulations, announcements and certificates do
    year: str  # the Buddhist Era year of the letter (a regulation's 'พ.ศ. ๒๕๖๙')
    subject: str
    salutation: str
    reference: str
    enclosures: tuple[str, ...]  # numbered '๑. …' when there are several
    paragraphs: tuple[tuple[str, ...], ...]  # each paragraph's lines
    preamble: tuple[str, ...]  # a regulation's or by-law's first paragraph …
    clauses: tuple[Clause, ...]  # … and its ข้อ ๑, ข้อ ๒ …
    closing: str
    signatory_name: str
    signatory_position: str
    signatory_capacity: str
    owning_unit: str
    contact: tuple[str, ...]
    copies_to: tuple[str, ...]
    urgency: str  # '' when normal
    secrecy: str  # '' when normal
    seal_initials: str
    effective_from: str  # formal date, '' when not given
    issue_number: str
    is_draft: bool
    created: str  # the letter's date as ISO 8601, for the PDF's metadata; '' for a draft
    description: str  # the PDF's subject: 'หนังสือภายนอก ที่ ชม ๐๐๑๗.๓/๑๒๓' (a signing copy's, without the number)


def sheet(letter: PrintedLetter, page: PageSettings) -> Sheet:
    def digits(text: str) -> str:
        return format_digits(text, thai_digits=page.thai_digits)

    def lines(text: str) -> tuple[str, ...]:
        return tuple(digits(line.strip()) for line in text.strip().splitlines() if line.strip())

    paragraphs = tuple(lines(part) for part in _BLANK_LINE.split(_unix_newlines(letter.body)) if part.strip())
    day = letter.letter_date or letter.draft_month
    number = Fill("", gap=True, slot="number") if letter.awaiting_number else _number(letter, digits)
    return Sheet(
        kind=letter.kind.value,
        subtype=letter.subtype or "",
        issuer_name=digits(letter.issuer_name),
        issuer_address=lines(letter.issuer_address),
        number=number,
        date=(Fill("", gap=True, slot="date") if letter.awaiting_number
              else _date(letter.letter_date, letter.draft_month, era="", digits=digits)),
        formal_date=(Fill("", gap=True, slot="formal_date") if letter.awaiting_number
                     else _date(letter.letter_date, letter.draft_month, era="พ.ศ. ", digits=digits)),
        year=digits(str(buddhist_year(day.year))),
        subject=digits(letter.subject.strip()),
        salutation=digits(letter.salutation.strip()),
        reference=digits(letter.reference_text.strip()),
        enclosures=_numbered([digits(item.strip()) for item in letter.enclosures if item.strip()], digits),
        paragraphs=paragraphs,
        preamble=paragraphs[0] if paragraphs else (),
        clauses=tuple(Clause(digits(f"ข้อ {n}"), para) for n, para in enumerate(paragraphs[1:], start=1)),
        closing=digits(letter.closing.strip()),
        signatory_name=digits(letter.signatory_name.strip()),
        signatory_position=digits(letter.signatory_position.strip()),
        signatory_capacity=digits(letter.signatory_capacity.strip()),
        owning_unit=digits(letter.owning_unit.strip()),
        contact=lines(letter.contact),
        copies_to=tuple(digits(item.strip()) for item in letter.copies_to if item.strip()),
        urgency="" if letter.urgency is Urgency.NORMAL else URGENCY_TH[letter.urgency],
        secrecy="" if letter.secrecy is Secrecy.NORMAL else SECRECY_TH[letter.secrecy],
        seal_initials=digits(letter.seal_initials.strip()),
        effective_from=_formal(letter.effective_from, digits) if letter.effective_from else "",
        issue_number=digits(letter.issue_number.strip()),
        is_draft=letter.is_draft and not letter.awaiting_number,
        created=letter.letter_date.isoformat() if letter.letter_date else "",
        description=KIND_NAMES[letter.kind.value] + (f" ที่ {number.before}{number.after}"
                                                      if number.before or number.after else ""),
    )


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _number(letter: PrintedLetter, digits) -> Fill:
    if letter.letter_number is not None:
        return Fill(digits(letter.letter_number))
    if letter.subtype == "order":  # an order is numbered n/พ.ศ. in its own series
        return Fill("", digits(f"/{buddhist_year(letter.draft_month.year)}"), gap=True)
    prefix = letter.number_prefix.strip()
    return Fill(digits(f"{prefix}/") if prefix else "", gap=True)


def _date(day: date | None, draft_month: date, *, era: str, digits) -> Fill:
    if day is None:  # a draft: the clerk dates it when it is sent
        return Fill("", digits(f"{THAI_MONTHS[draft_month.month - 1]} {era}{buddhist_year(draft_month.year)}"),
                    gap=True)
    return Fill(digits(f"{day.day} {THAI_MONTHS[day.month - 1]} {era}{buddhist_year(day.year)}"))


def _formal(day: date, digits) -> str:
    return _date(day, day, era="พ.ศ. ", digits=digits).before


def _numbered(items: list[str], digits) -> tuple[str, ...]:
    if len(items) < 2:
        return tuple(items)
    return tuple(digits(f"{n}. ") + item for n, item in enumerate(items, start=1))

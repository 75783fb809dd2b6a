"""What a letter puts on paper (PrintedLetter) and how the page is set (PageSettings): the renderer's input.

The use cases fill a PrintedLetter from the letter, its agency and its attachments; the renderer decides nothing
about the letter, only how it looks. Dates are dates: the renderer writes them out in full in the Buddhist Era,
with Thai or Arabic digits as the agency's setting says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency

PLACEHOLDER_EMBLEM = Path(__file__).with_name("emblem-placeholder.png")


@dataclass(frozen=True)
class PrintedLetter:
    kind: LetterKind
    subtype: str | None  # directive: order|regulation|bylaw; publicity: announcement|statement|news; evidentiary: …
    issuer_name: str  # ส่วนราชการเจ้าของหนังสือ: the sending agency's name (also where a sealed letter's seal goes)
    issuer_address: str  # its address, one line per line
    number_prefix: str  # 'ชม 0017.3': printed after ที่ while the letter has no number yet
    letter_number: str | None  # 'ชม 0017.3/123', 'ชม 0017/ว 45', '12/2569'; None until the letter is sent
    letter_date: date | None  # ลงวันที่; None until the letter is sent (a draft prints the month and year only)
    draft_month: date  # the month and year a draft prints on its date line
    subject: str  # เรื่อง (a regulation's "ว่าด้วย …")
    salutation: str  # เรียน … (a sealed letter: ถึง …)
    reference_text: str  # อ้างถึง
    enclosures: list[str]  # สิ่งที่ส่งมาด้วย, one per enclosure, in order
    body: str  # paragraphs separated by blank lines; a regulation's or by-law's paragraphs are its ข้อ ๑, ข้อ ๒ …
    closing: str  # คำลงท้าย
    signatory_name: str
    signatory_position: str
    signatory_capacity: str  # 'รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่', printed under the position; may be ''
    owning_unit: str  # ส่วนราชการเจ้าของเรื่อง
    contact: str  # โทร. / โทรสาร / ไปรษณีย์อิเล็กทรอนิกส์, one per line
    copies_to: list[str]  # สำเนาส่ง
    urgency: Urgency
    secrecy: Secrecy
    seal_initials: str = ""  # หนังสือประทับตรา: the responsible officer's initials beside the seal
    effective_from: date | None = None  # คำสั่ง: "ทั้งนี้ ตั้งแต่ …"
    issue_number: str = ""  # แถลงการณ์ / ข่าว: ฉบับที่ …
    is_draft: bool = False  # previews of a draft carry a plain "ร่าง" mark
    # The signing copy (printing/slots.py): as it will be signed, but the lines of its number and date left empty,
    # to be filled the moment it is signed. No draft mark.
    awaiting_number: bool = False


@dataclass(frozen=True)
class PageSettings:
    """The page as the regulation's forms and the 2010 font resolution set it; a deployment can change each."""

    font_size_pt: float = 16
    margin_top_cm: float = 2.5
    margin_bottom_cm: float = 2.0
    margin_left_cm: float = 3.0
    margin_right_cm: float = 2.0
    emblem: Path = PLACEHOLDER_EMBLEM  # the Garuda image the deployment supplies; a plainly marked placeholder
    thai_digits: bool = True  # the agency's digit style for numbers, dates and page numbers

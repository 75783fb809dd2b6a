"""What signatures look like on the page: the visible signature in the letter's signature block and the receiving
agency's stamp (ตรารับหนังสือ). Each is typeset like every other PDF of the project (Sarabun, Thai shaping,
nothing fetched) into a one-page PDF the size of its box, which the signer then draws as the field's appearance."""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import escape

from opensaraban_shared import typesetting
from opensaraban_shared.thai import format_digits, format_thai_date, format_thai_time

HERE = Path(__file__).parent
PT_PER_CM = 72 / 2.54

# The receipt stamp of the regulation's form: 2.5 × 5 cm, at the top right of the first page.
STAMP_WIDTH = 5.0 * PT_PER_CM
STAMP_HEIGHT = 2.5 * PT_PER_CM
STAMP_MARGIN = 0.5 * PT_PER_CM

_STYLE = typesetting.stylesheet("""
body { margin: 0; font-family: Sarabun; color: #14317a; line-height: 1.15; }
.signed { display: flex; align-items: center; justify-content: center; height: 100%; gap: 4pt; }
.signed img { max-height: 100%; max-width: 45%; object-fit: contain; }
.signed .words { font-size: 7.5pt; text-align: center; }
.stamp { box-sizing: border-box; height: 100%; border: 1pt solid #14317a; padding: 3pt 5pt; font-size: 10.5pt;
         line-height: 1.3; }
.stamp .agency { font-weight: bold; text-align: center; white-space: nowrap; overflow: hidden; }
.stamp p { margin: 0; }
""")


@dataclass(frozen=True)
class SignatureLook:
    """What the signer's box shows: an image of their handwritten signature when they uploaded one, then in words
    who signed it electronically and when."""

    name: str
    signed_at: datetime
    thai_digits: bool
    image: bytes | None = None
    image_type: str = "image/png"


def signature_pdf(look: SignatureLook, *, width: float, height: float) -> bytes:
    """The signature's appearance, `width` × `height` points."""
    image = ""
    if look.image:
        data = base64.b64encode(look.image).decode("ascii")
        image = f'<img src="data:{look.image_type};base64,{data}" alt="ลายมือชื่อ">'
    when = (f"{format_thai_date(look.signed_at, thai_digits=look.thai_digits)} "
            f"{format_thai_time(look.signed_at, thai_digits=look.thai_digits)}")
    body = (f'<div class="signed">{image}<div class="words">ลงลายมือชื่ออิเล็กทรอนิกส์<br>'
            f"{escape(format_digits(look.name, thai_digits=look.thai_digits))}<br>{escape(when)}</div></div>")
    return _one_page(body, width=width, height=height)


@dataclass(frozen=True)
class ReceiptLook:
    """The stamp's fields as the regulation's form has them."""

    agency_name: str
    receipt_number: int
    received_at: datetime
    thai_digits: bool


def stamp_pdf(look: ReceiptLook) -> bytes:
    digits = look.thai_digits
    body = (f'<div class="stamp"><p class="agency">{escape(look.agency_name)}</p>'
            f"<p>เลขรับ {escape(format_digits(look.receipt_number, thai_digits=digits))}</p>"
            f"<p>วันที่ {escape(format_thai_date(look.received_at, thai_digits=digits))}</p>"
            f"<p>เวลา {escape(format_thai_time(look.received_at, thai_digits=digits))}</p></div>")
    return _one_page(body, width=STAMP_WIDTH, height=STAMP_HEIGHT)


@functools.lru_cache(maxsize=128)
def _one_page(body: str, *, width: float, height: float) -> bytes:
    """Kept for the life of the process: a signer signing a queue of letters within a minute draws the same
    appearance each time, typeset once."""
    html = (f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>signature</title><style>"
            f"@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }} html, body {{ height: 100% }}</style></head>"
            f"<body>{body}</body></html>")
    # Not PDF/A on its own: it is drawn inside the letter, which is.
    return typesetting.typeset(html, base=HERE, stylesheets=[_STYLE], variant=None)

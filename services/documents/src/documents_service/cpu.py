"""The documents service's worker process (opensaraban_shared.cpu_pool): laying out letters and signing copies,
typesetting the lines and signature appearances signing draws. Each takes tens to hundreds of milliseconds of CPU;
in the worker they use the machine's second core instead of waiting for the service's GIL."""

from __future__ import annotations

from opensaraban_shared.cpu_pool import CpuPool


def _warm_up() -> bool:
    """Imports WeasyPrint and pyHanko and loads the fonts and templates once, not during the first signing."""
    from datetime import date

    import pyhanko.sign  # noqa: F401 - imported for its import time only

    from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency

    from .letters.printing.page import PageSettings, PrintedLetter
    from .letters.printing.render import render_pdf

    render_pdf(PrintedLetter(
        kind=LetterKind.EXTERNAL, subtype=None, issuer_name="สำนักงาน", issuer_address="", number_prefix="ทด 0001",
        letter_number="ทด 0001/1", letter_date=date.today(), draft_month=date.today(), subject="ทดสอบ",
        salutation="ผู้อำนวยการ", reference_text="", enclosures=[], body="ทดสอบการพิมพ์หนังสือราชการ",
        closing="ขอแสดงความนับถือ", signatory_name="ผู้ลงนาม", signatory_position="ผู้อำนวยการ",
        signatory_capacity="", owning_unit="", contact="", copies_to=[], urgency=Urgency.NORMAL,
        secrecy=Secrecy.NORMAL), PageSettings())
    return True


POOL = CpuPool("print_worker", warm_up=_warm_up)

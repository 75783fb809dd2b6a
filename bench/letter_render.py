"""Letter rendering workload: a two-page external letter typeset to PDF/A in-process, no servers involved."""

from __future__ import annotations

import io
import time
from datetime import date

from pypdf import PdfReader

from documents_service.letters.printing.page import PageSettings, PrintedLetter
from documents_service.letters.printing.render import render_pdf
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency

from .report import percentile

PARAGRAPH = ("ด้วยสำนักงานจังหวัดเชียงใหม่ได้รับมอบหมายให้จัดประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด "
             "เพื่อพิจารณาแผนการปรับเปลี่ยนหน่วยงานภาครัฐในจังหวัดสู่การทำงานแบบไร้กระดาษ และการใช้ระบบสารบรรณ"
             "อิเล็กทรอนิกส์ร่วมกัน ครั้งที่ 1/2569")
LETTER = PrintedLetter(
    kind=LetterKind.EXTERNAL, subtype=None, issuer_name="สำนักงานจังหวัดเชียงใหม่",
    issuer_address="ศาลากลางจังหวัดเชียงใหม่\nถนนโชตนา เชียงใหม่ 50300", number_prefix="ชม 0017.3",
    letter_number="ชม 0017.3/123", letter_date=date(2026, 12, 5), draft_month=date(2026, 12, 1),
    subject="ขอเชิญประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด",
    salutation="ผู้อำนวยการสำนักงานสถิติจังหวัดเชียงใหม่", reference_text="",
    enclosures=["ระเบียบวาระการประชุม จำนวน 1 ชุด", "แบบตอบรับการเข้าร่วมประชุม จำนวน 1 ฉบับ"],
    body="\n\n".join([PARAGRAPH] * 6 + ["จึงเรียนมาเพื่อโปรดพิจารณา"]), closing="ขอแสดงความนับถือ",
    signatory_name="นายสมชาย ใจดี", signatory_position="ผู้ว่าราชการจังหวัดเชียงใหม่", signatory_capacity="",
    owning_unit="กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
    contact="โทร. 0 5311 2345\nไปรษณีย์อิเล็กทรอนิกส์ saraban@chiangmai.go.th", copies_to=[],
    urgency=Urgency.URGENT, secrecy=Secrecy.CONFIDENTIAL,
)


def run(*, letters: int = 200, warm_up: int = 5) -> dict[str, float]:
    """Wall and CPU milliseconds per letter, p50 and p99, after a warm-up (templates, stylesheets, fonts loaded)."""
    page = PageSettings()
    for _ in range(warm_up):
        pdf = render_pdf(LETTER, page)
    if (pages := len(PdfReader(io.BytesIO(pdf)).pages)) != 2:
        raise RuntimeError(f"the bench letter has {pages} pages, not 2")
    wall, cpu = [], []
    for _ in range(letters):
        started, started_cpu = time.perf_counter(), time.process_time()
        render_pdf(LETTER, page)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {"letter_render_p50_ms": percentile(wall, 50), "letter_render_p99_ms": percentile(wall, 99),
            "letter_render_cpu_p50_ms": percentile(cpu, 50), "letter_render_cpu_p99_ms": percentile(cpu, 99)}

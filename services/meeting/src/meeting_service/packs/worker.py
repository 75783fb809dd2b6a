"""A separate process for building PDFs, so a 400-page pack never stalls the event loop (or the GIL)."""

from __future__ import annotations

from opensaraban_shared.cpu_pool import CpuPool


def _warm_up() -> bool:
    """Imports WeasyPrint, pypdf, segno and python-docx and loads the fonts once, not during the first publication."""
    from datetime import UTC, datetime

    from .assemble import build_pack

    meeting = {"committee_name": "คณะกรรมการ", "meeting_number": "๑/๒๕๖๙", "starts_at": datetime.now(UTC).isoformat(),
               "online_url": "https://example.go.th"}
    section = {"number": 1, "number_th": "๑", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "items": [
        {"number_th": "๑.๑", "title": "ทดสอบ", "presenting_agency_name": "ฝ่ายเลขานุการ", "summary": "ทดสอบ",
         "attachments": [], "children": [], "links": [{"title": "QR", "url": "https://example.go.th"}]}]}
    build_pack(meeting, {"sections": [section]}, {}, version=1, created_at=datetime.now(UTC))
    return True


POOL = CpuPool("pack_worker", warm_up=_warm_up)
run_pool = POOL.run_pool  # the service's background job
run = POOL.run

"""CSV and XLSX downloads of any measure: one flat table, headers in Thai then English; a series' periods first in
the Buddhist Era as Thai readers date them ('ธ.ค. 2569'), then as the API gives them ('2026-12')."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from pydantic import BaseModel

from opensaraban_shared.thai import THAI_MONTHS_SHORT, buddhist_year

Table = tuple[list[str], list[list[Any]]]

# Column names as shown to people: Thai first, the API field in brackets.
LABELS_TH = {
    "period_be": "ช่วงเวลา (พ.ศ.)", "period": "ช่วงเวลา (ค.ศ.)", "sent_electronic": "ส่งทางอิเล็กทรอนิกส์", "sent_paper": "ส่งเป็นกระดาษ",
    "received_electronic": "รับทางอิเล็กทรอนิกส์", "received_paper": "รับเป็นกระดาษ",
    "electronic_rate": "อัตราการส่งทางอิเล็กทรอนิกส์", "electronic_copies": "สำเนาอิเล็กทรอนิกส์",
    "stage": "ขั้นตอน", "urgency": "ชั้นความเร็ว", "urgency_th": "ชั้นความเร็ว (ชื่อ)", "count": "จำนวน",
    "median_s": "มัธยฐาน (วินาที)", "p90_s": "เปอร์เซ็นไทล์ที่ 90 (วินาที)", "within_24h": "ภายใน 24 ชม.",
    "active_users": "ผู้ใช้งาน", "rank": "อันดับ", "key": "รหัส", "name_th": "ชื่อ", "name_en": "ชื่อ (อังกฤษ)",
    "score": "คะแนนไร้กระดาษ", "accepted_within_24h": "ลงรับภายใน 24 ชม.", "active_user_share": "สัดส่วนผู้ใช้งาน",
    "electronic_pack_share": "สัดส่วนวาระอิเล็กทรอนิกส์", "letters": "จำนวนหนังสือ", "measure": "ตัวชี้วัด",
    "value": "ค่า", "sent": "หนังสือส่ง", "approved_electronically": "อนุมัติทางอิเล็กทรอนิกส์",
    "e_approval_rate": "อัตราการอนุมัติทางอิเล็กทรอนิกส์", "signed_digitally": "ลงลายมือชื่ออิเล็กทรอนิกส์",
    "e_signature_rate": "สัดส่วนการลงลายมือชื่ออิเล็กทรอนิกส์",
}


def table_of(result: BaseModel) -> Table:
    """The rows of a measure: its series / stages / ranking when it has one, else its figures one per row."""
    data = result.model_dump(mode="json")
    for name in ("series", "stages", "rows"):
        if data.get(name):
            return _records(data[name])
    flat = [[key, value] for key, value in data.items() if not isinstance(value, dict | list)]
    for key, value in data.items():
        if isinstance(value, dict) and key != "scope":
            flat += [[f"{key}.{k}", v] for k, v in value.items() if not isinstance(v, dict)]
    return _headers(["measure", "value"]), flat


_DAY, _MONTH, _FISCAL_YEAR = re.compile(r"(\d{4})-(\d{2})-(\d{2})"), re.compile(r"(\d{4})-(\d{2})"), re.compile(r"\d{4}")


def period_be(period: str) -> str:
    """'2026-12-05' → '5 ธ.ค. 2569', '2026-12' → 'ธ.ค. 2569', fiscal year '2570' (already พ.ศ.) → 'ปีงบประมาณ 2570'.
    Arabic digits: a data file's numbers stay numbers to a spreadsheet."""
    if day := _DAY.fullmatch(period):
        year, month, number = (int(part) for part in day.groups())
        return f"{number} {THAI_MONTHS_SHORT[month - 1]} {buddhist_year(year)}"
    if month := _MONTH.fullmatch(period):
        return f"{THAI_MONTHS_SHORT[int(month[2]) - 1]} {buddhist_year(int(month[1]))}"
    return f"ปีงบประมาณ {period}" if _FISCAL_YEAR.fullmatch(period) else period


def _records(items: Sequence[dict[str, Any]]) -> Table:
    columns = list(items[0])
    rows = [dict(item) for item in items]
    if "period" in columns:  # the row's label first, as a reader expects it: in พ.ศ., then as the API gives it
        columns.remove("period")
        columns[:0] = ["period_be", "period"]
        for row in rows:
            row["period_be"] = period_be(row["period"])
    return _headers(columns), [[row.get(c) for c in columns] for row in rows]


def _headers(columns: list[str]) -> list[str]:
    return [f"{LABELS_TH[c]} ({c})" if c in LABELS_TH else c for c in columns]


def to_csv(table: Table) -> bytes:
    headers, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    # A byte-order mark: Excel opens UTF-8 CSV with Thai text correctly only with one.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, sheet: str) -> bytes:
    headers, rows = table
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, headers, bold)
    for index, row in enumerate(rows, start=1):
        worksheet.write_row(index, 0, row)
    worksheet.set_column(0, max(len(headers) - 1, 0), 18)
    workbook.close()
    return out.getvalue()

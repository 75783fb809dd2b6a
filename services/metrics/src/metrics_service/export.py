"""CSV and XLSX downloads of any measure: one flat table, headers in Thai then English."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from pydantic import BaseModel

Table = tuple[list[str], list[list[Any]]]

# Column names as shown to people: Thai first, the API field in brackets.
LABELS_TH = {
    "period": "ช่วงเวลา", "sent_electronic": "ส่งทางอิเล็กทรอนิกส์", "sent_paper": "ส่งเป็นกระดาษ",
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


def _records(items: Sequence[dict[str, Any]]) -> Table:
    columns = list(items[0])
    if "period" in columns:  # the row's label first, as a reader expects it
        columns.insert(0, columns.pop(columns.index("period")))
    return _headers(columns), [[item.get(c) for c in columns] for item in items]


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

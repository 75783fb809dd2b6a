"""Saraban vocabulary shared by every service: letter kinds, urgency, secrecy, channels."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class LetterKind(StrEnum):
    """The six kinds of official document of the correspondence regulation (ระเบียบงานสารบรรณ)."""

    EXTERNAL = "external"  # หนังสือภายนอก
    INTERNAL = "internal"  # หนังสือภายใน (บันทึกข้อความ)
    SEALED = "sealed"  # หนังสือประทับตรา
    DIRECTIVE = "directive"  # หนังสือสั่งการ
    PUBLICITY = "publicity"  # หนังสือประชาสัมพันธ์
    EVIDENTIARY = "evidentiary"  # หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน


class Urgency(IntEnum):
    """ชั้นความเร็ว, coded 1..4 like the national exchange standard (001..004)."""

    NORMAL = 1
    URGENT = 2  # ด่วน
    VERY_URGENT = 3  # ด่วนมาก
    MOST_URGENT = 4  # ด่วนที่สุด


class Secrecy(IntEnum):
    """ชั้นความลับ, coded 1..4 like the national exchange standard (001..004)."""

    NORMAL = 1
    CONFIDENTIAL = 2  # ลับ
    SECRET = 3  # ลับมาก
    TOP_SECRET = 4  # ลับที่สุด


class Channel(StrEnum):
    """How a letter travelled: what paper-free adoption metrics count."""

    ELECTRONIC = "electronic"
    PAPER = "paper"


URGENCY_TH = {
    Urgency.NORMAL: "ปกติ",
    Urgency.URGENT: "ด่วน",
    Urgency.VERY_URGENT: "ด่วนมาก",
    Urgency.MOST_URGENT: "ด่วนที่สุด",
}
SECRECY_TH = {
    Secrecy.NORMAL: "ปกติ",
    Secrecy.CONFIDENTIAL: "ลับ",
    Secrecy.SECRET: "ลับมาก",
    Secrecy.TOP_SECRET: "ลับที่สุด",
}

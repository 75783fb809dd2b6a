"""The PKI's 4xx answers: {"error": {"code", "message", "message_th", "message_en", "detail"}}, as the services give."""

from __future__ import annotations

from typing import Any


class PkiError(Exception):
    def __init__(self, code: str, status: int, message_th: str, message_en: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code, self.status, self.message_th, self.message_en, self.field = code, status, message_th, message_en, field

    @classmethod
    def invalid(cls, field: str, problem_th: str, problem_en: str) -> PkiError:
        return cls("invalid_input", 422, f"{field}: {problem_th}", f"{field}: {problem_en}", field=field)

    def body(self) -> dict[str, Any]:
        detail = {"field": self.field} if self.field else {}
        return {"error": {"code": self.code, "message": self.message_th, "message_th": self.message_th,
                          "message_en": self.message_en, "detail": detail}}


UNKNOWN_SERIAL = ("unknown_serial", 404, "ไม่พบใบรับรองที่มีหมายเลขนี้ในผู้ออกใบรับรองนี้",
                  "This CA issued no certificate with that serial number")

"""API schemas of the agency directory."""

from __future__ import annotations

from pydantic import BaseModel


class AgencyRead(BaseModel):
    agency_id: str
    parent_id: str | None
    kind: str
    name_th: str
    name_en: str | None
    letter_prefix: str

"""HTTP API of letter search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.service_app import RuntimeDep

from . import service
from .models import LetterSearchCriteria, LetterSearchPage

# Mounted before the letters router: otherwise '/letters/{letter_id}' would take '/letters/search'.
router = APIRouter(tags=["search"])


@router.get(
    "/letters/search", response_model=LetterSearchPage,
    summary="ค้นหาหนังสือ — search the letters my agency sent or received",
    description=(
        "ค้นด้วยข้อความภาษาไทย (ไม่ต้องเว้นวรรค) หรืออังกฤษ เลขไทยหรืออารบิก และกรองด้วยเลขที่ เรื่อง ผู้ส่ง วันที่ส่ง"
        " สถานะ — free text in Thai (no spaces needed) or English, Thai or Arabic digits, plus filters. Ranked by"
        " relevance when `q` is given, newest first otherwise. Secret letters above your clearance never appear."
    ),
)
async def search_letters(criteria: Annotated[LetterSearchCriteria, Query()], principal: CurrentPrincipal,
                         runtime: RuntimeDep) -> LetterSearchPage:
    return await service.search_letters(runtime.db, principal=principal, criteria=criteria)

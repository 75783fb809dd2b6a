"""HTTP API of letter search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from . import service
from .models import LetterSearchCriteria, LetterSearchPage

# Mounted before the letters router: otherwise '/letters/{letter_id}' would take '/letters/search'.
router = APIRouter(tags=["search"])
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]


@router.get(
    "/letters/search", response_model=LetterSearchPage,
    summary="ค้นหาหนังสือ — search the letters my agency sent or received",
    description=(
        "ค้นด้วยข้อความภาษาไทย (ไม่ต้องเว้นวรรค) หรืออังกฤษ เลขไทยหรืออารบิก และกรองด้วยเลขที่ เรื่อง ผู้ส่ง วันที่ส่ง"
        " สถานะ — free text in Thai (no spaces needed) or English, Thai or Arabic digits, plus filters. Ranked by"
        " relevance when `q` is given, newest first otherwise. Secret letters above your clearance never appear."
    ),
)
async def search_letters(criteria: Annotated[LetterSearchCriteria, Query()], work: Work) -> LetterSearchPage:
    async with work() as uow:
        return await service.search_letters(uow, criteria=criteria)

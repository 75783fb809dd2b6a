"""HTTP API of the metrics service: adoption figures (JSON) and Prometheus text."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from prometheus_client import CONTENT_TYPE_LATEST

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.service_app import Runtime, get_runtime

from . import service
from .models import LetterAdoption
from .prometheus import exposition

router = APIRouter(prefix="/adoption", tags=["adoption"])
prometheus_router = APIRouter(tags=["observability"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.get(
    "/letters",
    response_model=LetterAdoption,
    summary="Letters sent and received per day, electronic vs paper, and the electronic rate",
)
async def letters(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    date_from: Annotated[date, Query(description="First day (Asia/Bangkok), inclusive, YYYY-MM-DD")],
    date_to: Annotated[date, Query(description="Last day (Asia/Bangkok), inclusive, YYYY-MM-DD")],
    agency_id: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Default: the caller's agency")
    ] = None,
) -> LetterAdoption:
    return await service.letter_adoption(
        db=runtime.db, principal=principal, agency_id=agency_id, date_from=date_from, date_to=date_to
    )


# Unauthenticated like every Prometheus endpoint: it holds process counters only, no agency's data.
@prometheus_router.get("/metrics", summary="Prometheus text: consumer outcomes and outbox publishing")
async def prometheus_metrics(runtime: RuntimeDep) -> Response:
    return Response(content=exposition(runtime), media_type=CONTENT_TYPE_LATEST)

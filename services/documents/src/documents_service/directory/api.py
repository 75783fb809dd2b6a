"""HTTP API of the agency directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from opensaraban_shared.auth import CurrentPrincipal
from opensaraban_shared.service_app import Runtime, get_runtime

from . import service
from .models import AgencyRead

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

router = APIRouter(tags=["directory"])


@router.get("/agencies", response_model=list[AgencyRead], summary="The agency directory")
async def agencies(_: CurrentPrincipal, runtime: RuntimeDep) -> list[AgencyRead]:
    return await service.list_agencies(runtime.db)

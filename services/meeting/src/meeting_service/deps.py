"""FastAPI dependencies the meeting service's routers share (the runtime: `opensaraban_shared.service_app.RuntimeDep`):
the secretariat role, and the request's unit of work (`async with work() as uow`)."""

from typing import Annotated

from fastapi import Depends

from opensaraban_shared.auth import Principal, Role, require_roles
from opensaraban_shared.unit_of_work import StartWork, request_work

from . import SERVICE

Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]
"""No Idempotency-Key: no meeting use case replays a retry, and an upload's body stays a stream."""


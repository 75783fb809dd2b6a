"""FastAPI dependencies the meeting service's routers share (the runtime: `opensaraban_shared.service_app.RuntimeDep`):
the secretariat role, and the request's unit of work (`async with work() as uow`)."""

from typing import Annotated

from fastapi import Depends, Request

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.unit_of_work import StartWork, begin, request_work

from . import SERVICE

Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]


async def _streamed_body_work(request: Request, principal: CurrentPrincipal) -> StartWork:
    """The request's unit of work without an Idempotency-Key: `request_work` would read the whole body to match a
    retry, and an upload's body is a file streamed (with its size limit) to the object store."""
    db = request.app.state.runtime.db
    return lambda: begin(db, principal=principal, producer=SERVICE, correlation_id=request.state.correlation_id)


UploadWork = Annotated[StartWork, Depends(_streamed_body_work)]

"""FastAPI dependencies the meeting service's routers share (the runtime: `opensaraban_shared.service_app.RuntimeDep`)."""

from typing import Annotated

from fastapi import Depends

from opensaraban_shared.auth import Principal, Role, require_roles

Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]

"""FastAPI dependencies every router of the meeting service uses."""

from typing import Annotated

from fastapi import Depends

from opensaraban_shared.auth import Principal, Role, require_roles
from opensaraban_shared.service_app import Runtime, get_runtime

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Secretariat = Annotated[Principal, Depends(require_roles(Role.SECRETARIAT))]

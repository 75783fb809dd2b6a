"""HTTP API of sign-in (people and agency systems) and API key management."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.service_app import Runtime, get_runtime

from . import service
from .models import ApiKeyCreate, ApiKeyExchange, ApiKeyIssued, ApiKeyRead, LoginRequest, PrincipalRead, TokenRead

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TokenRead, summary="Sign in with username and password")
async def login(body: LoginRequest, runtime: RuntimeDep) -> TokenRead:
    return await service.login(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                               username=body.username, password=body.password)


@router.post("/token", response_model=TokenRead, summary="Exchange an agency system's API key for a token")
async def token(body: ApiKeyExchange, runtime: RuntimeDep) -> TokenRead:
    return await service.exchange_api_key(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                                          api_key=body.api_key)


@router.get("/me", response_model=PrincipalRead, summary="Who am I")
async def me(principal: CurrentPrincipal) -> PrincipalRead:
    return PrincipalRead(**principal.model_dump(mode="json"))


@router.post("/api-keys", response_model=ApiKeyIssued, status_code=201,
                  summary="Issue an API key for one of my agency's systems (administrators)")
async def create_api_key(body: ApiKeyCreate, principal: Administrator, runtime: RuntimeDep) -> ApiKeyIssued:
    return await service.issue_api_key(runtime.db, principal=principal, name=body.name)


@router.get("/api-keys", response_model=list[ApiKeyRead], summary="My agency's API keys (no secrets)")
async def list_api_keys(principal: Administrator, runtime: RuntimeDep) -> list[ApiKeyRead]:
    return await service.list_api_keys(runtime.db, principal=principal)


@router.delete("/api-keys/{key_id}", status_code=204, summary="Revoke an API key")
async def revoke_api_key(key_id: str, principal: Administrator, runtime: RuntimeDep) -> None:
    await service.revoke_api_key(runtime.db, principal=principal, key_id=key_id)

"""HTTP API of sign-in (people and agency systems), API key management and people's accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from opensaraban_shared.auth import CurrentPrincipal, Principal, Role, require_roles
from opensaraban_shared.db import INT_MAX
from opensaraban_shared.service_app import RuntimeDep
from opensaraban_shared.unit_of_work import StartWork, request_work

from .. import SERVICE
from . import service
from .models import (
    ApiKeyCreate,
    ApiKeyExchange,
    ApiKeyIssued,
    ApiKeyRead,
    LoginRequest,
    PasswordChange,
    PasswordReset,
    PrincipalRead,
    TokenRead,
    UserAccess,
    UserCreate,
    UserPage,
    UserRead,
    UserUpdate,
)

Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]
Work = Annotated[StartWork, Depends(request_work(producer=SERVICE))]

# No prefix: sign-in lives under /auth, people's accounts under /users; one router keeps app.py unchanged.
router = APIRouter()


@router.post("/auth/login", tags=["auth"], response_model=TokenRead,
             summary="เข้าสู่ระบบ · Sign in with username and password")
async def login(body: LoginRequest, runtime: RuntimeDep) -> TokenRead:
    return await service.login(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                               username=body.username, password=body.password)


@router.post("/auth/token", tags=["auth"], response_model=TokenRead,
             summary="ระบบของหน่วยงานขอโทเคนด้วย API key · Exchange an agency system's API key for a token")
async def token(body: ApiKeyExchange, runtime: RuntimeDep) -> TokenRead:
    return await service.exchange_api_key(runtime.db, secret=runtime.settings.auth_secret.get_secret_value(),
                                          api_key=body.api_key)


@router.get("/auth/me", tags=["auth"], response_model=PrincipalRead, summary="ฉันคือใคร · Who am I")
async def me(principal: CurrentPrincipal) -> PrincipalRead:
    return PrincipalRead(**principal.model_dump(mode="json"))


@router.post("/auth/api-keys", tags=["auth"], response_model=ApiKeyIssued, status_code=201,
             summary="ออก API key · Issue an API key for one of my agency's systems (administrators)")
async def create_api_key(body: ApiKeyCreate, _: Administrator, work: Work) -> ApiKeyIssued:
    async with work() as uow:
        return await service.issue_api_key(uow, name=body.name)


@router.get("/auth/api-keys", tags=["auth"], response_model=list[ApiKeyRead],
            summary="API key ของหน่วยงาน · My agency's API keys (no secrets)")
async def list_api_keys(_: Administrator, work: Work) -> list[ApiKeyRead]:
    async with work() as uow:
        return await service.list_api_keys(uow)


@router.delete("/auth/api-keys/{key_id}", tags=["auth"], status_code=204, summary="ยกเลิก API key · Revoke an API key")
async def revoke_api_key(key_id: str, _: Administrator, work: Work) -> None:
    async with work() as uow:
        await service.revoke_api_key(uow, key_id=key_id)


@router.post("/auth/password", status_code=204, tags=["auth"],
             summary="เปลี่ยนรหัสผ่านของตนเอง · Change my own password (current password required)")
async def change_own_password(body: PasswordChange, work: Work) -> None:
    # Checking and hashing passwords takes a while of CPU: between two units of work, holding no transaction.
    async with work() as uow:
        stored = await service.own_password_hash(uow)
    password_hash = await service.new_own_password_hash(stored, current_password=body.current_password,
                                                        new_password=body.new_password)
    async with work() as uow:
        await service.set_own_password(uow, password_hash=password_hash)


# --- People's accounts ----------------------------------------------------------------------------


@router.get("/users", response_model=UserPage, tags=["users"],
            summary="บุคลากรของหน่วยงาน · People of my agency (any agency: root administrators)")
async def list_users(
    work: Work,
    agency_id: Annotated[str | None, Query(description="หน่วยงาน — defaults to my own")] = None,
    unit_id: Annotated[str | None, Query(description="หน่วยย่อย — only this unit")] = None,
    q: Annotated[str | None, Query(max_length=200, description="ชื่อ ชื่อผู้ใช้ หรือตำแหน่งมีคำนี้")] = None,
    include_inactive: Annotated[bool, Query(description="รวมบัญชีที่ระงับแล้ว")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0,
) -> UserPage:
    async with work() as uow:
        return await service.list_users(uow, agency_id=agency_id, unit_id=unit_id, q=q,
                                        include_inactive=include_inactive, limit=limit, offset=offset)


@router.post("/users", response_model=UserRead, status_code=201, tags=["users"],
             summary="เพิ่มผู้ใช้ · Create a person's account with roles, clearance and unit (administrators)")
async def create_user(body: UserCreate, _: Administrator, work: Work) -> UserRead:
    password_hash = await service.hash_password(body.password)  # before the work: no transaction held meanwhile
    async with work() as uow:
        return await service.create_user(uow, user=body, password_hash=password_hash)


@router.get("/users/{user_id}", response_model=UserRead, tags=["users"], summary="ข้อมูลผู้ใช้ · A person's account")
async def get_user(user_id: str, work: Work) -> UserRead:
    async with work() as uow:
        return await service.get_user(uow, user_id=user_id)


@router.patch("/users/{user_id}", response_model=UserRead, tags=["users"],
              summary="แก้ไขชื่อ ตำแหน่ง หน่วยย่อย · Update name, position or unit (administrators)")
async def update_user(user_id: str, body: UserUpdate, _: Administrator, work: Work) -> UserRead:
    async with work() as uow:
        return await service.update_user(uow, user_id=user_id, update=body)


@router.put("/users/{user_id}/access", response_model=UserRead, tags=["users"],
            summary="กำหนดสิทธิ์ · Set roles, clearance and active state (administrators; never one's own)",
            description="A permission change: answers with the new state. Takes effect at the person's next sign-in.")
async def change_access(user_id: str, body: UserAccess, _: Administrator, work: Work) -> UserRead:
    async with work() as uow:
        return await service.change_access(uow, user_id=user_id, new_access=body)


@router.post("/users/{user_id}/password", status_code=204, tags=["users"],
             summary="ตั้งรหัสผ่านใหม่ · Reset a person's password to one the administrator gives (nothing returned)")
async def reset_password(user_id: str, body: PasswordReset, _: Administrator, work: Work) -> None:
    password_hash = await service.hash_password(body.new_password)  # before the work: no transaction held meanwhile
    async with work() as uow:
        await service.reset_password(uow, user_id=user_id, password_hash=password_hash)

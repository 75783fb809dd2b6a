"""What the administration screens rely on, through the documents API on the real stack: a province's
administrator manages the agencies below it (and only those), the องค์การมหาชน kind, the two national province lists,
and an audit record for every change an administrator makes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from tests.support import sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
PASSWORD = "ผู้ดูแล-หน่วยงานใหม่-2569"


def uid() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
async def docs(services) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


async def audited(stack: dict, subject: str) -> list[str]:
    conn = await asyncpg.connect(stack["pg_dsn"], server_settings={"search_path": "documents"})
    try:
        return [r["action"] for r in await conn.fetch("SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq",
                                                      subject)]
    finally:
        await conn.close()


def code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


async def test_a_province_administrator_manages_the_agencies_below_it_and_nothing_else(services, stack, docs):
    province = await sign_in(services["documents"], "admin@cm")
    office_admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    new_id = f"t-po-{uid()}"
    body = {"agency_id": new_id, "parent_id": "cm", "kind": "public_organisation", "name_th": "องค์การมหาชนทดสอบ",
            "letter_prefix": "ชม 9001", "province_code": "50"}

    assert (await docs.post("/agencies", headers=office_admin, json=body)).status_code == 403  # a sibling's child
    assert (await docs.post("/agencies", headers=province, json={**body, "parent_id": None})).status_code == 403
    created = await docs.post("/agencies", headers=province, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "public_organisation"
    listed = (await docs.get("/agencies", params={"kind": "public_organisation"}, headers=province)).json()
    assert new_id in {a["agency_id"] for a in listed["items"]}

    renamed = await docs.patch(f"/agencies/{new_id}", headers=province, json={"name_th": "องค์การมหาชนทดสอบระบบ"})
    assert renamed.status_code == 200 and renamed.json()["name_th"] == "องค์การมหาชนทดสอบระบบ"
    # Its place in the tree stays inside the province; the province itself and other provinces are not its to edit.
    away = await docs.patch(f"/agencies/{new_id}", headers=province, json={"parent_id": "chiang-rai"})
    assert away.status_code == 403
    assert (await docs.patch("/agencies/cm", headers=province, json={"name_th": "x"})).status_code == 403
    assert (await docs.patch("/agencies/chiang-rai", headers=province, json={"name_th": "x"})).status_code == 403
    assert (await docs.patch(f"/agencies/{new_id}", headers=office_admin, json={"name_th": "x"})).status_code == 403

    # It gives the new agency its first administrator, and sees that agency's people.
    first = await docs.post("/users", headers=province, json={
        "agency_id": new_id, "username": f"admin.{uid()}@{new_id}", "display_name": "ผู้ดูแลองค์การ",
        "roles": ["administrator"], "password": PASSWORD})
    assert first.status_code == 201, first.text
    people = (await docs.get("/users", params={"agency_id": new_id}, headers=province)).json()
    assert [p["user_id"] for p in people["items"]] == [first.json()["user_id"]]
    assert (await docs.get("/users", params={"agency_id": "chiang-rai"}, headers=province)).status_code == 403

    retired = await docs.patch(f"/agencies/{new_id}", headers=province, json={"active": False})
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert await audited(stack, new_id) == ["agency_created", "agency_changed", "agency_changed"]


async def test_an_unknown_kind_of_agency_is_refused_naming_the_field(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    refused = await docs.post("/agencies", headers=national, json={
        "agency_id": f"t-{uid()}", "parent_id": "nso", "kind": "company", "name_th": "บริษัท", "letter_prefix": "ทส 1"})
    assert refused.status_code == 422
    assert any(f["loc"][-1] == "kind" for f in refused.json()["error"]["detail"]["fields"])


async def test_both_national_province_lists_are_offered_with_and_without_bangkok(services, docs):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    every = (await docs.get("/distribution-lists/all-provinces", headers=clerk)).json()
    outside = (await docs.get("/distribution-lists/provinces-without-bangkok", headers=clerk)).json()
    provinces = (await docs.get("/agencies", params={"kind": "province", "limit": 500}, headers=clerk)).json()
    demo_provinces = {a["agency_id"] for a in provinces["items"] if not a["agency_id"].startswith("t-")}
    assert every["member_count"] == 77 and {m["agency_id"] for m in every["members"]} == demo_provinces
    assert outside["member_count"] == 76 and "bangkok" not in {m["agency_id"] for m in outside["members"]}
    assert {m["agency_id"] for m in outside["members"]} | {"bangkok"} == demo_provinces
    assert outside["public"] and "76" in outside["name_th"]


async def test_every_change_an_administrator_makes_is_audited(services, stack, docs):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    unit = (await docs.post(f"/agencies/{OFFICE}/units", headers=admin, json={
        "name_th": f"งานทดสอบ {uid()}", "parent_unit_id": f"{OFFICE}.general-admin"})).json()
    await docs.patch(f"/units/{unit['unit_id']}", headers=admin, json={"letter_suffix": f"1.{uid()[:4].translate(str.maketrans('abcdef', '123456'))}"})
    person = (await docs.post("/users", headers=admin, json={
        "username": f"p.{uid()}@{OFFICE}", "display_name": "ผู้ทดสอบ", "roles": ["clerk"], "password": PASSWORD})).json()
    await docs.patch(f"/users/{person['user_id']}", headers=admin, json={"unit_id": unit["unit_id"]})
    await docs.put(f"/users/{person['user_id']}/access", headers=admin, json={"roles": ["clerk"], "active": False})
    await docs.post(f"/users/{person['user_id']}/password", headers=admin, json={"new_password": PASSWORD + "x"})
    made = (await docs.post("/distribution-lists", headers=admin, json={
        "name_th": "รายชื่อทดสอบ", "member_agency_ids": ["cm-land", "cm-energy"]})).json()
    await docs.put(f"/distribution-lists/{made['list_id']}", headers=admin, json={
        "name_th": "รายชื่อทดสอบ", "member_agency_ids": ["cm-land"]})
    assert (await docs.delete(f"/distribution-lists/{made['list_id']}", headers=admin)).status_code == 204

    assert await audited(stack, unit["unit_id"]) == ["unit_created", "unit_changed"]
    assert await audited(stack, person["user_id"]) == ["user_created", "user_profile_changed", "user_access_changed",
                                                       "user_password_reset"]
    assert await audited(stack, made["list_id"]) == ["distribution_list_created", "distribution_list_changed",
                                                     "distribution_list_deleted"]

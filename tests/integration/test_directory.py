"""The agency directory through the documents API on the real stack: agencies, units, people, lists, files."""

from __future__ import annotations

import csv
import io
import json
import random
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from argon2 import PasswordHasher

from documents_service.directory.repository import expand_distribution_lists
from opensaraban_shared import auth
from opensaraban_shared.errors import AppError
from tests.support import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
NEW_PASSWORD = "ใหม่-และยาวพอ-2569"


def uid() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
async def docs(services) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        yield client


async def login(docs: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await docs.post("/auth/login", json={"username": username, "password": password})


def error_code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


# --- Browsing ---------------------------------------------------------------------------------------


async def test_agencies_are_found_by_kind_parent_thai_name_and_letter_prefix(services, docs):
    clerk = await sign_in(services["documents"], "clerk@cm-statistics")
    provinces = (await docs.get("/agencies", params={"kind": "province", "limit": 500}, headers=clerk)).json()
    assert provinces["total"] >= 77
    assert {"cm", "bangkok", "chiang-rai", "narathiwat"} <= {a["agency_id"] for a in provinces["items"]}
    offices = (await docs.get("/agencies", params={"parent_id": "cm", "limit": 500}, headers=clerk)).json()
    assert {f"cm-{s}" for s in ("provincial-office", "statistics", "land", "treasury")} <= {
        a["agency_id"] for a in offices["items"]}
    by_name = (await docs.get("/agencies", params={"q": "สถิติ"}, headers=clerk)).json()
    assert {"cm-statistics", "nso"} <= {a["agency_id"] for a in by_name["items"]}
    by_thai_digits = (await docs.get("/agencies", params={"q": "ชม ๐๐๒๘"}, headers=clerk)).json()
    assert [a["agency_id"] for a in by_thai_digits["items"]] == ["cm-statistics"]

    first, second = [(await docs.get("/agencies", params={"parent_id": "cm", "limit": 2, "offset": offset},
                                     headers=clerk)).json() for offset in (0, 2)]
    assert first["total"] == second["total"] == offices["total"]
    assert not {a["agency_id"] for a in first["items"]} & {a["agency_id"] for a in second["items"]}
    assert (await docs.get("/agencies")).status_code == 401


async def test_an_agency_shows_its_ancestors_and_units_with_their_letter_numbers(services, docs):
    clerk = await sign_in(services["documents"], "clerk@cm-land")
    office = (await docs.get(f"/agencies/{OFFICE}", headers=clerk)).json()
    assert [a["agency_id"] for a in office["ancestors"]] == ["moi", "cm"]
    units = {u["unit_id"]: u for u in office["units"]}
    assert units[f"{OFFICE}.strategy"]["letter_prefix"] == "ชม 0017.2"
    assert units[f"{OFFICE}.correspondence"]["depth"] == 1
    children = (await docs.get("/agencies/cm/children", params={"limit": 500}, headers=clerk)).json()
    assert children["total"] >= 19 and all(a["parent_id"] == "cm" for a in children["items"])
    missing = await docs.get("/agencies/no-such-agency", headers=clerk)
    assert missing.status_code == 404 and error_code(missing) == "not_found"


# --- Units and people -------------------------------------------------------------------------------


async def test_an_agency_administrator_manages_its_units_and_people(services, docs):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    suffix = str(random.randint(100_000, 999_999))
    group = await docs.post(f"/agencies/{OFFICE}/units", headers=admin, json={
        "name_th": f"กลุ่มงานทดสอบ {uid()}", "letter_suffix": suffix})
    assert group.status_code == 201, group.text
    group_id = group.json()["unit_id"]
    assert group.json()["letter_prefix"] == f"ชม 0017.{suffix}"
    team = await docs.post(f"/agencies/{OFFICE}/units", headers=admin, json={
        "name_th": "งานย่อย", "parent_unit_id": group_id})
    assert team.status_code == 201 and team.json()["letter_prefix"] == f"ชม 0017.{suffix}"
    clash = await docs.post(f"/agencies/{OFFICE}/units", headers=admin, json={"name_th": "ซ้ำ", "letter_suffix": suffix})
    assert clash.status_code == 409 and error_code(clash) == "letter_suffix_taken"

    username = f"somchai.{uid()}@{OFFICE}"
    created = await docs.post("/users", headers=admin, json={
        "username": username, "display_name": "สมชาย ใจดี", "position": "นักวิเคราะห์นโยบายและแผน",
        "unit_id": group_id, "roles": ["action_officer"], "clearance": 0, "password": DEMO_PASSWORD})
    assert created.status_code == 201, created.text
    person = created.json()
    assert (person["agency_id"], person["unit_id"], person["roles"]) == (OFFICE, group_id, ["action_officer"])
    assert "password" not in json.dumps(person)
    assert (await login(docs, username, DEMO_PASSWORD)).status_code == 200

    access = await docs.put(f"/users/{person['user_id']}/access", headers=admin,
                            json={"roles": ["executive", "clerk"], "clearance": 2})
    assert access.status_code == 200, access.text
    assert (access.json()["roles"], access.json()["clearance"]) == (["clerk", "executive"], 2)
    signed_in = (await login(docs, username, DEMO_PASSWORD)).json()["principal"]
    assert (sorted(signed_in["roles"]), signed_in["clearance"]) == (["clerk", "executive"], 2)
    moved = await docs.patch(f"/users/{person['user_id']}", headers=admin, json={"unit_id": team.json()["unit_id"]})
    assert moved.status_code == 200 and moved.json()["unit_id"] == team.json()["unit_id"]

    too_short = await docs.post(f"/users/{person['user_id']}/password", headers=admin, json={"new_password": "short"})
    assert too_short.status_code == 422 and error_code(too_short) == "invalid_input"
    reset = await docs.post(f"/users/{person['user_id']}/password", headers=admin, json={"new_password": NEW_PASSWORD})
    assert reset.status_code == 204 and reset.content == b""
    assert (await login(docs, username, DEMO_PASSWORD)).status_code == 401
    assert (await login(docs, username, NEW_PASSWORD)).status_code == 200

    in_use = await docs.patch(f"/units/{team.json()['unit_id']}", headers=admin, json={"active": False})
    assert in_use.status_code == 409 and error_code(in_use) == "unit_in_use"
    retired = await docs.put(f"/users/{person['user_id']}/access", headers=admin,
                             json={"roles": ["executive", "clerk"], "clearance": 2, "active": False})
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert (await login(docs, username, NEW_PASSWORD)).status_code == 401
    assert (await docs.patch(f"/units/{group_id}", headers=admin, json={"active": False})).status_code == 409
    for unit_id in (team.json()["unit_id"], group_id):
        done = await docs.patch(f"/units/{unit_id}", headers=admin, json={"active": False})
        assert done.status_code == 200 and done.json()["active"] is False


async def test_a_person_changes_their_own_password_only_with_the_current_one(services, docs):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    username = f"somying.{uid()}@{OFFICE}"
    created = await docs.post("/users", headers=admin, json={
        "username": username, "display_name": "สมหญิง", "roles": ["clerk"], "password": DEMO_PASSWORD})
    assert created.status_code == 201
    token = (await login(docs, username, DEMO_PASSWORD)).json()["access_token"]
    me = {"Authorization": f"Bearer {token}"}
    wrong = await docs.post("/auth/password", headers=me, json={"current_password": "not-it", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 403 and error_code(wrong) == "wrong_current_password"
    changed = await docs.post("/auth/password", headers=me, json={"current_password": DEMO_PASSWORD,
                                                                   "new_password": NEW_PASSWORD})
    assert changed.status_code == 204
    assert (await login(docs, username, NEW_PASSWORD)).status_code == 200
    taken = await docs.post("/users", headers=admin, json={
        "username": username, "display_name": "ซ้ำ", "roles": ["clerk"], "password": DEMO_PASSWORD})
    assert taken.status_code == 409 and error_code(taken) == "username_taken"


async def test_signing_in_upgrades_a_weak_password_hash_and_the_password_still_works(stack, services, docs):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    username = f"somchai.{uid()}@{OFFICE}"
    created = await docs.post("/users", headers=admin, json={
        "username": username, "display_name": "สมชาย", "roles": ["clerk"], "password": DEMO_PASSWORD})
    assert created.status_code == 201
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(DEMO_PASSWORD)
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        await conn.execute("UPDATE documents.users SET password_hash = $2 WHERE username = $1", username, weak)

        assert (await login(docs, username, DEMO_PASSWORD)).status_code == 200

        stored = await conn.fetchval("SELECT password_hash FROM documents.users WHERE username = $1", username)
    finally:
        await conn.close()
    assert stored != weak and not auth.needs_rehash(stored)
    assert (await login(docs, username, DEMO_PASSWORD)).status_code == 200


async def test_people_see_their_colleagues_and_their_units(services, docs):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    people = (await docs.get("/users", params={"unit_id": f"{OFFICE}.strategy"}, headers=clerk)).json()
    assert f"officer.strategy@{OFFICE}" in {p["username"] for p in people["items"]}
    assert all(p["unit_id"] == f"{OFFICE}.strategy" for p in people["items"])
    assert (await docs.get("/users", params={"agency_id": "cm-land"}, headers=clerk)).status_code == 403
    assert (await docs.get("/users/u-cm-land-clerk", headers=clerk)).status_code == 404


async def test_administrators_stay_inside_their_agency_and_cannot_change_their_own_access(services, docs):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    other_units = await docs.post("/agencies/cm-land/units", headers=admin, json={"name_th": "ไม่ใช่ของเรา"})
    assert other_units.status_code == 403 and error_code(other_units) == "forbidden"
    other_people = await docs.post("/users", headers=admin, json={
        "agency_id": "cm-land", "username": f"x.{uid()}@cm-land", "display_name": "x", "roles": ["clerk"],
        "password": NEW_PASSWORD})
    assert other_people.status_code == 403
    foreign_user = await docs.put("/users/u-cm-land-clerk/access", headers=admin, json={"roles": ["administrator"]})
    assert foreign_user.status_code == 404
    by_clerk = await docs.post(f"/agencies/{OFFICE}/units", headers=clerk, json={"name_th": "ไม่มีสิทธิ์"})
    assert by_clerk.status_code == 403
    own = await docs.put(f"/users/u-{OFFICE}-admin/access", headers=admin, json={"roles": ["administrator"],
                                                                                 "clearance": 3})
    assert own.status_code == 409 and error_code(own) == "self_access_change"
    system_role = await docs.put(f"/users/u-{OFFICE}-clerk/access", headers=admin, json={"roles": ["agency_system"]})
    assert system_role.status_code == 422


# --- Agencies -----------------------------------------------------------------------------------------


async def test_a_root_administrator_creates_and_moves_agencies_but_never_into_a_loop(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    provincial = await sign_in(services["documents"], f"admin@{OFFICE}")
    dept, branch = f"t-dept-{uid()}", f"t-branch-{uid()}"
    body = {"agency_id": dept, "parent_id": "moi", "kind": "department", "name_th": "กรมทดสอบ",
            "name_en": "Department of Tests", "letter_prefix": "มท 0900"}
    assert (await docs.post("/agencies", headers=provincial, json=body)).status_code == 403
    created = await docs.post("/agencies", headers=national, json=body)
    assert created.status_code == 201, created.text
    again = await docs.post("/agencies", headers=national, json=body)
    assert again.status_code == 409 and error_code(again) == "agency_exists"
    orphan = await docs.post("/agencies", headers=national, json={**body, "agency_id": f"t-{uid()}", "parent_id": "nope"})
    assert orphan.status_code == 422 and error_code(orphan) == "unknown_parent"
    child = await docs.post("/agencies", headers=national, json={
        **body, "agency_id": branch, "parent_id": dept, "kind": "unit", "name_th": "กองทดสอบ", "letter_prefix": "มท 0901"})
    assert child.status_code == 201

    loop = await docs.patch(f"/agencies/{dept}", headers=national, json={"parent_id": branch})
    assert loop.status_code == 422 and error_code(loop) == "directory_cycle"
    busy = await docs.patch(f"/agencies/{dept}", headers=national, json={"active": False})
    assert busy.status_code == 409 and error_code(busy) == "agency_has_active_children"
    renamed = await docs.patch(f"/agencies/{branch}", headers=national, json={"name_th": "กองทดสอบระบบ"})
    assert renamed.status_code == 200 and renamed.json()["name_th"] == "กองทดสอบระบบ"

    # The national administrator gives the new agency its first administrator, who takes over from there.
    first_admin = await docs.post("/users", headers=national, json={
        "agency_id": dept, "username": f"admin.{uid()}@{dept}", "display_name": "ผู้ดูแลกรมทดสอบ",
        "roles": ["administrator"], "password": NEW_PASSWORD})
    assert first_admin.status_code == 201, first_admin.text
    dept_admin = await login(docs, first_admin.json()["username"], NEW_PASSWORD)
    dept_headers = {"Authorization": f"Bearer {dept_admin.json()['access_token']}"}
    unit = await docs.post(f"/agencies/{dept}/units", headers=dept_headers, json={"name_th": "กลุ่มงานแรก",
                                                                                  "letter_suffix": "1"})
    assert unit.status_code == 201 and unit.json()["letter_prefix"] == "มท 0900.1"

    assert (await docs.patch(f"/agencies/{branch}", headers=national, json={"active": False})).status_code == 200
    listed = (await docs.get("/agencies", params={"parent_id": dept}, headers=national)).json()
    assert listed["total"] == 0
    with_retired = (await docs.get("/agencies", params={"parent_id": dept, "include_inactive": True},
                                   headers=national)).json()
    assert [a["agency_id"] for a in with_retired["items"]] == [branch]


# --- Distribution lists -------------------------------------------------------------------------------


async def test_distribution_lists_are_private_to_their_agency_unless_public(services, docs):
    office, statistics = (await sign_in(services["documents"], f"clerk@{OFFICE}"),
                          await sign_in(services["documents"], "clerk@cm-statistics"))
    seen_by_office = {dl["list_id"]: dl for dl in (await docs.get("/distribution-lists", headers=office)).json()["items"]}
    assert seen_by_office["cm-provincial-offices"]["member_count"] == 19
    assert seen_by_office["all-provinces"]["member_count"] == 77 and seen_by_office["all-provinces"]["public"]
    seen_by_statistics = {dl["list_id"] for dl in (await docs.get("/distribution-lists", headers=statistics)).json()["items"]}
    assert "all-provinces" in seen_by_statistics and "cm-provincial-offices" not in seen_by_statistics
    assert (await docs.get("/distribution-lists/cm-provincial-offices", headers=statistics)).status_code == 404

    mine = await docs.post("/distribution-lists", headers=statistics, json={
        "name_th": "คณะทำงานข้อมูลจังหวัด", "member_agency_ids": ["cm-land", "cm-energy"]})
    assert mine.status_code == 201, mine.text
    list_id = mine.json()["list_id"]
    assert mine.json()["owner_agency_id"] == "cm-statistics" and not mine.json()["public"]
    unknown = await docs.post("/distribution-lists", headers=statistics, json={
        "name_th": "ผิด", "member_agency_ids": ["cm-land", "no-such-agency"]})
    assert unknown.status_code == 422 and unknown.json()["error"]["detail"]["agency_ids"] == ["no-such-agency"]
    public_by_clerk = await docs.post("/distribution-lists", headers=statistics, json={
        "name_th": "สาธารณะ", "public": True, "member_agency_ids": ["cm-land"]})
    assert public_by_clerk.status_code == 403

    edited = await docs.put(f"/distribution-lists/{list_id}", headers=statistics, json={
        "name_th": "คณะทำงานข้อมูลจังหวัด (ปรับปรุง)", "member_agency_ids": ["cm-energy", "cm-land", "cm-revenue"]})
    assert [m["agency_id"] for m in edited.json()["members"]] == ["cm-energy", "cm-land", "cm-revenue"]
    assert (await docs.put(f"/distribution-lists/{list_id}", headers=office, json={
        "name_th": "ยึด", "member_agency_ids": ["cm-land"]})).status_code == 404
    assert (await docs.delete(f"/distribution-lists/{list_id}", headers=statistics)).status_code == 204
    assert (await docs.get(f"/distribution-lists/{list_id}", headers=statistics)).status_code == 404


async def test_public_lists_are_managed_by_root_administrators_only(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    clerk = await sign_in(services["documents"], "clerk@cm-land")
    created = await docs.post("/distribution-lists", headers=national, json={
        "list_id": f"t-public-{uid()}", "name_th": "จังหวัดภาคเหนือตอนบน", "public": True,
        "member_agency_ids": ["cm", "chiang-rai", "lamphun", "lampang", "phayao", "phrae", "nan", "mae-hong-son"]})
    assert created.status_code == 201 and created.json()["public"]
    list_id = created.json()["list_id"]
    assert (await docs.get(f"/distribution-lists/{list_id}", headers=clerk)).status_code == 200
    refused = await docs.put(f"/distribution-lists/{list_id}", headers=clerk, json={
        "name_th": "ของฉัน", "member_agency_ids": ["cm"]})
    assert refused.status_code == 403
    assert (await docs.delete(f"/distribution-lists/{list_id}", headers=national)).status_code == 204


async def test_lists_expand_to_recipients_in_order_once_each_without_the_sender(services, docs, stack):
    statistics = await sign_in(services["documents"], "clerk@cm-statistics")
    mine = (await docs.post("/distribution-lists", headers=statistics, json={
        "name_th": "ทดสอบการขยาย", "member_agency_ids": ["cm-land", "cm-statistics", "cm", "cm-energy"]})).json()
    conn = await asyncpg.connect(stack["pg_dsn"], server_settings={"search_path": "documents"})
    try:
        recipients = await expand_distribution_lists(conn, list_ids=[mine["list_id"], "all-provinces"],
                                                     for_agency_id="cm-statistics")
        assert recipients[:3] == ["cm-land", "cm", "cm-energy"]
        assert len(recipients) == len(set(recipients)) == 2 + 77 and "cm-statistics" not in recipients
        with pytest.raises(AppError) as refused:
            await expand_distribution_lists(conn, list_ids=["all-provinces", "cm-provincial-offices", "nope"],
                                            for_agency_id="cm-statistics")
        assert refused.value.kind.code == "unknown_distribution_list"
        assert refused.value.detail["list_ids"] == ["cm-provincial-offices", "nope"]
        assert await expand_distribution_lists(conn, list_ids=[], for_agency_id="cm-statistics") == []
    finally:
        await conn.close()


# --- Import and export --------------------------------------------------------------------------------


async def _subtree(docs: httpx.AsyncClient, national: dict[str, str]) -> str:
    """A fresh department with a child agency and two units, so both row types are exported."""
    root = f"t-tree-{uid()}"
    for agency in ({"agency_id": root, "parent_id": "moi", "kind": "department", "name_th": "กรม \"ส่งออก\", ทดสอบ",
                    "letter_prefix": "มท 0950"},
                   {"agency_id": f"{root}-a", "parent_id": root, "kind": "unit", "name_th": "กองหนึ่ง",
                    "name_en": "Division One", "letter_prefix": "มท 0951"}):
        assert (await docs.post("/agencies", headers=national, json=agency)).status_code == 201
    top = await docs.post(f"/agencies/{root}/units", headers=national, json={
        "unit_id": f"{root}.top", "name_th": "กลุ่มงานบริหาร", "letter_suffix": "1"})
    assert top.status_code == 201, top.text
    assert (await docs.post(f"/agencies/{root}/units", headers=national, json={
        "unit_id": f"{root}.sub", "name_th": "งานสารบรรณ", "parent_unit_id": f"{root}.top"})).status_code == 201
    return root


async def test_an_exported_directory_imports_back_unchanged_as_csv_and_json(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    root = await _subtree(docs, national)
    exported = await docs.get("/directory/export", params={"format": "csv", "root_id": root}, headers=national)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(r["type"], r["id"]) for r in rows] == [("agency", root), ("agency", f"{root}-a"),
                                                    ("unit", f"{root}.top"), ("unit", f"{root}.sub")]
    imported = await docs.post("/directory/import", params={"format": "csv"}, headers=national,
                               content=exported.content)
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"agencies": {"created": 0, "updated": 0, "unchanged": 2},
                               "units": {"created": 0, "updated": 0, "unchanged": 2}}
    again = await docs.get("/directory/export", params={"format": "csv", "root_id": root}, headers=national)
    assert again.content == exported.content

    as_json = (await docs.get("/directory/export", params={"format": "json", "root_id": root}, headers=national))
    document = as_json.json()
    assert document["format"] == "opensaraban-directory" and len(document["agencies"]) == 2
    edited = {**document, "agencies": [{**a, "name_en": "Renamed"} if a["agency_id"] == root else a
                                       for a in document["agencies"]]}
    result = await docs.post("/directory/import", params={"format": "json"}, headers=national, json=edited)
    assert result.json()["agencies"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert (await docs.get(f"/agencies/{root}", headers=national)).json()["name_en"] == "Renamed"
    restored = await docs.post("/directory/import", params={"format": "json"}, headers=national,
                               content=as_json.content)
    assert restored.json()["agencies"]["updated"] == 1
    final = (await docs.get("/directory/export", params={"format": "json", "root_id": root}, headers=national)).json()
    assert {**final, "exported_at": None} == {**document, "exported_at": None}


async def test_the_whole_exported_directory_imports_back_without_changes(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    exported = await docs.get("/directory/export", params={"format": "json"}, headers=national)
    document = exported.json()
    assert len(document["agencies"]) >= 98 and document["units"]
    imported = await docs.post("/directory/import", params={"format": "json"}, headers=national,
                               content=exported.content)
    assert imported.status_code == 200, imported.text
    counts = imported.json()
    assert counts["agencies"]["created"] == counts["units"]["created"] == 0
    assert counts["agencies"]["unchanged"] + counts["agencies"]["updated"] == len(document["agencies"])


async def test_an_invalid_import_lists_every_offending_row_and_writes_nothing(services, docs):
    national = await sign_in(services["documents"], "admin@nso")
    good, loop_a, loop_b = f"t-good-{uid()}", f"t-loop-a-{uid()}", f"t-loop-b-{uid()}"
    header = "type,id,parent_id,agency_id,kind,name_th,name_en,letter_prefix,letter_suffix,province_code,active"
    lines = [
        header,
        f"agency,{good},moi,,department,กรมที่ถูกต้อง,,มท 0970,,,true",          # line 2: fine on its own
        f"agency,t-orphan-{uid()},no-such-parent,,department,กำพร้า,,มท 0971,,,true",  # line 3
        f"agency,{loop_a},{loop_b},,unit,วน ก,,มท 0972,,,true",                   # line 4
        f"agency,{loop_b},{loop_a},,unit,วน ข,,มท 0973,,,true",                   # line 5
        f"agency,{good},moi,,department,ซ้ำ,,มท 0974,,,true",                      # line 6
        f"agency,t-noprefix-{uid()},moi,,department,ไม่มีรหัส,,,,,true",              # line 7
        f"unit,t-unit-{uid()},,no-such-agency,,หน่วยหลง,,,1,,true",                 # line 8
    ]
    response = await docs.post("/directory/import", params={"format": "csv"}, headers=national,
                               content="\n".join(lines).encode())
    assert response.status_code == 422 and error_code(response) == "directory_import_invalid"
    problems = {(p["location"], p["code"]) for p in response.json()["error"]["detail"]["problems"]}
    assert problems == {("line 3", "unknown_parent"), ("line 4", "cycle"), ("line 5", "cycle"),
                        ("line 6", "duplicate_id"), ("line 7", "missing_letter_prefix"),
                        ("line 8", "unknown_agency")}
    assert (await docs.get(f"/agencies/{good}", headers=national)).status_code == 404


async def test_only_root_administrators_import_the_directory(services, docs):
    provincial = await sign_in(services["documents"], f"admin@{OFFICE}")
    document = {"version": 1, "agencies": [], "units": []}
    refused = await docs.post("/directory/import", headers=provincial, json=document)
    assert refused.status_code == 403 and error_code(refused) == "forbidden"
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    assert (await docs.post("/directory/import", headers=clerk, json=document)).status_code == 403

"""Who acts and on what, for the security tests: one agency's staff, an outsider holding every role, and the
letters, meetings and settings of that agency, made through the public APIs."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.integration.meeting_helpers import add_item, new_meeting, open_agenda
from tests.support import DEMO_PASSWORD, eventually, minimal_pdf, official_fields, send_letter, sign_in

OFFICE = "cm-provincial-office"
"""Owns every resource the tests probe."""
PARTNER = "cm-education"
"""Exchanges letters with OFFICE (an agency other tests leave alone, so their inboxes stay short)."""
OUTSIDE = "cm-revenue"
"""Another agency: its staff must not even learn whether OFFICE's letters, meetings or settings exist."""
MEMBER = "cm-social-development"
"""Sits on OFFICE's committees made here; no other test reads its meeting lists, so the many meetings made here
push nobody else's off a first page."""

PEOPLE = {"clerk": f"clerk@{OFFICE}", "executive": f"executive@{OFFICE}", "secretariat": f"secretariat@{OFFICE}",
          "admin": f"admin@{OFFICE}", "stranger": f"clerk@{OUTSIDE}", "national": "admin@nso"}
ACTORS = ("anonymous", "clerk", "executive", "secretariat", "admin", "system", "outsider", "stranger", "national")
"""OFFICE's clerk, executive (also an action officer), secretariat (also a clerk), administrator and agency system
(API key); an outsider of OUTSIDE who holds every role a person can have and the highest clearance, so only the
agency boundary can stop them; OUTSIDE's plain clerk (the stranger); the national (root) administrator; and nobody
signed in. (PARTNER's clerk cleared for every level, "partner", only sends OFFICE letters.)"""
EVERY_ROLE = ["clerk", "action_officer", "executive", "secretariat", "administrator"]


@dataclass
class Call:
    """One request, its path as in the OpenAPI document with the values to fill in."""

    method: str
    template: str
    path_params: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] | None = None
    json: Any = None
    content: bytes | None = None

    @property
    def path(self) -> str:
        return self.template.format(**self.path_params)


class World:
    """Signs everyone in once and makes resources of OFFICE on demand; `shared` ones are made once."""

    def __init__(self, services: dict[str, str], clients: dict[str, httpx.AsyncClient]) -> None:
        self.urls = services
        self.clients = clients
        self.headers: dict[str, dict[str, str]] = {"anonymous": {}}
        self._shared: dict[str, Any] = {}

    async def sign_everyone_in(self) -> None:
        for actor, username in PEOPLE.items():
            self.headers[actor] = await sign_in(self.urls["documents"], username)
        key = await self.post("documents", "admin", "/auth/api-keys", json={"name": f"ระบบทดสอบ {uuid.uuid4().hex[:6]}"})
        token = await self.clients["documents"].post("/auth/token", json={"api_key": key["api_key"]})
        self.headers["system"] = {"Authorization": f"Bearer {token.json()['access_token']}"}
        for actor, agency, roles in (("outsider", OUTSIDE, EVERY_ROLE), ("partner", PARTNER, ["clerk"])):
            made = await self.post("documents", "national", "/users", json={
                "agency_id": agency, "username": f"{actor}.{uuid.uuid4().hex[:8]}@{agency}",
                "display_name": "ผู้ทดสอบ", "roles": roles, "clearance": 3, "password": DEMO_PASSWORD})
            self.headers[actor] = await sign_in(self.urls["documents"], made["username"])

    async def send(self, service: str, actor: str, call: Call) -> httpx.Response:
        return await self.clients[service].request(call.method, call.path, headers=self.headers[actor],
                                                   params=call.params, json=call.json, content=call.content)

    async def post(self, service: str, actor: str, path: str, *, method: str = "POST", **kwargs: Any) -> Any:
        """A setup step that must succeed; returns its JSON."""
        response = await self.clients[service].request(method, path, headers=self.headers[actor], **kwargs)
        assert response.status_code in (200, 201), f"setup {path}: {response.status_code} {response.text}"
        return response.json()

    async def shared(self, name: str, make: Callable[[], Awaitable[Any]]) -> Any:
        if name not in self._shared:
            self._shared[name] = await make()
        return self._shared[name]

    # --- documents -------------------------------------------------------------------------------------------

    async def attachment(self, actor: str = "clerk") -> str:
        upload = await self.post("documents", actor, "/attachments", params={"filename": "หนังสือ.pdf"},
                                 content=minimal_pdf(f"แนบ {uuid.uuid4()}"))
        return upload["attachment_id"]

    async def draft(self, *, by: str = "clerk", **fields: Any) -> str:
        letter = await self.post("documents", by, "/letters", json={
            **official_fields(f"ร่าง {uuid.uuid4()}"), "recipient_agency_ids": [PARTNER], **fields})
        return letter["letter_id"]

    async def sent_letter(self, **fields: Any) -> dict:
        return await send_letter(self.clients["documents"], self.headers["clerk"], to=[PARTNER], **fields)

    async def incoming(self, *, secrecy: int = 1) -> dict:
        """A letter PARTNER's cleared clerk sent to OFFICE: OFFICE's delivery_id, the letter_id and its attachment_id."""
        letter = await send_letter(self.clients["documents"], self.headers["partner"], to=[OFFICE], secrecy=secrecy)
        delivery = next(d for d in letter["deliveries"] if d["recipient_agency_id"] == OFFICE)
        return {"delivery_id": delivery["delivery_id"], "letter_id": letter["letter_id"],
                "attachment_id": letter["attachments"][0]["attachment_id"]}

    async def accepted(self, *, by: str = "clerk", secrecy: int = 1) -> dict:
        delivery = await self.incoming(secrecy=secrecy)
        await self.post("documents", by, f"/deliveries/{delivery['delivery_id']}/accept")
        return delivery

    async def person(self, *, roles: list[str], clearance: int = 0) -> dict:
        """A new person of OFFICE, made by its administrator (sign in with their username and DEMO_PASSWORD)."""
        return await self.post("documents", "admin", "/users", json={
            "username": f"staff.{uuid.uuid4().hex[:8]}@{OFFICE}", "display_name": "เจ้าหน้าที่ทดสอบ", "roles": roles,
            "clearance": clearance, "password": DEMO_PASSWORD})

    async def user(self) -> str:
        return (await self.person(roles=["action_officer"]))["user_id"]

    async def unit(self) -> str:
        made = await self.post("documents", "admin", f"/agencies/{OFFICE}/units",
                               json={"name_th": f"กลุ่มงานทดสอบ {uuid.uuid4().hex[:6]}"})
        return made["unit_id"]

    async def api_key(self) -> str:
        return (await self.post("documents", "admin", "/auth/api-keys", json={"name": "ระบบที่จะยกเลิก"}))["key_id"]

    async def distribution_list(self) -> str:
        made = await self.post("documents", "clerk", "/distribution-lists", json={
            "name_th": f"บัญชีทดสอบ {uuid.uuid4().hex[:6]}", "member_agency_ids": [PARTNER]})
        return made["list_id"]

    # --- meeting ---------------------------------------------------------------------------------------------

    async def committee(self) -> dict:
        made = await self.post("meeting", "secretariat", "/committees", json={
            "name_th": f"คณะกรรมการทดสอบสิทธิ์ {uuid.uuid4().hex[:8]}", "agenda_template": "5_sections"})
        for agency, role in ((OFFICE, "secretary"), (MEMBER, "member")):
            await self.post("meeting", "secretariat", f"/committees/{made['committee_id']}/members", json={
                "agency_id": agency, "display_name": f"กรรมการ {uuid.uuid4().hex[:6]}", "role": role})
        return made

    async def meeting(self, *, opened: bool = False) -> dict:
        committee = await self.shared("committee", self.committee)
        made = await new_meeting(self.clients["meeting"], self.headers["secretariat"], committee["committee_id"])
        if opened:
            await open_agenda(self.clients["meeting"], self.headers["secretariat"], made["meeting_id"])
        return {**made, "committee": committee}

    async def item(self) -> dict:
        """A meeting with an open agenda and one item the secretariat put on it."""
        meeting = await self.meeting(opened=True)
        item = await add_item(self.clients["meeting"], self.headers["secretariat"], meeting["meeting_id"], section=3,
                              title=f"เรื่องทดสอบ {uuid.uuid4().hex[:6]}")
        return {**item, "meeting_id": meeting["meeting_id"]}

    async def submission(self) -> dict:
        """A meeting with an open agenda and an item OFFICE's clerk submitted as a member agency, not yet reviewed."""
        meeting = await self.meeting(opened=True)
        item = await add_item(self.clients["meeting"], self.headers["clerk"], meeting["meeting_id"], section=3,
                              title=f"เรื่องเสนอ {uuid.uuid4().hex[:6]}")
        return {**item, "meeting_id": meeting["meeting_id"]}

    async def published(self) -> dict:
        """A meeting whose agenda is published (version 1: pack PDF and DOCX)."""
        item = await self.item()
        await self.post("meeting", "secretariat", f"/meetings/{item['meeting_id']}/agenda/publish", timeout=300)
        return item

    async def minutes(self) -> dict:
        """A held meeting with drafted minutes and a follow-up action for PARTNER."""
        item = await self.published()
        mid = item["meeting_id"]
        await self.post("meeting", "secretariat", f"/meetings/{mid}/held",
                        json={"started_at": "2026-01-05T09:30:00+07:00"})
        minutes = await self.clients["meeting"].put(
            f"/meetings/{mid}/minutes", headers=self.headers["secretariat"], json={
                "minute_taker": "ผู้จด", "reviewer": "ผู้ตรวจ",
                "entries": [{"item_id": item["item_id"], "discussion": "อภิปราย", "resolution": "เห็นชอบ"}]})
        assert minutes.status_code == 200, minutes.text
        return item

    # --- notify ----------------------------------------------------------------------------------------------

    async def notification(self) -> str:
        """A notification of OFFICE's clerk (a letter delivered to OFFICE tells its clerks)."""
        delivery = await self.incoming()

        async def arrived() -> str | None:
            listed = await self.clients["notify"].get("/notifications", headers=self.headers["clerk"],
                                                      params={"limit": 200})
            found = [n for n in listed.json()["items"] if delivery["letter_id"] in (n["link"] or "")]
            return found[0]["notification_id"] if found else None

        return await eventually(arrived, timeout_s=60, what="the clerk's notification of an incoming letter")

    async def webhook(self) -> str:
        made = await self.post("notify", "admin", "/webhooks", json={"url": "https://example.go.th/hook"})
        return made["subscription_id"]

"""The resources the authorization matrix's rows act on, all OFFICE's (each maker returns the ids its path names),
and the request bodies rows send."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from opensaraban_shared import clock
from tests.integration.meeting_helpers import blank_pdf
from tests.security.world import MEMBER, OFFICE, World


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


async def a_sent_letter(w: World) -> dict[str, str]:
    return {"letter_id": (await w.sent_letter())["letter_id"]}


async def a_withdrawn_letter(w: World) -> dict[str, str]:
    ids = await a_sent_letter(w)
    await w.post("documents", "clerk", f"/letters/{ids['letter_id']}/withdraw", json={})
    return ids


async def a_draft(w: World) -> dict[str, str]:
    return {"letter_id": await w.draft()}


async def an_incoming_delivery(w: World) -> dict[str, str]:
    return {"delivery_id": (await w.incoming())["delivery_id"]}


async def an_accepted_delivery(w: World) -> dict[str, str]:
    return {"delivery_id": (await w.accepted())["delivery_id"]}


async def an_attachment(w: World) -> dict[str, str]:
    return {"attachment_id": await w.attachment()}


async def a_user(w: World) -> dict[str, str]:
    return {"user_id": await w.user()}


async def an_api_key(w: World) -> dict[str, str]:
    return {"key_id": await w.api_key()}


async def a_unit(w: World) -> dict[str, str]:
    return {"unit_id": await w.unit()}


async def a_list(w: World) -> dict[str, str]:
    return {"list_id": await w.distribution_list()}


async def a_new_agency(w: World) -> dict[str, str]:
    made = await w.post("documents", "national", "/agencies", json=new_agency())
    return {"agency_id": made["agency_id"]}


async def the_office(_: World) -> dict[str, str]:
    return {"agency_id": OFFICE}


async def the_committee(w: World) -> dict[str, str]:
    return {"committee_id": (await w.shared("committee", w.committee))["committee_id"]}


async def a_member(w: World) -> dict[str, str]:
    """A fresh member of the shared committee (removing it leaves the committee's own members in place)."""
    committee_id = (await w.shared("committee", w.committee))["committee_id"]
    made = await w.post("meeting", "secretariat", f"/committees/{committee_id}/members", json=new_member())
    return {"committee_id": committee_id, "member_id": made["member_id"]}


async def an_unused_committee(w: World) -> dict[str, str]:
    """A committee of OFFICE that never had a meeting (only such a committee can be deleted)."""
    return {"committee_id": (await w.committee())["committee_id"]}


async def a_meeting(w: World) -> dict[str, str]:
    return {"meeting_id": (await w.meeting())["meeting_id"]}


async def an_open_meeting(w: World) -> dict[str, str]:
    return {"meeting_id": (await w.meeting(opened=True))["meeting_id"]}


async def an_upload(w: World) -> dict[str, str]:
    """A PDF OFFICE's clerk uploaded for an item of an open agenda (not yet bound into a pack)."""
    meeting_id = (await w.meeting(opened=True))["meeting_id"]
    made = await w.post("meeting", "clerk", f"/meetings/{meeting_id}/uploads", params={"filename": "เอกสาร.pdf"},
                        content=blank_pdf(1))
    return {"meeting_id": meeting_id, "upload_id": made["upload_id"]}


async def an_item(w: World) -> dict[str, str]:
    item = await w.item()
    return {"meeting_id": item["meeting_id"], "item_id": item["item_id"]}


async def a_submission(w: World) -> dict[str, str]:
    item = await w.submission()
    return {"meeting_id": item["meeting_id"], "item_id": item["item_id"]}


async def a_published_meeting(w: World) -> dict[str, str]:
    return {"meeting_id": (await w.published())["meeting_id"], "version": "1"}


async def a_meeting_with_minutes(w: World) -> dict[str, str]:
    return {"meeting_id": (await w.minutes())["meeting_id"]}


async def the_minutes(w: World) -> dict[str, str]:
    item = await w.shared("minutes", w.minutes)
    return {"meeting_id": item["meeting_id"], "item_id": item["item_id"]}


async def a_follow_up(w: World) -> dict[str, str]:
    item = await w.shared("minutes", w.minutes)
    action = await w.post("meeting", "secretariat", f"/meetings/{item['meeting_id']}/follow-ups", json=follow_up(item))
    return {"action_id": action["action_id"]}


async def a_notification(w: World) -> dict[str, str]:
    return {"notification_id": await w.notification()}


async def a_webhook(w: World) -> dict[str, str]:
    return {"subscription_id": await w.webhook()}


async def a_dead_letter_id(_: World) -> dict[str, str]:
    # Only a delivery that failed every retry is dead: any other answers 409, which proves the caller got past the
    # role check; for other agencies the same 409 as for an id that does not exist.
    return {"delivery_id": str(uuid.uuid4())}


def new_agency() -> dict[str, Any]:
    code = uuid.uuid4().hex[:8]
    return {"agency_id": f"test-{code}", "kind": "unit", "name_th": f"หน่วยงานทดสอบ {code}", "letter_prefix": "ทส 9999",
            "parent_id": "nso"}


def follow_up(item: dict) -> dict[str, Any]:
    # Due a month ahead of the business day: no reminder of it falls due while the tests run.
    return {"item_id": item["item_id"], "description": unique("ติดตาม"), "owner_agency_id": OFFICE,
            "due_date": (clock.today() + timedelta(days=30)).isoformat()}


def new_member() -> dict[str, Any]:
    return {"agency_id": MEMBER, "display_name": unique("กรรมการ"), "role": "member"}


# --- letters born digital and the review chain (docs/review-chain.md) ----------------------------------------

SECRETARIAT_ID = f"u-{OFFICE}-secretariat"
GOVERNOR_ID = f"u-{OFFICE}-governor"


async def an_incoming_letter(w: World) -> dict[str, str]:
    return {"letter_id": (await w.incoming())["letter_id"]}


async def an_executives_draft(w: World) -> dict[str, str]:
    """A draft OFFICE's executive (an action officer too) wrote, not yet proposed."""
    return {"letter_id": await w.draft(by="executive")}


async def a_review(w: World) -> dict[str, str]:
    """The executive's draft proposed to the secretariat, who reviews it first (the governor signs): their step."""
    return await _proposed(w, reviewer_ids=[SECRETARIAT_ID], signer_id=GOVERNOR_ID)


async def a_review_to_sign(w: World) -> dict[str, str]:
    """The executive's draft proposed straight to the secretariat to sign."""
    return await _proposed(w, reviewer_ids=[], signer_id=SECRETARIAT_ID)


async def _proposed(w: World, **route: Any) -> dict[str, str]:
    ids = await an_executives_draft(w)
    await w.post("documents", "executive", f"/letters/{ids['letter_id']}/proposal", json=route)
    return ids


async def a_version(w: World) -> dict[str, str]:
    return {**await w.shared("review", lambda: a_review(w)), "number": "1"}


async def a_unit_with_route(w: World) -> dict[str, str]:
    ids = await a_unit(w)
    await w.post("documents", "admin", f"/units/{ids['unit_id']}/default-route",
                 method="PUT", json={"reviewer_ids": [SECRETARIAT_ID], "signer_id": GOVERNOR_ID})
    return ids


async def a_holder(w: World) -> dict[str, str]:
    """A new person of OFFICE, whose post someone may act for (no delegation of theirs overlaps any other)."""
    return {"holder_id": (await w.person(roles=["executive"]))["user_id"]}


async def a_delegation(w: World) -> dict[str, str]:
    holder = await a_holder(w)
    made = await w.post("documents", "admin", "/delegations", json=delegation_body(holder["holder_id"]))
    return {"delegation_id": made["delegation_id"]}


def delegation_body(holder_id: str) -> dict[str, Any]:
    start = clock.now() + timedelta(days=1)
    return {"kind": "acting", "holder_user_id": holder_id, "delegate_user_id": SECRETARIAT_ID,
            "post_title": "ผู้อำนวยการทดสอบสิทธิ์", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(days=2)).isoformat()}
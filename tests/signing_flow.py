"""What the signature tests share: a new executive who enrolls, a letter proposed to them, signed with their PIN
and sent, and downloads."""

from __future__ import annotations

import io
import uuid

import httpx
from PIL import Image, ImageDraw

from tests.support import DEMO_PASSWORD, official_fields, sign_in

OFFICE, RECIPIENT = "cm-provincial-office", "cm-statistics"
PIN = "482913"


async def new_signer(docs, position: str = "รองผู้ว่าราชการจังหวัดเชียงใหม่") -> tuple[str, dict[str, str]]:
    """A new executive of the office (the demo ones sign without certificates in other tests)."""
    admin = await sign_in(str(docs.base_url), f"admin@{OFFICE}")
    name = f"signer{uuid.uuid4().hex[:8]}"
    created = await docs.post("/users", headers=admin, json={
        "username": f"{name}@{OFFICE}", "display_name": f"นายลงนาม ทดสอบ{name[-4:]}", "position": position,
        "roles": ["executive"], "password": DEMO_PASSWORD})
    assert created.status_code == 201, created.text
    return created.json()["user_id"], await sign_in(str(docs.base_url), f"{name}@{OFFICE}")


async def enrolled_signer(docs) -> tuple[str, dict[str, str]]:
    user_id, headers = await new_signer(docs)
    enrolled = await docs.post("/signing/enrollment", headers=headers, json={"pin": PIN})
    assert enrolled.status_code == 201, enrolled.text
    return user_id, headers


async def proposed(docs, signer_id: str, subject: str) -> str:
    drafter = await sign_in(str(docs.base_url), f"officer.strategy@{OFFICE}")
    fields = {**official_fields(subject), "recipient_agency_ids": [RECIPIENT], "signatory_name": "",
              "signatory_position": ""}
    created = await docs.post("/letters", headers=drafter, json=fields)
    assert created.status_code == 201, created.text
    letter_id = created.json()["letter_id"]
    route = await docs.post(f"/letters/{letter_id}/proposal", headers=drafter,
                            json={"reviewer_ids": [], "signer_id": signer_id})
    assert route.status_code == 200, route.text
    return letter_id


async def sent_signed(docs, signer: dict[str, str], letter_id: str) -> dict:
    signed = await docs.post(f"/letters/{letter_id}/review/sign", headers=signer, json={"version": 1, "pin": PIN})
    assert signed.status_code == 200, signed.text
    return await sent_by_clerk(docs, letter_id)


async def sent_by_clerk(docs, letter_id: str) -> dict:
    """Signing numbers and dates the letter; the office's clerk sends it when it waits in รอออกเลข."""
    clerk = await sign_in(str(docs.base_url), f"clerk@{OFFICE}")
    letter = (await docs.get(f"/letters/{letter_id}", headers=clerk)).json()
    if letter["status"] == "signed":
        sent = await docs.post(f"/letters/{letter_id}/send", headers=clerk)
        assert sent.status_code == 200, sent.text
        letter = sent.json()
    assert letter["status"] == "sent" and letter["signed_digitally"] is True
    return letter


def signature_png() -> bytes:
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 90), (80, 20), (150, 95), (230, 25), (340, 80)], fill=(20, 40, 140, 255), width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def download(docs, headers, attachment_id: str) -> httpx.Response:
    response = await docs.get(f"/attachments/{attachment_id}/content", headers=headers)
    assert response.status_code == 200, response.text
    return response



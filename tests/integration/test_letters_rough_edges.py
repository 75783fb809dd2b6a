"""The letters API's rough edges found by trying the portal and by fuzzing: bulk accept, the sender's name, where a
file is downloaded from, registers by date range with what happened to each letter, and stricter input."""

from __future__ import annotations

import csv
import io
import uuid

import httpx
import pytest

from opensaraban_shared import clock
from opensaraban_shared.thai import buddhist_year
from tests.support import eventually, send_letter, sign_in

pytestmark = pytest.mark.integration
SENDER, RECEIVER = "clerk@cm-provincial-office", "clerk@cm-agriculture"


async def _three_letters(client: httpx.AsyncClient, sender: dict[str, str]) -> list[str]:
    """Three letters to cm-agriculture, sent one after another: their deliveries, oldest first."""
    deliveries = []
    for n in range(3):
        letter = await send_letter(client, sender, to=["cm-agriculture"], subject=f"ลงรับพร้อมกัน {n} {uuid.uuid4().hex[:6]}")
        deliveries.append(next(d["delivery_id"] for d in letter["deliveries"]))
    return deliveries


async def test_many_letters_are_accepted_at_once_numbered_in_the_order_they_arrived_and_a_retry_acts_once(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        deliveries = await _three_letters(client, sender)
        key = {"Idempotency-Key": f"bulk-{uuid.uuid4()}"}
        shuffled = [deliveries[2], deliveries[0], deliveries[1]]
        first = await client.post("/deliveries/accept", headers=receiver | key, json={"delivery_ids": shuffled})
        assert first.status_code == 200, first.text
        items = first.json()["items"]
        assert [i["delivery_id"] for i in items] == deliveries  # oldest first, whatever order they were asked in
        numbers = [i["receive_register_number"] for i in items]
        assert numbers == list(range(numbers[0], numbers[0] + 3))
        again = await client.post("/deliveries/accept", headers=receiver | key, json={"delivery_ids": shuffled})
        assert again.json() == first.json()  # the same answer, no new numbers
        inbox = (await client.get("/inbox", headers=receiver, params={"limit": 500})).json()["items"]
        registered = {i["delivery_id"]: i["receive_register_number"] for i in inbox if i["delivery_id"] in deliveries}
        assert registered == dict(zip(deliveries, numbers, strict=True))


async def test_a_batch_with_one_letter_already_accepted_accepts_none_and_names_that_letter(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        deliveries = await _three_letters(client, sender)
        assert (await client.post(f"/deliveries/{deliveries[1]}/accept", headers=receiver)).status_code == 200
        refused = await client.post("/deliveries/accept", headers=receiver, json={"delivery_ids": deliveries})
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["detail"]["delivery_id"] == deliveries[1]
        inbox = (await client.get("/inbox", headers=receiver, params={"limit": 500, "status": "delivered"})).json()
        still_new = {i["delivery_id"] for i in inbox["items"]}
        assert {deliveries[0], deliveries[2]} <= still_new  # nothing half-written
        twice = await client.post("/deliveries/accept", headers=receiver, json={"delivery_ids": [deliveries[0]] * 2})
        assert twice.status_code == 422


async def test_a_letter_names_its_sender_and_its_files_download_through_the_api(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        letter = await send_letter(client, sender, to=["cm-agriculture"])
        agency = (await client.get("/agencies/cm-provincial-office", headers=sender)).json()
        for who in (sender, receiver):
            read = (await client.get(f"/letters/{letter['letter_id']}", headers=who)).json()
            assert read["sender_name"] == agency["name_th"] != ""
        attachment = letter["attachments"][0]["attachment_id"]
        link = (await client.get(f"/attachments/{attachment}/download-url", headers=receiver)).json()["url"]
        assert link.startswith(services["documents"]) and link.endswith(f"/attachments/{attachment}/content")
        content = await client.get(link, headers=receiver)
        assert content.status_code == 200 and content.content.startswith(b"%PDF")
        disposition = content.headers["content-disposition"]
        assert 'filename="file.pdf"' in disposition and "filename*=UTF-8''" in disposition  # the name is หนังสือ.pdf


async def test_the_receive_register_by_date_range_tells_what_happened_and_its_csv_shows_buddhist_era_days(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    today = clock.today()
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        letter = await send_letter(client, sender, to=["cm-agriculture"])
        delivery = letter["deliveries"][0]["delivery_id"]
        number = (await client.post(f"/deliveries/{delivery}/accept", headers=receiver)).json()[
            "deliveries"][0]["receive_register_number"]
        people = (await client.get("/users", headers=receiver, params={"limit": 200})).json()["items"]
        person = next(p for p in people if p["active"])
        routed = await client.post(f"/deliveries/{delivery}/route", headers=receiver,
                                   json={"action": "forward", "to_user_id": person["user_id"]})
        assert routed.status_code == 200, routed.text
        assert (await client.post(f"/deliveries/{delivery}/close", headers=receiver)).status_code == 200
        period = {"date_from": today.isoformat(), "date_to": today.isoformat()}
        page = (await client.get("/registers/receive", headers=receiver, params=period)).json()
        entry = next(e for e in page["entries"] if e["number"] == number)
        assert entry["action"] == f"ส่งต่อ {person['display_name']}; เก็บเรื่อง"
        exported = await client.get("/registers/receive", headers=receiver, params={**period, "format": "csv"})
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        mine = next(r for r in rows[1:] if r[1] == str(number))
        assert mine[0] == f"{today.day:02d}/{today.month:02d}/{buddhist_year(today.year)}"
        assert exported.headers["content-disposition"].startswith(
            f'attachment; filename="receive-register-cm-agriculture-{today.isoformat()}_{today.isoformat()}.csv"')
        for wrong in ({"date_from": today.isoformat()}, {"year": today.year, **period},
                      {"date_from": today.isoformat(), "date_to": "2000-01-01"}, {}):
            refused = await client.get("/registers/receive", headers=receiver, params=wrong)
            assert refused.status_code == 422 and refused.json()["error"]["code"] == "bad_period", wrong


async def test_lenient_inputs_found_by_fuzzing_are_refused(services):
    clerk = await sign_in(services["documents"], SENDER)
    async with httpx.AsyncClient(timeout=30) as client:
        plain = await client.post(f"{services['documents']}/letters", headers=clerk | {"content-type": "text/plain"},
                                  content=b'{"subject": "x"}')
        assert plain.status_code == 415 and plain.json()["error"]["code"] == "unsupported_content_type"
        for day in ("0", "1765756800", "15/12/2569"):
            search = await client.get(f"{services['documents']}/letters/search", headers=clerk, params={"date_to": day})
            assert search.status_code == 422, (day, search.text)
        digest = await client.put(f"{services['notify']}/notifications/preferences", headers=clerk, json={"digest": 0})
        assert digest.status_code == 422, digest.text


async def test_opening_a_letter_marks_its_notifications_read_and_only_those(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as documents, \
            httpx.AsyncClient(base_url=services["notify"], timeout=30) as notify:
        opened = await send_letter(documents, sender, to=["cm-agriculture"])
        other = await send_letter(documents, sender, to=["cm-agriculture"])

        async def unread_about(letter_id: str) -> list[dict] | None:
            page = (await notify.get("/notifications", headers=receiver, params={"limit": 200})).json()
            found = [n for n in page["items"] if (n["link"] or "").startswith(f"/letters/{letter_id}")]
            return found or None

        await eventually(lambda: unread_about(opened["letter_id"]), what="the first letter's notification")
        await eventually(lambda: unread_about(other["letter_id"]), what="the second letter's notification")
        marked = await notify.post(f"/notifications/letters/{opened['letter_id']}/read", headers=receiver)
        assert marked.status_code == 200 and marked.json()["marked"] >= 1
        assert all(n["read_at"] for n in await unread_about(opened["letter_id"]) or [])
        assert not any(n["read_at"] for n in await unread_about(other["letter_id"]) or [])
        again = await notify.post(f"/notifications/letters/{opened['letter_id']}/read", headers=receiver)
        assert again.json()["marked"] == 0


def test_the_asyncapi_document_names_each_messages_key_and_headers(services):
    document = httpx.get(f"{services['documents']}/asyncapi.json", timeout=10).json()
    messages = document["components"]["messages"]
    sent = next(m for name, m in messages.items() if "documents.letter_sent" in name)
    assert sent["bindings"]["kafka"]["key"]["type"] == "string"
    assert {"event_type", "event_id", "correlation_id"} <= set(sent["headers"]["properties"])
    assert all("headers" in m and "bindings" in m for m in messages.values())


async def test_the_sent_list_summary_counts_recipients_per_status_of_ones_own_letters_only(services):
    sender, receiver = await sign_in(services["documents"], SENDER), await sign_in(services["documents"], RECEIVER)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as client:
        letter = await send_letter(client, sender, to=["cm-agriculture", "cm-statistics"])
        mine = next(d for d in letter["deliveries"] if d["recipient_agency_id"] == "cm-agriculture")
        await client.post(f"/deliveries/{mine['delivery_id']}/accept", headers=receiver)
        ids = {"letter_id": [letter["letter_id"]]}
        counts = (await client.get("/letters/delivery-counts", headers=sender, params=ids)).json()
        assert counts == {letter["letter_id"]: {"accepted": 1, "delivered": 1}}
        assert (await client.get("/letters/delivery-counts", headers=receiver, params=ids)).json() == {}

"""Letter search on the real stack: Thai text, ranking, filters, agency isolation and secrecy, through GET /letters/search.

Letters are written straight into the documents schema and indexed with `index_letter`, exactly as the letters
code does inside its own transaction; one letter goes through the real send path and is indexed by
`reindex_all`. Every test searches for its own made-up Thai word, so data of other tests never interferes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest

from documents_service.search.repository import index_letter, reindex_all
from opensaraban_shared.thai import thai_digits
from tests.support import send_letter, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
ENERGY = "cm-energy"
REVENUE = "cm-revenue"
CONSONANTS = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


def made_up_word() -> str:
    """Eight random Thai consonants: found only where a test put them."""
    return "".join(random.choice(CONSONANTS) for _ in range(8))


@pytest.fixture
async def documents_conn(stack: dict, services: dict) -> AsyncIterator[asyncpg.Connection]:
    """The documents schema, migrated by the running service."""
    conn = await asyncpg.connect(stack["pg_dsn"], server_settings={"search_path": "documents,public"})
    yield conn
    await conn.close()


async def add_letter(conn: asyncpg.Connection, *, sender: str, to: list[str], subject: str, body: str = "",
                     sent_at: datetime, letter_number: str | None = None, secrecy: int = 1,
                     delivery_status: str = "delivered", index: bool = True) -> uuid.UUID:
    """A sent letter and its deliveries, indexed in the same transaction as the letters code does."""
    letter_id = uuid.uuid4()
    number = letter_number or f"ทดสอบ {random.randrange(10**6)}"
    async with conn.transaction():
        await conn.execute(
            """INSERT INTO letters (letter_id, sender_agency_id, kind, subject, body, urgency, secrecy, channel,
                                    recipient_agency_ids, status, letter_number, created_by, created_at, sent_at)
               VALUES ($1, $2, 'external', $3, $4, 1, $5, 'electronic', $6, 'sent', $7, 'test', $8, $8)""",
            letter_id, sender, subject, body, secrecy, to, number, sent_at,
        )
        await conn.executemany(
            """INSERT INTO deliveries (delivery_id, letter_id, recipient_agency_id, status, delivered_at)
               VALUES ($1, $2, $3, $4, $5)""",
            [(uuid.uuid4(), letter_id, r, delivery_status, sent_at) for r in to],
        )
        if not index:
            return letter_id
        sender_name = await conn.fetchval("SELECT name_th FROM agencies WHERE agency_id = $1", sender)
        await index_letter(conn, letter_id=letter_id, subject=subject, body=body, letter_number=number,
                           sender_name=sender_name)
    return letter_id


async def search(services: dict, who: str, **params) -> httpx.Response:
    headers = await sign_in(services["documents"], who)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        return await client.get("/letters/search", params=params, headers=headers)


async def found(services: dict, who: str, **params) -> list[str]:
    response = await search(services, who, **params)
    assert response.status_code == 200, response.text
    return [item["letter_id"] for item in response.json()["items"]]


async def test_a_subject_match_ranks_above_a_newer_body_match(services, documents_conn):
    word = made_up_word()
    in_body = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject="แจ้งแนวทางการดำเนินงาน",
                               body=f"ด้วยจังหวัดได้รับแจ้งเรื่อง{word}จากกระทรวง จึงเรียนมาเพื่อทราบ",
                               sent_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    in_subject = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject=f"ขอเชิญประชุมเรื่อง{word}ประจำปี",
                                  body="รายละเอียดตามสิ่งที่ส่งมาด้วย", sent_at=datetime(2026, 3, 1, 3, 0, tzinfo=UTC))

    response = await search(services, f"clerk@{OFFICE}", q=word)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["letter_id"] for i in items] == [str(in_subject), str(in_body)]
    assert items[0]["score"] > items[1]["score"]
    top = items[0]
    assert [top["subject"][h["start"]:h["end"]] for h in top["subject_highlights"]] == [word]
    body_hit = items[1]
    assert [body_hit["snippet"][h["start"]:h["end"]] for h in body_hit["highlights"]] == [word]
    assert top["sender_agency_id"] == OFFICE and top["sender_name_th"] == "สำนักงานจังหวัดเชียงใหม่"
    assert top["direction"] == "sent" and top["status"] == "sent"


async def test_thai_text_is_found_in_the_middle_of_a_sentence_despite_pdf_noise(services, documents_conn):
    word = made_up_word()
    noisy = f"รายงานสถานการณ์นํ้าท่วม{word}ในเขตอำเภอเมือง"  # ํา for ำ, as PDF extraction writes it
    letter = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject="รายงานสถานการณ์", body=noisy,
                              sent_at=datetime(2026, 3, 3, tzinfo=UTC))

    assert await found(services, f"clerk@{ENERGY}", q=f"น้ำท่วม{word}") == [str(letter)]
    assert await found(services, f"clerk@{ENERGY}", q=f"{word[:3]} {word[3:]}") == [str(letter)]


async def test_another_agencys_letter_is_never_found(services, documents_conn):
    word = made_up_word()
    letter = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject=f"ขอความอนุเคราะห์{word}",
                              sent_at=datetime(2026, 3, 4, tzinfo=UTC))

    assert await found(services, f"clerk@{REVENUE}", q=word) == []
    assert await found(services, f"clerk@{REVENUE}", subject=word) == []
    assert await found(services, f"clerk@{ENERGY}", q=word) == [str(letter)]
    assert await found(services, f"clerk@{OFFICE}", q=word) == [str(letter)]


async def test_a_secret_letter_is_not_found_by_a_clerk_without_clearance(services, documents_conn):
    word = made_up_word()
    number = f"ชม 0017/{random.randrange(10**6)}"
    secret = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject=f"ลับ เรื่อง{word}", body=f"เนื้อหา{word}",
                              sent_at=datetime(2026, 3, 5, tzinfo=UTC), letter_number=number, secrecy=2)

    for clerk in (f"clerk@{ENERGY}", f"clerk@{OFFICE}"):
        assert await found(services, clerk, q=word) == []
        assert await found(services, clerk, letter_number=number) == []
        assert await found(services, clerk, subject=word) == []
    # Cleared for ลับ is not enough: only people named on the letter find it.
    assert await found(services, f"executive@{OFFICE}", q=word) == []
    await documents_conn.execute("INSERT INTO documents.letter_access (letter_id, agency_id, user_id, granted_by) "
                     "VALUES ($1, $2, $3, 'test')", secret, OFFICE, f"u-{OFFICE}-executive")
    assert await found(services, f"executive@{OFFICE}", q=word) == [str(secret)]


async def test_filters_narrow_the_results(services, documents_conn):
    word = made_up_word()
    serial = random.randrange(10**5, 10**6)
    sent = await add_letter(documents_conn, sender=OFFICE, to=[ENERGY], subject=f"ขอส่งรายงาน{word}",
                            sent_at=datetime(2026, 1, 10, 3, 0, tzinfo=UTC), letter_number=f"ชม 0017/{serial}")
    # 00:30 on 1 February in Bangkok is still 31 January in UTC.
    received = await add_letter(documents_conn, sender=ENERGY, to=[OFFICE], subject=f"แจ้งผล{word}",
                                sent_at=datetime(2026, 1, 31, 17, 30, tzinfo=UTC),
                                letter_number=f"ชม 0025/ว {serial}")
    accepted = await add_letter(documents_conn, sender=REVENUE, to=[OFFICE], subject=f"ภาษี{word}", delivery_status="accepted",
                                sent_at=datetime(2026, 3, 1, 3, 0, tzinfo=UTC))
    clerk = f"clerk@{OFFICE}"

    ranked = await found(services, clerk, q=word)
    assert set(ranked) == {str(accepted), str(received), str(sent)}
    assert await found(services, clerk, q=word, direction="sent") == [str(sent)]
    assert set(await found(services, clerk, q=word, direction="received")) == {str(received), str(accepted)}
    assert await found(services, clerk, q=word, date_from="2026-02-01", date_to="2026-02-28") == [str(received)]
    assert await found(services, clerk, q=word, date_to="2026-01-31") == [str(sent)]
    assert await found(services, clerk, q=word, sender_agency_id=REVENUE) == [str(accepted)]
    assert await found(services, clerk, q=word, status="accepted") == [str(accepted)]
    assert await found(services, clerk, q=word, status="delivered") == [str(received)]
    assert await found(services, clerk, letter_number=f"ชม ๐๐๑๗/{thai_digits(serial)}") == [str(sent)]
    assert await found(services, clerk, letter_number="ชม0025/ว", letter_number_match="prefix",
                       subject=word) == [str(received)]
    assert await found(services, clerk, subject=f"ภาษี{word}") == [str(accepted)]  # no q: newest first
    first = (await search(services, clerk, q=word, limit=2)).json()
    assert first["next_offset"] == 2
    rest = (await search(services, clerk, q=word, limit=2, offset=2)).json()
    assert rest["next_offset"] is None
    assert [i["letter_id"] for i in first["items"] + rest["items"]] == ranked


async def test_a_letter_sent_through_the_api_is_found_by_words_and_by_its_number_in_thai_digits(services, documents_conn):
    word = made_up_word()
    headers = await sign_in(services["documents"], f"clerk@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        letter = await send_letter(client, headers, to=[ENERGY], subject=f"ขอเชิญประชุม{word}ครั้งที่ 1/2569")
    await reindex_all(documents_conn, only_stale=True)  # until the letters code indexes on send

    assert await found(services, f"clerk@{ENERGY}", q=f"ประชุม {word}") == [letter["letter_id"]]
    number = letter["letter_number"]
    assert await found(services, f"clerk@{ENERGY}", letter_number=thai_digits(number)) == [letter["letter_id"]]
    assert await found(services, f"clerk@{ENERGY}", q=thai_digits(number), subject=word) == [letter["letter_id"]]


async def test_reindex_all_makes_letters_written_before_the_index_searchable(services, documents_conn):
    word = made_up_word()
    letter = await add_letter(documents_conn, sender=ENERGY, to=[OFFICE], subject=f"แจ้งเวียน{word}", index=False,
                              sent_at=datetime(2026, 3, 6, tzinfo=UTC))
    assert await found(services, f"clerk@{OFFICE}", q=word) == []

    assert await reindex_all(documents_conn, only_stale=True) >= 1

    hits = (await search(services, f"clerk@{OFFICE}", q=word)).json()["items"]
    assert [h["letter_id"] for h in hits] == [str(letter)]
    assert hits[0]["sender_name_th"] == "สำนักงานพลังงานจังหวัดเชียงใหม่"
    assert hits[0]["direction"] == "received" and hits[0]["status"] == "delivered"


@pytest.mark.parametrize("params, code", [
    ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "invalid_input"),
    ({"limit": "101"}, "invalid_input"),
    ({"direction": "sideways"}, "invalid_input"),
    ({"status": "lost"}, "invalid_input"),
    ({"q": "?!/ ..."}, "search_query_unusable"),
    ({"q": "ก" * 201}, "invalid_input"),
    ({"date_form": "2026-01-01"}, "invalid_input"),
])
async def test_bad_search_input_gets_422_with_a_code_and_thai_and_english_messages(services, params, code):
    response = await search(services, f"clerk@{OFFICE}", **params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message_th"] and error["message_en"]


async def test_search_needs_a_signed_in_caller(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.get("/letters/search", params={"q": "ประชุม"})
    assert response.status_code == 401

"""What must hold once the system has recovered from a fault: no letter lost, nothing done twice, nothing half-done.

Read against the real PostgreSQL (read-only queries over the services' schemas), the documents API as the
agencies use it, and the real SMTP server. The documents checks hold as soon as the stream has finished (its
writes are synchronous); notify and metrics follow the event stream, so their checks wait until they settle.

"Half-done" means: a request that answered with an error left no trace, and the row a request wrote was written
by an attempt that either succeeded or never answered (its connection died) — never by one that said it failed.
A request that never answered may have committed: its retry with the same Idempotency-Key then returns the first
answer, and an upload (which has no key) leaves an unused attachment row that the clean-up removes a day later.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg
import httpx

from notify_service.channels import MESSAGE_ID_DOMAIN
from tests.faults.letter_stream import Agency, Letter, LetterStream, Step
from tests.notify_peers import SmtpSink
from tests.support import difference, one_connection_per_request, settles

SHOW = 10  # violations listed in a failure message


def _fail_if(problems: Sequence[str], what: str) -> None:
    assert not problems, f"{what}: {len(problems)} problem(s)\n" + "\n".join(problems[:SHOW])


def assert_every_letter_went_through(stream: LetterStream) -> None:
    """The stream's agencies retried until each letter was sent and accepted; nothing was refused (4xx), and
    every failure the API answered said so in its error format: 503 service_unavailable, "try again"."""
    _fail_if([f"{letter.subject}: {letter.refused}" for letter in stream.letters if letter.refused],
             "letters refused by the documents API")
    _fail_if([letter.subject for letter in stream.letters if not letter.done], "letters never sent and accepted")
    _fail_if([f"{letter.subject} {name}: {attempt.status} {attempt.error} ({attempt.correlation_id})"
              for letter in stream.letters
              for name, step in letter.steps().items() for attempt in step.attempts
              if attempt.answered_with_error and (attempt.status, attempt.error) != (503, "service_unavailable")],
             "failures answered other than 503 service_unavailable")


def _written_by(step: Step, written_at: datetime, what: str) -> str | None:
    """A problem when the row was written during an attempt that answered with an error, or when no attempt can
    have written it."""
    attempt = step.attempt_at(written_at.timestamp())
    if attempt is not None and attempt.answered_with_error:
        return (f"{what} written by an attempt that answered {attempt.status} {attempt.error[:200]} "
                f"(correlation id {attempt.correlation_id})")
    if attempt is None and not _left_by_a_lost_attempt(step, written_at):
        return f"{what} written at {written_at.isoformat()}, outside every attempt"
    return None


def _left_by_a_lost_attempt(step: Step, written_at: datetime) -> bool:
    """Whether an attempt whose answer never came can have written the row: one under way at that moment, or an
    earlier one still running on the server after the client gave up on it."""
    moment = written_at.timestamp()
    attempt = step.attempt_at(moment)
    if attempt is not None:
        return attempt.status is None
    return any(a.status is None and a.started <= moment for a in step.attempts)


async def assert_documents_hold_each_letter_once(pg: asyncpg.Connection, stream: LetterStream,
                                                 agencies: Sequence[Agency]) -> None:
    ids = [a.agency_id for a in agencies]
    rows = await pg.fetch(
        """SELECT l.subject, l.letter_id, l.letter_number, l.status, l.created_at,
                  array(SELECT la.attachment_id FROM documents.letter_attachments la WHERE la.letter_id = l.letter_id)
                      AS attachment_ids,
                  array(SELECT d.delivery_id FROM documents.deliveries d WHERE d.letter_id = l.letter_id) AS deliveries
           FROM documents.letters l WHERE l.sender_agency_id = ANY($1::text[])""", ids)
    letters = {r["subject"]: r for r in rows}
    deliveries = {str(r["delivery_id"]): r for r in await pg.fetch(
        """SELECT delivery_id, letter_id, recipient_agency_id, status, accepted_at, receive_register_number
           FROM documents.deliveries WHERE recipient_agency_id = ANY($1::text[])""", ids)}
    uploads: dict[str, list[asyncpg.Record]] = {}
    for row in await pg.fetch("SELECT attachment_id, sha256, created_at FROM documents.attachments "
                              "WHERE agency_id = ANY($1::text[])", ids):
        uploads.setdefault(row["sha256"], []).append(row)
    subjects = Counter(r["subject"] for r in rows)
    problems = [f"{s} is stored {n} times" for s, n in subjects.items() if n > 1]
    problems += [f"letter {s} exists though no stream letter has that subject"
                 for s in set(letters) - {letter.subject for letter in stream.letters}]
    for letter in stream.letters:
        problems += _letter_problems(letter, letters.get(letter.subject), deliveries, uploads.get(letter.sha256, []))
    _fail_if(problems, "letters in the documents database")


def _letter_problems(letter: Letter, row: asyncpg.Record | None, deliveries: dict[str, asyncpg.Record],
                     uploads: list[asyncpg.Record]) -> list[str]:
    problems = []
    sent = letter.send.answer
    if row is None:
        return [f"{letter.subject}: accepted by the API but not in the database"] if sent else []
    if sent is None:
        return [f"{letter.subject}: in the database though every attempt to send it failed"]
    if (str(row["letter_id"]), row["letter_number"], row["status"]) != (sent["letter_id"], sent["letter_number"], "sent"):
        problems.append(f"{letter.subject}: stored as {row['letter_id']} {row['letter_number']} {row['status']}, "
                        f"answered as {sent['letter_id']} {sent['letter_number']}")
    problems += filter(None, [_written_by(letter.send, row["created_at"], f"{letter.subject} letter")])
    attachment_id = letter.upload.answer and letter.upload.answer["attachment_id"]
    if [str(a) for a in row["attachment_ids"]] != [attachment_id]:
        problems.append(f"{letter.subject}: attachments {row['attachment_ids']} instead of [{attachment_id}]")
    problems += [f"{letter.subject}: an unused upload row that no attempt without an answer can have left"
                 for upload in uploads if str(upload["attachment_id"]) != attachment_id
                 and not _left_by_a_lost_attempt(letter.upload, upload["created_at"])]
    if [str(d) for d in row["deliveries"]] != [letter.delivery_id]:
        problems.append(f"{letter.subject}: deliveries {row['deliveries']} instead of [{letter.delivery_id}]")
    delivery = deliveries.get(letter.delivery_id)
    accepted = letter.accept.answer and letter.accept.answer["deliveries"][0]
    if delivery is None or accepted is None:
        return problems + [f"{letter.subject}: delivery missing or never accepted"]
    if (delivery["recipient_agency_id"], delivery["status"], delivery["receive_register_number"]) != (
            letter.recipient.agency_id, "accepted", accepted["receive_register_number"]):
        problems.append(f"{letter.subject}: delivery {dict(delivery)} does not match the accept answer {accepted}")
    problems += filter(None, [_written_by(letter.accept, delivery["accepted_at"], f"{letter.subject} acceptance")])
    return problems


async def assert_registers_gap_free(pg: asyncpg.Connection, agencies: Sequence[Agency]) -> None:
    """Per agency, register and year the numbers are 1..n, each once, n being the counter's last number."""
    ids = [a.agency_id for a in agencies]
    used = {(r["agency_id"], r["register"], r["year"]): r["numbers"] for r in await pg.fetch(
        """SELECT sender_agency_id AS agency_id, register_series AS register, send_register_year AS year,
                  array_agg(send_register_number ORDER BY send_register_number) AS numbers
           FROM documents.letters WHERE sender_agency_id = ANY($1::text[]) AND send_register_number IS NOT NULL
           GROUP BY 1, 2, 3
           UNION ALL
           SELECT recipient_agency_id, 'receive', receive_register_year,
                  array_agg(receive_register_number ORDER BY receive_register_number)
           FROM documents.deliveries WHERE recipient_agency_id = ANY($1::text[]) AND receive_register_number IS NOT NULL
           GROUP BY 1, 2, 3""", ids)}
    counters = {(r["agency_id"], r["register"], r["year"]): list(range(1, r["last_number"] + 1)) for r in await pg.fetch(
        "SELECT agency_id, register, year, last_number FROM documents.register_counters WHERE agency_id = ANY($1::text[])",
        ids)}
    assert used == counters, f"register numbers are not 1..n per register\n{difference(used, counters)}"


async def assert_inboxes_show_every_letter_and_files_are_intact(documents: httpx.AsyncClient,
                                                                stream: LetterStream) -> None:
    expected: dict[str, set[str]] = {}
    for letter in stream.letters:
        expected.setdefault(letter.recipient.agency_id, set()).add(letter.delivery_id)
    recipients = {letter.recipient.agency_id: letter.recipient for letter in stream.letters}
    for agency_id, delivery_ids in expected.items():
        shown: set[str] = set()
        offset: int | None = 0
        while offset is not None:
            page = await documents.get("/inbox", headers=recipients[agency_id].clerk,
                                       params={"limit": 500, "offset": offset, "status": "accepted"})
            assert page.status_code == 200, page.text
            shown |= {item["delivery_id"] for item in page.json()["items"]}
            offset = page.json()["next_offset"]
        assert shown == delivery_ids, f"{agency_id}'s inbox: {len(delivery_ids - shown)} letters missing, " \
                                      f"{len(shown - delivery_ids)} unexpected"
    limit = asyncio.Semaphore(16)

    async def damaged(letter: Letter) -> str | None:
        async with limit:
            response = await documents.get(f"/attachments/{letter.send.answer['attachments'][0]['attachment_id']}/content",
                                            headers=letter.recipient.clerk)
        if response.status_code != 200 or response.content != letter.pdf:
            return f"{letter.subject}: the recipient downloads {response.status_code}, {len(response.content)} bytes"
        return None

    _fail_if([p for p in await asyncio.gather(*(damaged(letter) for letter in stream.letters)) if p],
             "attachments as the recipient downloads them")


async def assert_outboxes_drained(pg: asyncpg.Connection) -> None:
    async def unpublished() -> dict[str, int]:
        return {schema: await pg.fetchval(f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL")
                for schema in ("documents", "notify")}

    await settles(unpublished, {"documents": 0, "notify": 0}, what="events still waiting in the outboxes")


async def assert_each_recipient_notified_once(pg: asyncpg.Connection, smtp: SmtpSink, stream: LetterStream, *,
                                              resends_allowed: bool = False) -> None:
    """One inbox notification per delivered letter, one e-mail per clerk, and the SMTP server got each once.

    `resends_allowed`: notify was killed, so an e-mail the server had taken but notify had not yet marked sent
    went out again after its lease; that copy must be the same message (same Message-ID), which mail systems drop.
    """
    ids = sorted({letter.recipient.agency_id for letter in stream.letters})
    expected = {(letter.recipient.agency_id, f"/letters/{letter.letter_id}"): 1 for letter in stream.letters}

    async def notifications() -> dict[tuple[str, str], int]:
        return {(r["recipient_agency_id"], r["link"]): r["n"] for r in await pg.fetch(
            """SELECT recipient_agency_id, link, count(*) AS n FROM notify.notifications
               WHERE rule = 'letter_delivered_to_clerks' AND recipient_agency_id = ANY($1::text[]) GROUP BY 1, 2""",
            ids)}

    await settles(notifications, expected, what="inbox notifications of delivered letters")
    expected_mail = {(letter.recipient.clerk_email, f"/letters/{letter.letter_id}"): ["sent"] for letter in stream.letters}

    async def emails() -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for r in await pg.fetch(
                """SELECT d.address, n.link, d.status FROM notify.deliveries d JOIN notify.notifications n
                   USING (notification_id) WHERE d.channel = 'email' AND d.agency_id = ANY($1::text[])""", ids):
            found.setdefault((r["address"], r["link"]), []).append(r["status"])
        return found

    await settles(emails, expected_mail, timeout_s=45, what="e-mails queued and sent by notify")
    queued = {f"<{r['delivery_id']}@{MESSAGE_ID_DOMAIN}>" for r in await pg.fetch(
        "SELECT delivery_id FROM notify.deliveries WHERE channel = 'email' AND agency_id = ANY($1::text[])", ids)}
    received = Counter(message["Message-ID"] for address in {letter.recipient.clerk_email for letter in stream.letters}
                       for message in smtp.messages(address))
    assert set(received) == queued, "messages at the SMTP server against notify's e-mail deliveries\n" + difference(
        dict.fromkeys(received, 1), dict.fromkeys(queued, 1))
    resent = {message_id: n for message_id, n in received.items() if n > 1}
    assert resends_allowed or not resent, f"{len(resent)} e-mails reached the SMTP server more than once: {resent}"


async def assert_metrics_equal_a_recount(pg: asyncpg.Connection, agencies: Sequence[Agency]) -> None:
    """The adoption figures (letters per day and month, handling-time histograms) equal a recount of documents."""
    ids = [a.agency_id for a in agencies]
    await settles(lambda: _counts(pg, _METRICS_LETTERS, ids), await _counts(pg, _RECOUNT_LETTERS, ids),
                  what="metrics letter_daily / letter_monthly against a recount from documents")
    await settles(lambda: _counts(pg, _METRICS_DURATIONS, ids), await _counts(pg, _RECOUNT_DURATIONS, ids),
                  what="metrics duration_daily (delivery, acceptance) against a recount from documents")


async def _counts(pg: asyncpg.Connection, sql: str, ids: list[str]) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Rows as {key columns: count columns}; the counts are the columns named like `count_*`."""
    return {tuple(v for k, v in r.items() if not k.startswith("count_")):
            tuple(v for k, v in r.items() if k.startswith("count_")) for r in await pg.fetch(sql, ids)}


_BANGKOK_DAY = "({} AT TIME ZONE 'Asia/Bangkok')::date"
_RECOUNT_LETTERS = f"""
    WITH counted AS (
        SELECT {_BANGKOK_DAY.format("sent_at")} AS day, sender_agency_id AS agency_id, 'sent' AS direction, channel,
               cardinality(recipient_agency_ids) + cardinality(external_recipients) AS recipients
        FROM documents.letters WHERE sender_agency_id = ANY($1::text[]) AND status = 'sent'
        UNION ALL
        SELECT {_BANGKOK_DAY.format("accepted_at")}, recipient_agency_id, 'received', channel, 0
        FROM documents.deliveries WHERE recipient_agency_id = ANY($1::text[]) AND accepted_at IS NOT NULL)
    SELECT 'day' AS period, day AS start, agency_id, direction, channel, count(*) AS count_letters,
           sum(recipients) AS count_recipients
    FROM counted GROUP BY day, agency_id, direction, channel
    UNION ALL
    SELECT 'month', date_trunc('month', day)::date, agency_id, direction, channel, count(*), sum(recipients)
    FROM counted GROUP BY 2, 3, 4, 5"""
_METRICS_LETTERS = """
    SELECT 'day' AS period, day AS start, agency_id, direction, channel, letters AS count_letters,
           recipients AS count_recipients
    FROM metrics.letter_daily WHERE agency_id = ANY($1::text[])
    UNION ALL
    SELECT 'month', month, agency_id, direction, channel, letters, recipients
    FROM metrics.letter_monthly WHERE agency_id = ANY($1::text[])"""
_RECOUNT_DURATIONS = f"""
    SELECT {_BANGKOK_DAY.format("d.delivered_at")} AS day, l.sender_agency_id AS agency_id, 'delivery' AS stage,
           count(*) AS count_n
    FROM documents.deliveries d JOIN documents.letters l USING (letter_id)
    WHERE l.sender_agency_id = ANY($1::text[]) GROUP BY 1, 2
    UNION ALL
    SELECT {_BANGKOK_DAY.format("accepted_at")}, recipient_agency_id, 'acceptance', count(*)
    FROM documents.deliveries WHERE recipient_agency_id = ANY($1::text[]) AND accepted_at IS NOT NULL GROUP BY 1, 2"""
_METRICS_DURATIONS = """
    SELECT day, agency_id, stage, sum(n) AS count_n FROM metrics.duration_daily
    WHERE agency_id = ANY($1::text[]) AND stage IN ('delivery', 'acceptance') GROUP BY 1, 2, 3"""


async def assert_recovered(*, pg_dsn: str, documents_url: str, smtp: SmtpSink, stream: LetterStream,
                           agencies: Sequence[Agency], resends_allowed: bool = False) -> None:
    """Every check above, in the order the system converges: documents, then its events, then notify and metrics."""
    assert_every_letter_went_through(stream)
    # A connection of its own, opened now: one made before the test would not have survived a PostgreSQL restart.
    pg = await asyncpg.connect(pg_dsn, server_settings={"default_transaction_read_only": "on"})
    try:
        await assert_documents_hold_each_letter_once(pg, stream, agencies)
        await assert_registers_gap_free(pg, agencies)
        async with one_connection_per_request(documents_url) as documents:
            await assert_inboxes_show_every_letter_and_files_are_intact(documents, stream)
        await assert_outboxes_drained(pg)
        await assert_each_recipient_notified_once(pg, smtp, stream, resends_allowed=resends_allowed)
        await assert_metrics_equal_a_recount(pg, agencies)
    finally:
        await pg.close()

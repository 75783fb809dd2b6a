"""SQL of letter search: the search index, who may see which letter, and the search query; callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from opensaraban_shared import thai_search
from opensaraban_shared.auth import Principal
from opensaraban_shared.thai_search import SearchQuery
from opensaraban_shared.vocabulary import Secrecy

from .. import secrecy
from ..letters.model import DeliveryStatus, LetterStatus
from .models import Direction, LetterNumberMatch

# ts_rank weights for D (unused: bodies are not ranked), C (sender), B (unused), A (subject and letter number).
_RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"
SNIPPET_SOURCE_CHARS = 10_000  # snippets look for the query in the start of the body only
_BATCH = 500


@dataclass
class SqlParams:
    """Numbers asyncpg parameters while a query is assembled from fragments: `p(value)` → '$3'."""

    values: list[Any] = field(default_factory=list)

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def visibility_predicate(principal: Principal, p: SqlParams, *, letter: str = "l") -> str:
    """The one rule of which letters a caller may find, as a WHERE fragment over `letters` aliased `letter`.

    The same rule as reading a letter (letters/access.py): letters the caller's agency sent (drafts
    included; not its copies of paper letters it registered) or that were delivered to it and not
    withdrawn; a secret letter only for people named on it and cleared for its level. (Search also
    narrows by `letter_search.agency_ids` first, for speed: keep that a superset of what is allowed here.)
    """
    agency = p(principal.agency_id)
    user = p(principal.subject_id)
    max_secrecy = p(int(secrecy.highest_readable(principal.clearance)))
    normal, received_paper = p(int(Secrecy.NORMAL)), p(LetterStatus.RECEIVED_PAPER.value)
    withdrawn = p(DeliveryStatus.WITHDRAWN.value)
    return (
        f"((({letter}.sender_agency_id = {agency} AND {letter}.status <> {received_paper})"
        f" OR EXISTS (SELECT 1 FROM deliveries visible_d WHERE visible_d.letter_id = {letter}.letter_id"
        f" AND visible_d.recipient_agency_id = {agency} AND visible_d.status <> {withdrawn}))"
        f" AND ({letter}.secrecy = {normal} OR ({letter}.secrecy <= {max_secrecy} AND EXISTS ("
        f"SELECT 1 FROM letter_access visible_x WHERE visible_x.letter_id = {letter}.letter_id"
        f" AND visible_x.user_id = {user}))))"
    )


# --- Index ---------------------------------------------------------------------------------------------------

def title_fields(*, subject: str, letter_number: str | None, sender_name: str) -> list[thai_search.Field]:
    return [
        thai_search.Field(subject, "A", words=True),
        thai_search.Field(letter_number or "", "A"),
        thai_search.Field(sender_name, "C", words=True),
    ]


def letter_fields(*, subject: str, body: str, letter_number: str | None, sender_name: str) -> list[thai_search.Field]:
    """Every searchable field of a letter, as one document (what the unit tests match against)."""
    return [*title_fields(subject=subject, letter_number=letter_number, sender_name=sender_name),
            thai_search.Field(body, "D")]


def _row(letter_id: uuid.UUID, subject: str, body: str, letter_number: str | None, sender_name: str) -> tuple:
    title = thai_search.document_vector(
        title_fields(subject=subject, letter_number=letter_number, sender_name=sender_name)
    )
    body_terms = thai_search.terms_vector(body)  # found by, never ranked on: no positions needed
    number_key = thai_search.compact_key(letter_number) if letter_number else None
    return (letter_id, title, body_terms, thai_search.normalize(subject), number_key or None, sender_name)


# Sender and every recipient agency, read in the caller's transaction: deliveries written before the call count.
_AGENCIES = """
    ARRAY(SELECT l.sender_agency_id FROM letters l WHERE l.letter_id = {id} AND l.sender_agency_id IS NOT NULL
          UNION SELECT d.recipient_agency_id FROM deliveries d
                WHERE d.letter_id = {id} AND d.recipient_agency_id IS NOT NULL)"""

_UPSERT = f"""
    INSERT INTO letter_search (letter_id, document, title, agency_ids, subject_key, letter_number_key, sender_name,
                               analyzer_version, indexed_at)
    SELECT u.letter_id, u.title::tsvector || u.body::tsvector, u.title::tsvector, {_AGENCIES.format(id="u.letter_id")},
           u.subject_key, u.letter_number_key, u.sender_name, {thai_search.ANALYZER_VERSION}, now()
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS u (letter_id, title, body, subject_key, letter_number_key, sender_name)
    ON CONFLICT (letter_id) DO UPDATE SET
        document = EXCLUDED.document, title = EXCLUDED.title, agency_ids = EXCLUDED.agency_ids,
        subject_key = EXCLUDED.subject_key, letter_number_key = EXCLUDED.letter_number_key,
        sender_name = EXCLUDED.sender_name, analyzer_version = EXCLUDED.analyzer_version,
        indexed_at = EXCLUDED.indexed_at
"""


async def _upsert(conn: asyncpg.Connection, rows: Sequence[tuple]) -> None:
    await conn.execute(_UPSERT, *(list(column) for column in zip(*rows, strict=True)))


async def index_letter(conn: asyncpg.Connection, *, letter_id: uuid.UUID, subject: str, body: str,
                       letter_number: str | None, sender_name: str) -> None:
    """(Re)builds one letter's search row; call it in the transaction that changes the letter's text or number."""
    await _upsert(conn, [_row(letter_id, subject, body, letter_number, sender_name)])


async def refresh_letter_agencies(conn: asyncpg.Connection, *, letter_id: uuid.UUID) -> None:
    """After deliveries change without the text changing (resend to new recipients, paper registration):
    cheap, no text processing. A letter missing here for an agency is not found by it — never the reverse."""
    await conn.execute(
        f"UPDATE letter_search SET agency_ids = {_AGENCIES.format(id='$1')} WHERE letter_id = $1", letter_id
    )


async def reindex_all(conn: asyncpg.Connection, *, only_stale: bool = False, batch_size: int = _BATCH) -> int:
    """Rebuilds search rows from `letters` in batches (after an upgrade); returns how many were written.

    `only_stale`: just letters without a row or whose row an older analyzer built.
    """
    # Paper letters from outside the directory carry their sender's name on the letter (migration 002).
    has_sender_name = await conn.fetchval(
        """SELECT EXISTS (SELECT 1 FROM information_schema.columns
                          WHERE table_schema = current_schema() AND table_name = 'letters'
                            AND column_name = 'sender_name')"""
    )
    sender_name = "COALESCE(a.name_th, NULLIF(l.sender_name, ''), '')" if has_sender_name else "COALESCE(a.name_th, '')"
    stale = (f"AND NOT EXISTS (SELECT 1 FROM letter_search s WHERE s.letter_id = l.letter_id"
             f" AND s.analyzer_version >= {thai_search.ANALYZER_VERSION})") if only_stale else ""
    total = 0
    after = uuid.UUID(int=0)
    while True:
        batch = await conn.fetch(
            f"""SELECT l.letter_id, l.subject, left(l.body, {thai_search.MAX_INDEXED_CHARS}) AS body,
                       l.letter_number, {sender_name} AS sender_name
                FROM letters l LEFT JOIN agencies a ON a.agency_id = l.sender_agency_id
                WHERE l.letter_id > $1 {stale}
                ORDER BY l.letter_id LIMIT $2""",
            after, batch_size,
        )
        if not batch:
            return total
        await _upsert(conn, [_row(r["letter_id"], r["subject"], r["body"], r["letter_number"], r["sender_name"])
                             for r in batch])
        total += len(batch)
        after = batch[-1]["letter_id"]


# --- Query ---------------------------------------------------------------------------------------------------

def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _score(query: SearchQuery, p: SqlParams) -> str:
    """Relevance from the small `title` vector only (subject, number, sender): its bigram matches by weight,
    the query as typed in the subject or number, and dictionary words of the query found as words there.
    Reading only the title keeps ranking cheap; letters that match in the body only score (near) zero and
    come newest first among themselves."""
    parts = [
        f"ts_rank({_RANK_WEIGHTS}, s.title, {p(query.match())}::text::tsquery, 1)",
        f"CASE WHEN s.title @@ {p(query.phrase('A'))}::text::tsquery THEN 1.0 ELSE 0 END",
    ]
    words = query.words()
    if words:
        parts.append(f"0.5 * ts_rank({_RANK_WEIGHTS}, s.title, {p(words)}::text::tsquery)")
    return " + ".join(parts)


async def plan_for_these_values(conn: asyncpg.Connection) -> None:
    """For the rest of the caller's transaction. Filters and tsquery values differ a lot between calls: plan each
    with its values, never generically. JIT compiling costs more (~50 ms) than it saves on queries with a LIMIT."""
    await conn.execute("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off")


async def search_letters(conn: asyncpg.Connection, *, principal: Principal, query: SearchQuery | None,
                         letter_number_key: str | None, letter_number_match: LetterNumberMatch,
                         subject_key: str | None, sender_agency_id: str | None, sent_from: datetime | None,
                         sent_before: datetime | None, status: str | None, direction: Direction,
                         limit: int, offset: int) -> list[asyncpg.Record]:
    """Visible letters matching every given filter: by relevance when there is a query, newest first otherwise."""
    p = SqlParams()
    agency = p(principal.agency_id)
    # The index narrows to my agency's letters (with the terms, inside one GIN scan); the rule decides.
    where = [f"s.agency_ids @> ARRAY[{agency}]::text[]", visibility_predicate(principal, p)]
    delivered_to_me = (f"EXISTS (SELECT 1 FROM deliveries mine WHERE mine.letter_id = l.letter_id"
                       f" AND mine.recipient_agency_id = {agency})")
    if query:
        where.append(f"s.document @@ {p(query.match())}::text::tsquery")
    if letter_number_key:
        if letter_number_match is LetterNumberMatch.PREFIX:
            where.append(f"s.letter_number_key LIKE {p(_like_escape(letter_number_key) + '%')}")
        else:
            where.append(f"s.letter_number_key = {p(letter_number_key)}")
    if subject_key:
        where.append(f"s.subject_key LIKE {p('%' + _like_escape(subject_key) + '%')}")
    if sender_agency_id:
        where.append(f"l.sender_agency_id = {p(sender_agency_id)}")
    if sent_from:
        where.append(f"l.sent_at >= {p(sent_from)}")
    if sent_before:
        where.append(f"l.sent_at < {p(sent_before)}")
    if direction is Direction.SENT:
        where.append(f"l.sender_agency_id = {agency}")
    elif direction is Direction.RECEIVED:
        where.append(delivered_to_me)
    if status:
        where.append(
            f"CASE WHEN l.sender_agency_id = {agency} THEN l.status ELSE (SELECT mine.status FROM deliveries mine"
            f" WHERE mine.letter_id = l.letter_id AND mine.recipient_agency_id = {agency}) END = {p(status)}"
        )
    # With a query, the GIN index intersects my agency with the query's terms: only those rows are read and
    # ranked. Without one, my agency's letters are sorted newest first.
    score = _score(query, p) if query else "NULL::real"
    ranking = "score DESC, " if query else ""
    hits = f"""
        hits AS (
            SELECT s.letter_id, COALESCE(l.sent_at, l.created_at) AS at, {score} AS score
            FROM letter_search s JOIN letters l ON l.letter_id = s.letter_id
            WHERE {' AND '.join(where)}
            ORDER BY {ranking}at DESC, letter_id DESC
            LIMIT {p(limit)} OFFSET {p(offset)}
        )"""
    order = f"{'h.score DESC, ' if query else ''}h.at DESC, h.letter_id DESC"
    sql = f"""
        WITH {hits}
        SELECT h.letter_id, h.score, l.letter_number, l.subject, left(l.body, {SNIPPET_SOURCE_CHARS}) AS body,
               l.sender_agency_id, COALESCE(a.name_th, s.sender_name) AS sender_name_th, l.sent_at, l.urgency,
               l.secrecy, l.sender_agency_id IS NOT DISTINCT FROM {agency} AS is_sender,
               l.status AS letter_status, d.status AS delivery_status
        FROM hits h
        JOIN letters l ON l.letter_id = h.letter_id
        JOIN letter_search s ON s.letter_id = h.letter_id
        LEFT JOIN agencies a ON a.agency_id = l.sender_agency_id
        LEFT JOIN deliveries d ON d.letter_id = h.letter_id AND d.recipient_agency_id = {agency}
        ORDER BY {order}
    """
    return await conn.fetch(sql, *p.values)

"""Use case of letter search: turn criteria into index terms and filters, run the query, build snippets."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from opensaraban_shared import thai_search
from opensaraban_shared.errors import AppError
from opensaraban_shared.thai import BANGKOK
from opensaraban_shared.unit_of_work import UnitOfWork

from . import repository
from .models import (
    SEARCH_QUERY_UNUSABLE,
    Direction,
    Highlight,
    LetterSearchCriteria,
    LetterSearchHit,
    LetterSearchPage,
)

SNIPPET_WIDTH = 160


def _bangkok_midnight(day) -> datetime:
    return datetime.combine(day, time.min, BANGKOK)


def _key_or_unusable(text: str | None, to_key) -> str | None:
    if text is None:
        return None
    key = to_key(text)
    if not key:
        raise AppError(SEARCH_QUERY_UNUSABLE)
    return key


async def search_letters(work: UnitOfWork, *, criteria: LetterSearchCriteria) -> LetterSearchPage:
    query = None
    if criteria.q and criteria.q.strip():
        query = thai_search.parse_query(criteria.q)
        if not query:
            raise AppError(SEARCH_QUERY_UNUSABLE, {"field": "q"})
    await repository.plan_for_these_values(work.conn)  # SET LOCAL: for this work's transaction only
    rows = await repository.search_letters(
        work.conn, principal=work.principal, query=query,
        letter_number_key=_key_or_unusable(criteria.letter_number, thai_search.compact_key),
        letter_number_match=criteria.letter_number_match,
        subject_key=_key_or_unusable(criteria.subject, thai_search.normalize),
        sender_agency_id=criteria.sender_agency_id,
        sent_from=_bangkok_midnight(criteria.date_from) if criteria.date_from else None,
        sent_before=_bangkok_midnight(criteria.date_to + timedelta(days=1)) if criteria.date_to else None,
        status=criteria.status.value if criteria.status else None,
        direction=criteria.direction, limit=criteria.limit + 1, offset=criteria.offset,
    )
    more = len(rows) > criteria.limit
    return LetterSearchPage(
        items=[_hit(row, query) for row in rows[:criteria.limit]],
        limit=criteria.limit, offset=criteria.offset,
        next_offset=criteria.offset + criteria.limit if more else None,
    )


def _hit(row, query: thai_search.SearchQuery | None) -> LetterSearchHit:
    empty = thai_search.SearchQuery(())
    snippet = thai_search.snippet(row["body"], query or empty, width=SNIPPET_WIDTH)
    return LetterSearchHit(
        letter_id=row["letter_id"], letter_number=row["letter_number"], subject=row["subject"],
        subject_highlights=[Highlight(start=a, end=b) for a, b in thai_search.find_spans(row["subject"], query or empty)],
        sender_agency_id=row["sender_agency_id"], sender_name_th=row["sender_name_th"] or "",
        direction=Direction.SENT if row["is_sender"] else Direction.RECEIVED,
        status=row["letter_status"] if row["is_sender"] else (row["delivery_status"] or row["letter_status"]),
        urgency=row["urgency"], secrecy=row["secrecy"], sent_at=row["sent_at"],
        snippet=snippet.text, highlights=[Highlight(start=a, end=b) for a, b in snippet.highlights],
        score=round(row["score"], 6) if row["score"] is not None else None,
    )

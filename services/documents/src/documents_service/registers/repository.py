"""SQL of the send and receive registers (read side); numbering lives with the letters."""

from __future__ import annotations

import asyncpg


async def receive_register(conn: asyncpg.Connection, *, agency_id: str, year: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT d.receive_register_number AS number, (d.accepted_at AT TIME ZONE 'Asia/Bangkok')::date AS register_date,
                  coalesce(l.letter_number, '') AS letter_number, l.letter_date,
                  coalesce(a.name_th, l.sender_name) AS from_, r.name_th AS to, NULL::int AS to_total, l.subject, l.secrecy,
                  d.action_note AS action, '' AS remarks, d.channel
           FROM deliveries d JOIN letters l USING (letter_id)
           LEFT JOIN agencies a ON a.agency_id = l.sender_agency_id
           JOIN agencies r ON r.agency_id = d.recipient_agency_id
           WHERE d.recipient_agency_id = $1 AND d.receive_register_year = $2
           ORDER BY d.receive_register_number""", agency_id, year)


async def send_register(conn: asyncpg.Connection, *, agency_id: str, year: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT l.send_register_number AS number, (l.sent_at AT TIME ZONE 'Asia/Bangkok')::date AS register_date,
                  l.letter_number, l.letter_date, s.name_th AS from_, l.register_series,
                  array_to_string(array_cat(
                      ARRAY(SELECT coalesce(ra.name_th, d.recipient_name) FROM deliveries d
                            LEFT JOIN agencies ra ON ra.agency_id = d.recipient_agency_id
                            WHERE d.letter_id = l.letter_id ORDER BY d.recipient_agency_id LIMIT 5),
                      '{}'::text[]), ', ') AS to,
                  -- the renderer adds 'และอื่น ๆ รวม n แห่ง' in the document's digits
                  CASE WHEN cardinality(l.recipient_agency_ids) + cardinality(l.external_recipients) > 5
                       THEN cardinality(l.recipient_agency_ids) + cardinality(l.external_recipients) END AS to_total,
                  l.subject, l.secrecy, '' AS action, l.register_remarks AS remarks, l.channel
           FROM letters l JOIN agencies s ON s.agency_id = l.sender_agency_id
           WHERE l.sender_agency_id = $1 AND l.send_register_year = $2 AND l.register_series LIKE 'send%'
             AND NOT l.numbered_by_sender  -- numbered by the agency's own system: its register is kept there
           ORDER BY l.register_series, l.send_register_number""", agency_id, year)

"""SQL of the send and receive registers (read side); numbering lives with the letters."""

from __future__ import annotations

from datetime import date

import asyncpg


async def receive_register(conn: asyncpg.Connection, *, agency_id: str, year: int | None, first: date | None,
                           last: date | None) -> list[asyncpg.Record]:
    """A year's entries, or those registered from `first` to `last` (Bangkok days); with what was done with each
    letter since: routed or assigned to whom, answered by which letter, closed."""
    return await conn.fetch(
        """SELECT d.receive_register_number AS number, (d.accepted_at AT TIME ZONE 'Asia/Bangkok')::date AS register_date,
                  coalesce(l.letter_number, '') AS letter_number, l.letter_date,
                  coalesce(a.name_th, l.sender_name) AS from_, r.name_th AS to, NULL::int AS to_total, l.subject, l.secrecy,
                  d.action_note AS action, '' AS remarks, d.channel, d.closed_at,
                  ARRAY(SELECT ro.action FROM routings ro WHERE ro.delivery_id = d.delivery_id
                        ORDER BY ro.created_at) AS route_actions,
                  ARRAY(SELECT coalesce(u.display_name, un.name_th, '') FROM routings ro
                        LEFT JOIN users u ON u.user_id = ro.to_user_id LEFT JOIN units un ON un.unit_id = ro.to_unit_id
                        WHERE ro.delivery_id = d.delivery_id ORDER BY ro.created_at) AS route_targets,
                  ARRAY(SELECT x.letter_number FROM letters x
                        WHERE x.reply_to_letter_id = l.letter_id AND x.sender_agency_id = d.recipient_agency_id
                          AND x.letter_number IS NOT NULL ORDER BY x.sent_at) AS replies
           FROM deliveries d JOIN letters l USING (letter_id)
           LEFT JOIN agencies a ON a.agency_id = l.sender_agency_id
           JOIN agencies r ON r.agency_id = d.recipient_agency_id
           WHERE d.recipient_agency_id = $1 AND d.receive_register_number IS NOT NULL
             AND ($2::int IS NULL OR d.receive_register_year = $2)
             AND ($3::date IS NULL OR (d.accepted_at AT TIME ZONE 'Asia/Bangkok')::date BETWEEN $3 AND $4)
           ORDER BY d.receive_register_year, d.receive_register_number""", agency_id, year, first, last)


async def send_register(conn: asyncpg.Connection, *, agency_id: str, year: int | None, first: date | None,
                        last: date | None) -> list[asyncpg.Record]:
    """A year's entries, or those sent from `first` to `last` (Bangkok days)."""
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
           WHERE l.sender_agency_id = $1 AND l.send_register_number IS NOT NULL AND l.register_series LIKE 'send%'
             AND ($2::int IS NULL OR l.send_register_year = $2)
             AND ($3::date IS NULL OR (l.sent_at AT TIME ZONE 'Asia/Bangkok')::date BETWEEN $3 AND $4)
             AND NOT l.numbered_by_sender  -- numbered by the agency's own system: its register is kept there
           ORDER BY l.send_register_year, l.register_series, l.send_register_number""", agency_id, year, first, last)

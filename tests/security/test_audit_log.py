"""The documents service's tamper-evident audit log covers sends, accepts, reads of secret letters and permission
changes, and its verify command catches any edit, deletion, reordering or forgery of those real records."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest

from opensaraban_shared import audit
from tests.security.world import OFFICE, PARTNER, Call, World
from tests.support import DEMO_PASSWORD, send_letter, sign_in, verify_audit_log

pytestmark = pytest.mark.integration

SECRET = 2


async def records_about(stack: dict, subjects: list[str]) -> list[tuple[str, str, str, str]]:
    """(chain, actor, action, subject) of the documents service's audit records about these subjects, in order."""
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        rows = await conn.fetch("SELECT chain, actor, action, subject FROM documents.audit_log "
                                "WHERE subject = ANY($1::text[]) ORDER BY seq", subjects)
    finally:
        await conn.close()
    return [tuple(r) for r in rows]


async def test_sends_accepts_secret_reads_and_permission_changes_are_chained_per_agency(world: World, stack):
    clerk, admin = f"u-{OFFICE}-clerk", f"u-{OFFICE}-admin"
    docs = world.clients["documents"]
    sent = await world.sent_letter()
    letter = sent["letter_id"]
    await world.post("documents", "clerk", f"/letters/{letter}/withdraw", json={})
    await world.post("documents", "clerk", f"/letters/{letter}/resend", json={})
    accepted = await world.accepted()
    refused = await world.incoming()
    await world.post("documents", "clerk", f"/deliveries/{refused['delivery_id']}/reject", json={"reason": "ผิดที่"})

    controller = await world.person(roles=["clerk"], clearance=1)
    world.headers["controller"] = await sign_in(world.urls["documents"], controller["username"])
    secret = await world.accepted(by="controller", secrecy=SECRET)
    for path in (f"/letters/{secret['letter_id']}", f"/attachments/{secret['attachment_id']}/content"):
        assert (await world.send("documents", "controller", Call("GET", path))).status_code == 200
    await world.post("documents", "controller", f"/deliveries/{secret['delivery_id']}/route",
                     json={"action": "forward", "to_user_id": f"u-{OFFICE}-executive"})

    person = await world.person(roles=["action_officer"])
    user = person["user_id"]
    changed = await docs.put(f"/users/{user}/access", headers=world.headers["admin"],
                             json={"roles": ["clerk"], "clearance": 1})
    reset = await docs.post(f"/users/{user}/password", headers=world.headers["admin"],
                            json={"new_password": DEMO_PASSWORD})
    key = (await world.post("documents", "admin", "/auth/api-keys", json={"name": "ระบบทดสอบบันทึก"}))["key_id"]
    revoked = await docs.delete(f"/auth/api-keys/{key}", headers=world.headers["admin"])
    assert (changed.status_code, reset.status_code, revoked.status_code) == (200, 204, 204)

    recorded = await records_about(stack, [letter, accepted["letter_id"], refused["letter_id"], secret["letter_id"],
                                           secret["attachment_id"], user, key])
    reader = controller["user_id"]
    assert set(recorded) >= {
        (OFFICE, clerk, "letter_sent", letter), (OFFICE, clerk, "letter_withdrawn", letter),
        (OFFICE, clerk, "letter_resent", letter),
        (OFFICE, clerk, "letter_accepted", accepted["letter_id"]),
        (OFFICE, clerk, "letter_rejected", refused["letter_id"]),
        (OFFICE, reader, "letter_accepted", secret["letter_id"]),
        (OFFICE, reader, "secret_letter_read", secret["letter_id"]),
        (OFFICE, reader, "secret_letter_read", secret["attachment_id"]),
        (OFFICE, reader, "secret_letter_access_granted", secret["letter_id"]),
        (OFFICE, admin, "user_created", user), (OFFICE, admin, "user_access_changed", user),
        (OFFICE, admin, "user_password_reset", user),
        (OFFICE, admin, "api_key_issued", key), (OFFICE, admin, "api_key_revoked", key),
    }
    verified = verify_audit_log(stack["pg_dsn"], "documents", anchors_from=stack["kafka_bootstrap"])
    assert verified.returncode == 0 and "chain intact" in verified.stdout, verified.stdout + verified.stderr
    assert "chain heads checked against their anchors" in verified.stdout


async def secret_reads(stack: dict, letter_id: str, *, by: str) -> list[str]:
    """The requests whose answers showed this secret letter to `by`, in order (from the audit log)."""
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        rows = await conn.fetch("SELECT detail->>'what' FROM documents.audit_log WHERE action = 'secret_letter_read' "
                                "AND subject = $1 AND actor = $2 ORDER BY seq", letter_id, by)
    finally:
        await conn.close()
    return [r[0] for r in rows]


async def test_every_answer_that_shows_a_secret_letter_is_an_audited_read_for_its_named_people_only(world: World, stack):
    """Accepting, refusing, routing, commenting, closing, sending, withdrawing and resending all answer with the
    letter: for a secret one each is a read, and a clerk of the same agency who is not named for it gets
    not_found (its existence does not leak) and leaves no record."""
    controller = await world.person(roles=["clerk"], clearance=1)
    world.headers["controller"] = await sign_in(world.urls["documents"], controller["username"])
    uncleared = await world.person(roles=["clerk"])
    world.headers["uncleared"] = await sign_in(world.urls["documents"], uncleared["username"])
    reader = controller["user_id"]

    received, refused = await world.incoming(secrecy=SECRET), await world.incoming(secrecy=SECRET)
    deliveries = f"/deliveries/{received['delivery_id']}"
    for path in (f"{deliveries}/accept", f"/deliveries/{refused['delivery_id']}/reject"):
        denied = await world.send("documents", "uncleared", Call("POST", path, json={"reason": "ผิดที่"}))
        assert (denied.status_code, denied.json()["error"]["code"]) == (404, "not_found"), denied.text
    await world.post("documents", "controller", f"{deliveries}/accept")
    await world.post("documents", "controller", f"{deliveries}/comments", json={"text": "ทราบ ดำเนินการ"})
    await world.post("documents", "controller", f"{deliveries}/route",
                     json={"action": "forward", "to_user_id": f"u-{OFFICE}-executive"})
    await world.post("documents", "controller", f"{deliveries}/close")
    await world.post("documents", "controller", f"/deliveries/{refused['delivery_id']}/reject", json={"reason": "ผิดที่"})
    assert await secret_reads(stack, received["letter_id"], by=reader) == ["accept", "comment", "route", "close"]
    assert await secret_reads(stack, refused["letter_id"], by=reader) == ["reject"]
    assert await secret_reads(stack, received["letter_id"], by=uncleared["user_id"]) == []

    sent = (await send_letter(world.clients["documents"], world.headers["controller"], to=[PARTNER],
                              secrecy=SECRET))["letter_id"]
    for call in (Call("GET", f"/letters/{sent}/deliveries"), Call("POST", f"/letters/{sent}/withdraw", json={})):
        denied = await world.send("documents", "uncleared", call)
        assert (denied.status_code, denied.json()["error"]["code"]) == (404, "not_found"), denied.text
    assert (await world.send("documents", "controller", Call("GET", f"/letters/{sent}/deliveries"))).status_code == 200
    await world.post("documents", "controller", f"/letters/{sent}/withdraw", json={})
    await world.post("documents", "controller", f"/letters/{sent}/resend", json={})
    assert await secret_reads(stack, sent, by=reader) == ["send", "deliveries", "withdraw", "resend"]
    assert await secret_reads(stack, sent, by=uncleared["user_id"]) == []
    verified = verify_audit_log(stack["pg_dsn"], "documents")
    assert verified.returncode == 0 and "chain intact" in verified.stdout, verified.stdout + verified.stderr


@pytest.fixture
async def copy_of_the_log(world: World, stack) -> AsyncIterator[tuple[asyncpg.Connection, str]]:
    """The documents service's real audit records, copied into a schema of their own to be tampered with."""
    await world.sent_letter()  # at least three records in OFFICE's chain, whatever ran before
    await world.sent_letter()
    await world.sent_letter()
    schema = f"audit_copy_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(stack["pg_dsn"])
    await conn.execute(f'CREATE SCHEMA "{schema}"; '
                       f'CREATE TABLE "{schema}".audit_log (LIKE documents.audit_log INCLUDING ALL); '
                       f'INSERT INTO "{schema}".audit_log SELECT * FROM documents.audit_log')
    await conn.execute(f'SET search_path TO "{schema}"')
    yield conn, schema
    await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    await conn.close()


async def inner_neighbours(conn: asyncpg.Connection) -> tuple[int, int]:
    """Two neighbouring records of OFFICE's chain, neither its first nor its last."""
    rows = await conn.fetch("SELECT seq FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 3", OFFICE)
    first, second, _ = sorted(r["seq"] for r in rows)
    return first, second


TAMPERING = {
    "edited detail": "UPDATE audit_log SET detail = '{{\"letter_number\": \"ชม 0017/1\"}}' WHERE seq = {first}",
    "changed actor": "UPDATE audit_log SET actor = 'u-someone-else' WHERE seq = {first}",
    "changed time": "UPDATE audit_log SET occurred_at = occurred_at - interval '1 day' WHERE seq = {first}",
    "deleted record": "DELETE FROM audit_log WHERE seq = {first}",
    "swapped records": "UPDATE audit_log SET seq = -1 WHERE seq = {first}; "
                       "UPDATE audit_log SET seq = {first} WHERE seq = {second}; "
                       "UPDATE audit_log SET seq = {second} WHERE seq = -1",
}


def assert_caught(stack: dict, schema: str) -> None:
    caught = verify_audit_log(stack["pg_dsn"], schema)
    assert caught.returncode == 1, caught.stdout
    assert f"BROKEN chain={OFFICE}" in caught.stdout


@pytest.mark.parametrize("how", TAMPERING)
async def test_the_verify_command_catches_tampering_with_real_records(copy_of_the_log, stack, how):
    conn, schema = copy_of_the_log
    assert verify_audit_log(stack["pg_dsn"], schema).returncode == 0
    first, second = await inner_neighbours(conn)
    await conn.execute(TAMPERING[how].format(first=first, second=second))
    assert_caught(stack, schema)


async def test_the_verify_command_catches_a_forged_record_with_a_correct_hash_of_its_own(copy_of_the_log, stack):
    conn, schema = copy_of_the_log
    at = datetime.now(UTC)
    detail = {"letter_number": "ชม 0017/9999"}
    digest = audit.record_hash(prev_hash=audit.GENESIS, occurred_at=at, actor="u-intruder", action="letter_sent",
                               subject="forged", detail=detail)
    await conn.execute("INSERT INTO audit_log (chain, occurred_at, actor, action, subject, detail, prev_hash, hash) "
                       "VALUES ($1, $2, 'u-intruder', 'letter_sent', 'forged', $3::jsonb, $4, $5)",
                       OFFICE, at, json.dumps(detail, ensure_ascii=False), audit.GENESIS, digest)
    assert_caught(stack, schema)

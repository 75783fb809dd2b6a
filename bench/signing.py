"""Signed letters: (1) PAdES B-T signing of the two-page bench letter in-process, from its signing copy and laid out
afresh, with a key in the bench profile's SoftHSM2 token and a timestamp from its test TSA over HTTP; (2) signed
letters sustained end to end through the API: signers of several agencies sign proposed letters at a fixed rate,
each sent at once (send_after_signing) to a recipient whose system verifies the signature on delivery; the figure is
the time from sending to the recipient's verified delivery, read from the database afterwards. Each step signs once
the proposed letters' signing copies are laid out, as they are when a signer works through their queue."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
import time
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
import httpx
from asn1crypto import pem, x509

from documents_service.letters.printing import slots
from documents_service.letters.printing.page import PageSettings
from documents_service.letters.printing.render import SigningRoom, filled, render_signable, render_signing_copy
from documents_service.signing import appearance, pades
from documents_service.signing.authority import CertificateAuthority, CertificateSubject
from documents_service.signing.tokens import TokenStore
from opensaraban_shared.clock import now
from tests.support import official_fields, sign_in

from .letter_render import LETTER
from .processes import CpuMeter, machine_busy_seconds
from .report import percentile

PIN = "135790"
RECIPIENT = "cm-statistics"
SIGNING_AGENCIES = 8


def _credential(stack: dict, tokens: TokenStore) -> pades.Credential:
    """A bench signer's token and certificate, made once per run."""
    label = f"bench-{secrets.token_hex(6)}"
    tokens.create(label, PIN)
    subject = CertificateSubject("นายทดสอบ สมรรถนะ", "สำนักงานจังหวัดเชียงใหม่")
    request = tokens.certificate_request(label, PIN, subject)

    async def issue() -> Any:
        async with CertificateAuthority(stack["pki"]["url"]) as ca:
            return await ca.issue(request, "signer", subject)

    issued = asyncio.run(issue())
    load = lambda text: x509.Certificate.load(pem.unarmor(text.encode())[2])  # noqa: E731
    return pades.Credential(label, load(issued.certificate_pem), [load(c) for c in issued.chain_pem])


def signing_in_process(stack: dict, *, letters: int = 100, warm_up: int = 5) -> dict[str, float]:
    """Wall and CPU ms per signed letter (B-T: the TSA is asked over HTTP), two ways: as the signing request does it
    from the letter's signing copy (the number and date lines typeset, the visible signature drawn, then signed),
    and laid out afresh (no copy: the whole letter typeset, then signed); and the CPU of laying out a signing copy,
    which happens before the request, as the letter reaches its signer."""
    os.environ["SOFTHSM2_CONF"] = stack["softhsm"]["conf"]
    tokens = TokenStore(stack["softhsm"]["module"])
    credential = _credential(stack, tokens)
    tsa, page = pades.timestamper(stack["pki"]["tsa_url"]), PageSettings()
    awaiting = dataclasses.replace(LETTER, letter_number=None, letter_date=None, awaiting_number=True)
    copy = render_signing_copy(awaiting, page)
    assert copy is not None and copy.room is not None

    def sign(pdf: bytes, room: SigningRoom, lines: pades.Lines | None) -> None:
        box = pades.Box(room.page, room.x1, room.y1, room.x2, room.y2)
        look = appearance.SignatureLook(name=LETTER.signatory_name, signed_at=now(), thai_digits=True)
        drawn = appearance.signature_pdf(look, width=box.x2 - box.x1, height=box.y2 - box.y1)
        pades.certify(pdf, tokens=tokens, credential=credential, pin=PIN, box=box, appearance=drawn, tsa=tsa,
                      signer_name=LETTER.signatory_name, location=LETTER.issuer_name, lines=lines)

    def from_copy() -> None:
        numbered = filled(LETTER, page)
        lines = slots.lines_pdf(copy.slots, numbered.values)
        assert lines is not None
        sign(copy.pdf, copy.room, pades.Lines(lines, [(s.page, s.x, s.y) for s in copy.slots], numbered.subject))

    def afresh() -> None:
        pdf, room = render_signable(LETTER, page)
        sign(pdf, room, None)

    def laying_out_a_copy() -> None:
        render_signing_copy(awaiting, page)

    figures = {}
    for name, once in (("signed_letter", from_copy), ("signed_afresh", afresh), ("signing_copy", laying_out_a_copy)):
        for _ in range(warm_up):
            once()
        wall, cpu = [], []
        for _ in range(letters):
            started, started_cpu = time.perf_counter(), time.process_time()
            once()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures |= {f"{name}_p50_ms": percentile(wall, 50), f"{name}_p99_ms": percentile(wall, 99),
                    f"{name}_cpu_p50_ms": percentile(cpu, 50)}
    return figures


async def _signing_agencies(pg_dsn: str, count: int) -> list[str]:
    """Benchmark fixture, written straight into the directory: agencies with a drafter, an executive and a
    clerk each (the demo password), which send letters as soon as they are signed."""
    ids = [f"bench-sign-{i:02d}" for i in range(count)]
    conn = await asyncpg.connect(pg_dsn)
    try:
        password = await conn.fetchval(
            "SELECT password_hash FROM documents.users WHERE username = 'clerk@cm-provincial-office'")
        for i, agency_id in enumerate(ids):
            await conn.execute(
                """INSERT INTO documents.agencies (agency_id, parent_id, kind, name_th, letter_prefix, province_code)
                   VALUES ($1, 'cm', 'provincial_office', $2, $3, '50') ON CONFLICT (agency_id) DO NOTHING""",
                agency_id, f"สำนักงานทดสอบการลงนาม {i}", f"ชม 0{900 + i}")
            for role in ("action_officer", "executive", "clerk"):
                await conn.execute(
                    """INSERT INTO documents.users (user_id, agency_id, username, display_name, position,
                                                    password_hash, roles)
                       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id) DO NOTHING""",
                    f"u-{agency_id}-{role}", agency_id, f"{role}@{agency_id}", f"ผู้ทดสอบ {role} {i}",
                    "ผู้อำนวยการ" if role == "executive" else "เจ้าหน้าที่", password, [role])
            await conn.execute(
                """INSERT INTO documents.agency_letter_settings (agency_id, send_after_signing, updated_by)
                   VALUES ($1, true, 'bench') ON CONFLICT (agency_id) DO UPDATE SET send_after_signing = true""",
                agency_id)
    finally:
        await conn.close()
    return ids


async def _prepared(client: httpx.AsyncClient, documents: str, agency_id: str, count: int) -> list[str]:
    drafter = await sign_in(documents, f"action_officer@{agency_id}")
    letters = []
    for n in range(count):
        fields = {**official_fields(f"หนังสือทดสอบการลงนาม {n} {uuid.uuid4().hex[:6]}"),
                  "recipient_agency_ids": [RECIPIENT], "signatory_name": "", "signatory_position": ""}
        letter = (await client.post("/letters", headers=drafter, json=fields)).raise_for_status().json()
        (await client.post(f"/letters/{letter['letter_id']}/proposal", headers=drafter, json={
            "reviewer_ids": [], "signer_id": f"u-{agency_id}-executive"})).raise_for_status()
        letters.append(letter["letter_id"])
    return letters


async def sustained(stack: dict, pids: dict[str, int], *, rates: Sequence[float] = (4.0, 6.0, 8.0, 12.0),
                    seconds: float = 20) -> dict[str, Any]:
    """Signed letters per second offered, signed and verified on delivery; the highest rate whose send→verified
    delivery p99 stays within 1 s, and the figures of every step."""
    documents = stack["services"]["documents"]
    agencies = await _signing_agencies(stack["pg_dsn"], SIGNING_AGENCIES)
    steps = []
    async with httpx.AsyncClient(base_url=documents, timeout=120) as client:
        signers = {}
        for agency_id in agencies:
            signers[agency_id] = await sign_in(documents, f"executive@{agency_id}")
            enrolled = await client.get("/signing/credential", headers=signers[agency_id])
            if enrolled.status_code != 200:
                (await client.post("/signing/enrollment", headers=signers[agency_id], json={"pin": PIN})
                 ).raise_for_status()
        for rate in rates:
            per_agency = int(rate * seconds / len(agencies)) + 1
            started = time.perf_counter()
            queues = {a: await _prepared(client, documents, a, per_agency) for a in agencies}
            copies = await _copies_laid_out(stack["pg_dsn"], [i for q in queues.values() for i in q])
            prepared_s = time.perf_counter() - started
            step = await _step(client, stack["pg_dsn"], signers, queues, pids, rate=rate, seconds=seconds)
            steps.append({**step, "copies_laid_out": copies, "proposed_and_laid_out_s": prepared_s})
    good = [s for s in steps if s["verified_p99_ms"] <= 1000 and s["achieved_per_s"] >= 0.9 * s["offered_per_s"]]
    return {"signed_sustained_per_s": max((s["achieved_per_s"] for s in good), default=0.0),
            "signed_sustained_steps": steps}


async def _copies_laid_out(pg_dsn: str, letter_ids: Sequence[str], *, timeout_s: float = 300) -> int:
    """Waits until the documents service has laid out the proposed letters' signing copies (it does so as each
    reaches its signer, before anyone signs); how many it laid out."""
    ids = [uuid.UUID(i) for i in letter_ids]
    conn = await asyncpg.connect(pg_dsn)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            ready = await conn.fetchval(
                "SELECT count(DISTINCT letter_id) FROM documents.signing_copies WHERE letter_id = ANY($1)", ids)
            if ready >= len(ids) or time.monotonic() > deadline:
                return ready
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def _step(client: httpx.AsyncClient, pg_dsn: str, signers: dict[str, dict[str, str]],
                queues: dict[str, list[str]], pids: dict[str, int], *, rate: float, seconds: float) -> dict[str, float]:
    """One rate: every letter signed (and sent), then waited for until its recipient verified it; the CPU each
    process of the stack used meanwhile, per letter."""
    order = [(agency, letter) for batch in zip(*queues.values(), strict=False)
             for agency, letter in zip(queues, batch, strict=False)][:int(rate * seconds)]
    latencies: list[float] = []

    async def sign(agency: str, letter_id: str) -> None:
        started = time.perf_counter()
        (await client.post(f"/letters/{letter_id}/review/sign", headers=signers[agency],
                           json={"version": 1, "pin": PIN})).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)

    meter = CpuMeter(pids)
    meter.start()
    busy_before = machine_busy_seconds()
    started = time.perf_counter()
    tasks = []
    for n, (agency, letter_id) in enumerate(order):
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(sign(agency, letter_id)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    ids = [uuid.UUID(letter_id) for _, letter_id in order]
    conn = await asyncpg.connect(pg_dsn)
    try:
        deadline = time.monotonic() + 120
        while True:
            rows = await conn.fetch(
                """SELECT extract(epoch FROM d.signature_checked_at - l.sent_at) * 1000 AS ms, d.signature_verdict
                   FROM documents.deliveries d JOIN documents.letters l USING (letter_id)
                   WHERE d.letter_id = ANY($1) AND d.signature_checked_at IS NOT NULL""", ids)
            if len(rows) >= len(ids) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    cpu, busy = meter.used(), machine_busy_seconds() - busy_before
    verified = [float(r["ms"]) for r in rows]
    return {"offered_per_s": rate, "achieved_per_s": len(order) / elapsed,
            "sign_p50_ms": percentile(latencies, 50), "sign_p99_ms": percentile(latencies, 99),
            "verified_p50_ms": percentile(verified, 50) if verified else float("inf"),
            "verified_p99_ms": percentile(verified, 99) if verified else float("inf"),
            "verified_valid": sum(r["signature_verdict"] == "valid" for r in rows), "letters": len(order),
            "machine_cpu_ms_per_letter": busy * 1000 / len(order),
            **{f"cpu_ms_per_letter_{name}": used * 1000 / len(order) for name, used in cpu.items()}}

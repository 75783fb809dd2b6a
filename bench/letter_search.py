"""Letter search latency on ~50,000 generated Thai letters, in a throwaway schema that is dropped afterwards.

    .venv/bin/python -m bench.letter_search --dsn postgresql://opensaraban:opensaraban@127.0.0.1:25432/opensaraban

Creates schema `search_bench` (migrations 001 and 004 of the documents service only), fills agencies,
letters, deliveries and the search index straight through COPY, then times the search use case (SQL and
snippets, without HTTP) for a mix of Thai, English and letter-number queries and filters, as a busy
agency and as a quiet one. Also times indexing: building terms in Python and `index_letter` round trips.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg

from documents_service.search import repository, service
from documents_service.search.models import Direction, LetterSearchCriteria
from opensaraban_shared import thai_search
from opensaraban_shared.auth import Principal, Role
from opensaraban_shared.db import Database
from opensaraban_shared.thai import thai_digits

from .report import percentile

SCHEMA = "search_bench"
MIGRATIONS = Path(__file__).resolve().parents[1] / "services/documents/src/documents_service/migrations"

TOPICS = [
    "การประชุมคณะกรรมการบริหารงานจังหวัดแบบบูรณาการ", "โครงการพัฒนาศักยภาพบุคลากรด้านดิจิทัล",
    "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง", "มาตรการป้องกันและแก้ไขปัญหาหมอกควันและไฟป่า",
    "การสำรวจข้อมูลแรงงานนอกระบบ", "การเบิกจ่ายงบประมาณรายจ่ายประจำปี", "การรับมือสถานการณ์อุทกภัย",
    "การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม", "โครงการตลาดนัดเกษตรกร", "การตรวจสอบคุณภาพน้ำประปา",
    "การฉีดวัคซีนป้องกันโรคไข้หวัดใหญ่", "การจัดทำแผนพัฒนาจังหวัด", "การประเมินคุณธรรมและความโปร่งใส",
    "ระบบสารบรรณอิเล็กทรอนิกส์", "การพัฒนาฝีมือแรงงานภาคอุตสาหกรรม", "การสำรวจสำมะโนประชากรและเคหะ",
    "การป้องกันการทุจริตและประพฤติมิชอบ", "โครงการหมู่บ้านเศรษฐกิจพอเพียง", "การขึ้นทะเบียนเกษตรกรผู้ปลูกข้าว",
    "การจัดงานวันเด็กแห่งชาติ", "การรักษาความปลอดภัยระบบเทคโนโลยีสารสนเทศ", "การคุ้มครองผู้บริโภค",
    "ข้อมูลสถิติการค้าชายแดน", "การจดทะเบียนนิติบุคคล", "แผนปฏิบัติการด้านพลังงานทดแทน",
    "การตรวจสุขภาพประจำปีของข้าราชการ", "การจัดการขยะมูลฝอยชุมชน", "Digital Government Development Plan",
    "Smart City Chiang Mai", "การฝึกอบรมหลักสูตร Data Analytics",
]
SUBJECT_TEMPLATES = [
    "ขอเชิญประชุม{t} ครั้งที่ {n}/{y}", "ขอความอนุเคราะห์ข้อมูล{t}", "ขอส่งรายงาน{t} ประจำเดือน{m} {y}",
    "แจ้งแนวทางการดำเนินงาน{t}", "ขอเชิญเข้าร่วม{t}", "ขอให้จัดส่งผลการดำเนินงาน{t}", "ประชาสัมพันธ์{t}",
    "ขออนุมัติเดินทางไปราชการเพื่อ{t}", "ซักซ้อมความเข้าใจเกี่ยวกับ{t}", "ติดตามความก้าวหน้า{t}",
]
SENTENCES = [
    "ด้วย{a}ได้รับแจ้งจาก{b}ว่า ได้กำหนดจัด{t} ในวันที่ {d} เวลา {h}.๓๐ น. ณ ห้องประชุมศาลากลางจังหวัด",
    "ในการนี้ จึงขอความร่วมมือจากหน่วยงานของท่านพิจารณามอบหมายผู้แทนเข้าร่วม{t} ตามวัน เวลา และสถานที่ดังกล่าว",
    "ทั้งนี้ ขอให้จัดส่งรายชื่อผู้เข้าร่วมภายในวันที่ {d} ทางไปรษณีย์อิเล็กทรอนิกส์ saraban@{e}.go.th",
    "เพื่อให้การดำเนินงาน{t}เป็นไปด้วยความเรียบร้อยและบรรลุวัตถุประสงค์ตามที่กำหนด",
    "ตามหนังสือที่อ้างถึง {b}ได้ขอให้หน่วยงานที่เกี่ยวข้องรายงานผล{t} ภายในระยะเวลาที่กำหนด",
    "บัดนี้ {a}ได้ดำเนินการเรียบร้อยแล้ว รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
    "หากมีข้อสงสัยประการใด สามารถติดต่อสอบถามได้ที่ฝ่ายบริหารทั่วไป โทรศัพท์ ๐ ๕๓๑๑ {p}",
    "อนึ่ง งบประมาณที่ใช้ในการดำเนินงานครั้งนี้ จำนวน {money} บาท เบิกจ่ายจากงบประมาณรายจ่ายประจำปี พ.ศ. {y}",
    "ในการนี้ ขอให้ถือปฏิบัติตามแนวทาง{t}อย่างเคร่งครัด และแจ้งบุคลากรในสังกัดทราบโดยทั่วกัน",
]
CLOSING = "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไปด้วย จะขอบคุณยิ่ง"
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม"]
OFFICES = ["สำนักงานจังหวัด", "สำนักงานคลังจังหวัด", "สำนักงานจัดหางานจังหวัด", "สำนักงานเกษตรจังหวัด",
           "สำนักงานพลังงานจังหวัด", "สำนักงานสถิติจังหวัด", "สำนักงานสาธารณสุขจังหวัด", "สำนักงานพาณิชย์จังหวัด",
           "สำนักงานที่ดินจังหวัด", "สำนักงานอุตสาหกรรมจังหวัด", "ที่ว่าการอำเภอ", "องค์การบริหารส่วนตำบล"]
PLACES = ["เชียงใหม่", "ลำพูน", "ลำปาง", "เชียงราย", "แม่ฮ่องสอน", "พะเยา", "แพร่", "น่าน", "ตาก", "สุโขทัย",
          "พิษณุโลก", "อุตรดิตถ์", "กำแพงเพชร", "นครสวรรค์", "ขอนแก่น", "อุดรธานี", "ภูเก็ต", "สงขลา", "ชลบุรี",
          "ระยอง", "นครราชสีมา", "อุบลราชธานี", "สุราษฎร์ธานี", "นครศรีธรรมราช", "กาญจนบุรี"]

BUSY = "ag-0000"  # a provincial office that sends or receives about one letter in ten
QUIET = "ag-0150"


def agencies() -> list[tuple[str, str, str]]:
    out = []
    for i in range(len(OFFICES) * len(PLACES)):
        name = OFFICES[i % len(OFFICES)] + PLACES[i // len(OFFICES) % len(PLACES)]
        out.append((f"ag-{i:04d}", name, f"{'ชม' if i % 3 else 'ลพ'} {i:04d}"))
    return out


def letter_text(rng: random.Random, sender: str, other: str) -> tuple[str, str]:
    topic = rng.choice(TOPICS)
    year = rng.choice(["2567", "2568", "2569", "๒๕๖๘"])
    subject = rng.choice(SUBJECT_TEMPLATES).format(t=topic, n=rng.randint(1, 12), y=year, m=rng.choice(MONTHS))
    sentences = []
    for _ in range(rng.randint(4, 9)):
        sentences.append(rng.choice(SENTENCES).format(
            a=sender, b=other, t=rng.choice([topic, topic, rng.choice(TOPICS)]),
            d=thai_digits(f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"), h=thai_digits(rng.randint(8, 16)),
            e=rng.choice(["cm", "moi", "nso", "mof"]), p=thai_digits(rng.randint(1000, 9999)),
            money=f"{rng.randint(5, 900) * 1000:,}", y=year,
        ))
    return subject, " ".join(sentences) + " " + CLOSING


async def fill(conn: asyncpg.Connection, *, letters: int, seed: int) -> tuple[float, int]:
    """Returns (ms per letter to build its search row in Python, tsvector bytes on average)."""
    rng = random.Random(seed)
    directory = agencies()
    names = {a: n for a, n, _ in directory}
    prefixes = {a: p for a, _, p in directory}
    await conn.copy_records_to_table(
        "agencies", records=[(a, None, "provincial_office", n, p) for a, n, p in directory],
        columns=("agency_id", "parent_id", "kind", "name_th", "letter_prefix"),
    )
    ids = [a for a, _, _ in directory]
    counters: dict[str, int] = {}
    start = datetime(2024, 10, 1, tzinfo=UTC)
    letter_rows, delivery_rows, search_rows = [], [], []
    build_s = 0.0
    for _ in range(letters):
        busy = rng.random() < 0.1
        sender = BUSY if busy and rng.random() < 0.4 else rng.choice(ids)
        recipients = rng.sample([a for a in ids if a != sender], rng.choice([1, 1, 1, 2, 3, 20]))
        if busy and sender != BUSY and BUSY not in recipients:
            recipients[0] = BUSY
        circular = len(recipients) > 3
        counters[sender] = counters.get(sender, 0) + 1
        number = f"{prefixes[sender]}/{'ว ' if circular else ''}{counters[sender]}"
        subject, body = letter_text(rng, names[sender], names[recipients[0]])
        sent_at = start + timedelta(seconds=rng.randint(0, 400 * 86400))
        secrecy = 1 if rng.random() < 0.97 else rng.randint(2, 4)
        draft = rng.random() < 0.02
        letter_id = uuid.UUID(int=rng.getrandbits(128))
        letter_rows.append((letter_id, sender, "external", subject, body, 1, secrecy, "electronic", circular,
                            recipients, "draft" if draft else "sent", None if draft else number,
                            None if draft else sent_at, "bench", sent_at - timedelta(hours=1)))
        if not draft:
            delivery_rows += [(uuid.UUID(int=rng.getrandbits(128)), letter_id, r,
                               rng.choice(["delivered", "accepted", "accepted", "rejected"]), sent_at)
                              for r in recipients]
        began = time.perf_counter()
        search_rows.append(repository._row(letter_id, subject, body, None if draft else number, names[sender])
                           + (thai_search.ANALYZER_VERSION,))
        build_s += time.perf_counter() - began
    await conn.copy_records_to_table("letters", records=letter_rows, columns=(
        "letter_id", "sender_agency_id", "kind", "subject", "body", "urgency", "secrecy", "channel", "is_circular",
        "recipient_agency_ids", "status", "letter_number", "sent_at", "created_by", "created_at"))
    await conn.copy_records_to_table("deliveries", records=delivery_rows, columns=(
        "delivery_id", "letter_id", "recipient_agency_id", "status", "delivered_at"))
    # COPY cannot cast text to tsvector on the way in: stage as text, then one INSERT … SELECT.
    await conn.execute("CREATE TEMP TABLE staged (letter_id uuid, title text, body text, subject_key text, "
                       "letter_number_key text, sender_name text, analyzer_version smallint)")
    await conn.copy_records_to_table("staged", records=search_rows)
    await conn.execute("INSERT INTO letter_search (letter_id, document, title, agency_ids, subject_key,"
                       " letter_number_key, sender_name, analyzer_version) SELECT letter_id,"
                       " title::tsvector || body::tsvector, title::tsvector,"
                       f" {repository._AGENCIES.format(id='staged.letter_id')}, subject_key, letter_number_key,"
                       " sender_name, analyzer_version FROM staged")
    await conn.execute("DROP TABLE staged")
    await conn.execute("ANALYZE")
    size = await conn.fetchval("SELECT avg(pg_column_size(document))::int FROM letter_search")
    return build_s / letters * 1000, size


def workload(rng: random.Random) -> list[tuple[str, dict]]:
    queries = ["ประชุม", "ภาษีที่ดิน", "หมอกควัน", "ไฟป่า", "อุทกภัย", "วัคซีน", "สารบรรณอิเล็กทรอนิกส์",
               "งบประมาณ", "แรงงานนอกระบบ", "ท่องเที่ยว", "smart city", "data analytics", "digital",
               "ชม 0017", "ลพ ๐๐๑๕", "ทุจริต", "เชียงใหม่", "ขยะมูลฝอย", "ข้าว", "พลังงานทดแทน", "ผู้บริโภค",
               "สำมะโนประชากร", "ลำพูน ประชุม", "ขอความอนุเคราะห์", "วันเด็ก"]
    cases: list[tuple[str, dict]] = [("q", {"q": q}) for q in queries]
    cases += [("q+filter", {"q": rng.choice(queries), "date_from": date(2025, 1, 1), "date_to": date(2025, 6, 30)})
              for _ in range(5)]
    cases += [("q+received", {"q": rng.choice(queries), "direction": Direction.RECEIVED, "status": "accepted"})
              for _ in range(5)]
    cases += [("browse", {}), ("browse", {"direction": Direction.SENT}),
              ("browse", {"subject": "ภาษี"}), ("browse", {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}),
              ("number", {"letter_number": "ชม 0003/", "letter_number_match": "prefix"}),
              ("number", {"letter_number": "ชม 0000/12"})]
    return cases


async def measure(db: Database, *, rounds: int) -> dict[str, list[float]]:
    rng = random.Random(7)
    timings: dict[str, list[float]] = {}
    for agency in (BUSY, QUIET):
        principal = Principal(subject_id="bench", kind="user", agency_id=agency, roles=frozenset({Role.CLERK}),
                              display_name="bench", clearance=0)
        cases = workload(rng)
        for _ in range(rounds):
            for kind, params in cases:
                criteria = LetterSearchCriteria(**params)
                began = time.perf_counter()
                await service.search_letters(db, principal=principal, criteria=criteria)
                elapsed = (time.perf_counter() - began) * 1000
                timings.setdefault(f"{agency}:{kind}", []).append(elapsed)
                timings.setdefault("all", []).append(elapsed)
    return timings


async def index_round_trips(db: Database, count: int) -> tuple[float, float]:
    """ms per `index_letter` call as the send path pays it (inside its transaction, before the commit), and
    with a commit of its own each."""
    async with db.pool.acquire() as conn:
        rows = await conn.fetch(f"SELECT l.letter_id, l.subject, l.body, l.letter_number FROM letters l LIMIT {count}")
        in_transaction = 0.0
        began = time.perf_counter()
        for r in rows:
            async with conn.transaction():
                started = time.perf_counter()
                await repository.index_letter(conn, letter_id=r["letter_id"], subject=r["subject"], body=r["body"],
                                              letter_number=r["letter_number"], sender_name="สำนักงานจังหวัดเชียงใหม่")
                in_transaction += time.perf_counter() - started
        total = time.perf_counter() - began
        return in_transaction / len(rows) * 1000, total / len(rows) * 1000


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--letters", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the schema for EXPLAIN (drop it yourself)")
    parser.add_argument("--reuse", action="store_true", help="measure a schema kept by an earlier --keep run")
    args = parser.parse_args()
    admin = await asyncpg.connect(args.dsn)
    try:
        thai_search.warm_up()
        if not args.reuse:
            await admin.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
            await admin.execute(f"SET search_path TO {SCHEMA}")
            for name in ("001_directory_and_letters.sql", "004_search.sql"):
                await admin.execute((MIGRATIONS / name).read_text(encoding="utf-8"))
            began = time.perf_counter()
            build_ms, vector_bytes = await fill(admin, letters=args.letters, seed=1)
            print(f"filled {args.letters} letters in {time.perf_counter() - began:.0f} s; building one letter's "
                  f"search row in Python: {build_ms:.2f} ms; tsvector {vector_bytes} bytes on average")
        await admin.execute(f"SET search_path TO {SCHEMA}")
        sizes = await admin.fetchrow(
            "SELECT pg_size_pretty(pg_total_relation_size('letter_search')) AS search_total,"
            " pg_size_pretty(pg_relation_size('letter_search_match')) AS gin,"
            " pg_size_pretty(pg_total_relation_size('letters')) AS letters"
        )
        print(f"sizes: letter_search {sizes['search_total']} (GIN {sizes['gin']}), letters {sizes['letters']}")
        db = Database(dsn=args.dsn, schema=SCHEMA, min_size=1, max_size=2)
        await db.connect()
        try:
            await measure(db, rounds=1)  # warm caches
            timings = await measure(db, rounds=args.rounds)
            for key, values in sorted(timings.items()):
                print(f"{key:<24} n={len(values):>4}  p50 {statistics.median(values):7.1f} ms"
                      f"  p95 {percentile(values, 95):7.1f} ms  max {max(values):7.1f} ms")
            inside, alone = await index_round_trips(db, 500)
            print(f"index_letter: {inside:.2f} ms per letter inside the caller's transaction,"
                  f" {alone:.2f} ms with a commit of its own")
        finally:
            await db.close()
    finally:
        if not args.keep:
            await admin.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

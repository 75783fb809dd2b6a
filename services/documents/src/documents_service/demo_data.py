"""Demo directory: the 77 provinces, Chiang Mai with its 19 provincial offices and the provincial office's
units, a ministry, a national office, people, distribution lists.

Run by `make up` after the services are ready, so it must stay fast and idempotent: a handful of bulk
upserts and one password hash for every demo user. Running it again restores the demo rows (names,
roles, units, list members) but keeps passwords people changed. The letter-number prefixes of the
provincial offices other than the provincial office's own are illustrative, not official codes.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from opensaraban_shared import auth, unit_of_work
from opensaraban_shared.auth import Role, service_principal
from opensaraban_shared.db import Database

from . import SERVICE
from .directory import repository as directory_repository
from .directory.events import record_agencies_changed
from .directory.transfer import AgencyRow, UnitRow
from .identity import repository as identity_repository
from .identity.events import record_users_changed
from .settings import DocumentsSettings

DEMO_PASSWORD = "saraban-demo-2569"
PROVINCE = "cm"

# The 19 provincial offices of the readiness survey (docs/domain.md, "Figures the project starts from"), with an English short id.
PROVINCIAL_OFFICES: list[tuple[str, str, str]] = [
    ("provincial-office", "สำนักงานจังหวัดเชียงใหม่", "Chiang Mai Provincial Office"),
    ("treasury", "สำนักงานคลังจังหวัดเชียงใหม่", "Provincial Treasury Office"),
    ("employment", "สำนักงานจัดหางานจังหวัดเชียงใหม่", "Provincial Employment Office"),
    ("skill-development", "สำนักงานพัฒนาฝีมือแรงงานเชียงใหม่", "Skill Development Office"),
    ("agriculture", "สำนักงานเกษตรจังหวัดเชียงใหม่", "Provincial Agriculture Office"),
    ("tourism-sports", "สำนักงานการท่องเที่ยวและกีฬาจังหวัดเชียงใหม่", "Provincial Tourism and Sports Office"),
    ("revenue", "สำนักงานสรรพากรพื้นที่เชียงใหม่", "Revenue Area Office"),
    ("land-transport", "สำนักงานขนส่งจังหวัดเชียงใหม่", "Provincial Land Transport Office"),
    ("energy", "สำนักงานพลังงานจังหวัดเชียงใหม่", "Provincial Energy Office"),
    ("land", "สำนักงานที่ดินจังหวัดเชียงใหม่", "Provincial Land Office"),
    ("disaster-prevention", "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดเชียงใหม่", "Disaster Prevention Office"),
    ("statistics", "สำนักงานสถิติจังหวัดเชียงใหม่", "Provincial Statistical Office"),
    ("industry", "สำนักงานอุตสาหกรรมจังหวัดเชียงใหม่", "Provincial Industry Office"),
    ("social-security", "สำนักงานประกันสังคมจังหวัดเชียงใหม่", "Provincial Social Security Office"),
    ("education", "สำนักงานศึกษาธิการจังหวัดเชียงใหม่", "Provincial Education Office"),
    ("commerce", "สำนักงานพาณิชย์จังหวัดเชียงใหม่", "Provincial Commerce Office"),
    ("public-health", "สำนักงานสาธารณสุขจังหวัดเชียงใหม่", "Provincial Public Health Office"),
    ("natural-resources", "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเชียงใหม่", "Natural Resources and Environment Office"),
    ("social-development", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่", "Social Development and Human Security Office"),
]


# The 77 provinces (76 + Bangkok): province code (the Interior ministry's two-digit code), Thai name, English
# name, and the two-letter abbreviation used in letter numbers (e.g. "ชม 0017/ว 123"). The abbreviations are
# the commonly published ones (ตัวย่อจังหวัด), written from memory and not checked against the official list:
# treat them as illustrative until an agency confirms its own.
PROVINCES: list[tuple[str, str, str, str]] = [
    ("10", "กรุงเทพมหานคร", "Bangkok", "กท"),
    ("11", "สมุทรปราการ", "Samut Prakan", "สป"),
    ("12", "นนทบุรี", "Nonthaburi", "นบ"),
    ("13", "ปทุมธานี", "Pathum Thani", "ปท"),
    ("14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "อย"),
    ("15", "อ่างทอง", "Ang Thong", "อท"),
    ("16", "ลพบุรี", "Lop Buri", "ลบ"),
    ("17", "สิงห์บุรี", "Sing Buri", "สห"),
    ("18", "ชัยนาท", "Chai Nat", "ชน"),
    ("19", "สระบุรี", "Saraburi", "สบ"),
    ("20", "ชลบุรี", "Chon Buri", "ชบ"),
    ("21", "ระยอง", "Rayong", "รย"),
    ("22", "จันทบุรี", "Chanthaburi", "จบ"),
    ("23", "ตราด", "Trat", "ตร"),
    ("24", "ฉะเชิงเทรา", "Chachoengsao", "ฉช"),
    ("25", "ปราจีนบุรี", "Prachin Buri", "ปจ"),
    ("26", "นครนายก", "Nakhon Nayok", "นย"),
    ("27", "สระแก้ว", "Sa Kaeo", "สก"),
    ("30", "นครราชสีมา", "Nakhon Ratchasima", "นม"),
    ("31", "บุรีรัมย์", "Buri Ram", "บร"),
    ("32", "สุรินทร์", "Surin", "สร"),
    ("33", "ศรีสะเกษ", "Si Sa Ket", "ศก"),
    ("34", "อุบลราชธานี", "Ubon Ratchathani", "อบ"),
    ("35", "ยโสธร", "Yasothon", "ยส"),
    ("36", "ชัยภูมิ", "Chaiyaphum", "ชย"),
    ("37", "อำนาจเจริญ", "Amnat Charoen", "อจ"),
    ("38", "บึงกาฬ", "Bueng Kan", "บก"),
    ("39", "หนองบัวลำภู", "Nong Bua Lam Phu", "นภ"),
    ("40", "ขอนแก่น", "Khon Kaen", "ขก"),
    ("41", "อุดรธานี", "Udon Thani", "อด"),
    ("42", "เลย", "Loei", "ลย"),
    ("43", "หนองคาย", "Nong Khai", "นค"),
    ("44", "มหาสารคาม", "Maha Sarakham", "มค"),
    ("45", "ร้อยเอ็ด", "Roi Et", "รอ"),
    ("46", "กาฬสินธุ์", "Kalasin", "กส"),
    ("47", "สกลนคร", "Sakon Nakhon", "สน"),
    ("48", "นครพนม", "Nakhon Phanom", "นพ"),
    ("49", "มุกดาหาร", "Mukdahan", "มห"),
    ("50", "เชียงใหม่", "Chiang Mai", "ชม"),
    ("51", "ลำพูน", "Lamphun", "ลพ"),
    ("52", "ลำปาง", "Lampang", "ลป"),
    ("53", "อุตรดิตถ์", "Uttaradit", "อต"),
    ("54", "แพร่", "Phrae", "พร"),
    ("55", "น่าน", "Nan", "นน"),
    ("56", "พะเยา", "Phayao", "พย"),
    ("57", "เชียงราย", "Chiang Rai", "ชร"),
    ("58", "แม่ฮ่องสอน", "Mae Hong Son", "มส"),
    ("60", "นครสวรรค์", "Nakhon Sawan", "นว"),
    ("61", "อุทัยธานี", "Uthai Thani", "อน"),
    ("62", "กำแพงเพชร", "Kamphaeng Phet", "กพ"),
    ("63", "ตาก", "Tak", "ตก"),
    ("64", "สุโขทัย", "Sukhothai", "สท"),
    ("65", "พิษณุโลก", "Phitsanulok", "พล"),
    ("66", "พิจิตร", "Phichit", "พจ"),
    ("67", "เพชรบูรณ์", "Phetchabun", "พช"),
    ("70", "ราชบุรี", "Ratchaburi", "รบ"),
    ("71", "กาญจนบุรี", "Kanchanaburi", "กจ"),
    ("72", "สุพรรณบุรี", "Suphan Buri", "สพ"),
    ("73", "นครปฐม", "Nakhon Pathom", "นฐ"),
    ("74", "สมุทรสาคร", "Samut Sakhon", "สค"),
    ("75", "สมุทรสงคราม", "Samut Songkhram", "สส"),
    ("76", "เพชรบุรี", "Phetchaburi", "พบ"),
    ("77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "ปข"),
    ("80", "นครศรีธรรมราช", "Nakhon Si Thammarat", "นศ"),
    ("81", "กระบี่", "Krabi", "กบ"),
    ("82", "พังงา", "Phang Nga", "พง"),
    ("83", "ภูเก็ต", "Phuket", "ภก"),
    ("84", "สุราษฎร์ธานี", "Surat Thani", "สฎ"),
    ("85", "ระนอง", "Ranong", "รน"),
    ("86", "ชุมพร", "Chumphon", "ชพ"),
    ("90", "สงขลา", "Songkhla", "สข"),
    ("91", "สตูล", "Satun", "สต"),
    ("92", "ตรัง", "Trang", "ตง"),
    ("93", "พัทลุง", "Phatthalung", "พท"),
    ("94", "ปัตตานี", "Pattani", "ปน"),
    ("95", "ยะลา", "Yala", "ยล"),
    ("96", "นราธิวาส", "Narathiwat", "นธ"),
]
# Chiang Mai keeps its short id "cm" (the demo agencies and users are named after it); the other provinces
# are named by their English name, e.g. "chiang-rai".
PROVINCE_CODE = "50"
BANGKOK = "bangkok"

# Units of the provincial office (กลุ่มงาน), with their letter-number suffix after "ชม 0017" (illustrative
# numbering) and one action officer each: (short id, Thai name, English name, suffix, parent short id).
OFFICE_UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("general-admin", "กลุ่มงานบริหารทั่วไป", "General Administration Group", "1", None),
    ("correspondence", "งานสารบรรณ", "Correspondence Section", "1.1", "general-admin"),
    ("strategy", "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
     "Provincial Development Strategy and Information Group", "2", None),
    ("ict", "กลุ่มงานข้อมูลสารสนเทศและการสื่อสาร", "Information and Communication Technology Group", "3", None),
    ("coordination", "กลุ่มงานอำนวยการ", "Coordination Group", "4", None),
]

OFFICE = f"{PROVINCE}-provincial-office"
CM_OFFICES_LIST = "cm-provincial-offices"
ALL_PROVINCES_LIST = "all-provinces"
# Many national circulars go to the 76 provinces without Bangkok (which is not a จังหวัด with a governor).
PROVINCES_WITHOUT_BANGKOK_LIST = "provinces-without-bangkok"


def _slug(english: str) -> str:
    return "-".join(english.lower().split())


def demo_agencies() -> list[dict]:
    agencies = [
        dict(agency_id="moi", parent_id=None, kind="ministry", name_th="กระทรวงมหาดไทย",
             name_en="Ministry of Interior", letter_prefix="มท 0200", province_code=None),
        dict(agency_id="nso", parent_id=None, kind="national_office", name_th="สำนักงานสถิติแห่งชาติ",
             name_en="National Statistical Office", letter_prefix="ดศ 0600", province_code=None),
    ]
    for code, name_th, name_en, abbreviation in PROVINCES:
        agencies.append(dict(
            agency_id=PROVINCE if code == PROVINCE_CODE else _slug(name_en), parent_id="moi", kind="province",
            name_th=f"จังหวัด{name_th}" if code != "10" else name_th,
            name_en=f"{name_en} Province" if code != "10" else name_en,
            letter_prefix=abbreviation, province_code=code,
        ))
    for number, (short, name_th, name_en) in enumerate(PROVINCIAL_OFFICES, start=17):
        agencies.append(dict(
            agency_id=f"{PROVINCE}-{short}", parent_id=PROVINCE, kind="provincial_office", name_th=name_th,
            name_en=name_en, letter_prefix=f"ชม {number:04d}", province_code=PROVINCE_CODE,
        ))
    return agencies


def demo_units() -> list[dict]:
    return [dict(unit_id=f"{OFFICE}.{short}", agency_id=OFFICE,
                 parent_unit_id=f"{OFFICE}.{parent}" if parent else None, name_th=name_th, name_en=name_en,
                 letter_suffix=suffix)
            for short, name_th, name_en, suffix, parent in OFFICE_UNITS]


def demo_users(agencies: list[dict]) -> list[dict]:
    users = []
    for agency in agencies:
        users.append(dict(user_id=f"u-{agency['agency_id']}-clerk", agency_id=agency["agency_id"],
                          username=f"clerk@{agency['agency_id']}", display_name=f"เจ้าหน้าที่สารบรรณ {agency['name_th']}",
                          position="เจ้าหน้าที่ธุรการ", roles=[Role.CLERK], clearance=0,
                          unit_id=f"{OFFICE}.correspondence" if agency["agency_id"] == OFFICE else None))
    users += [
        dict(user_id=f"u-{OFFICE}-secretariat", agency_id=OFFICE, username=f"secretariat@{OFFICE}",
             display_name="ฝ่ายเลขานุการ คณะกรรมการ PCIO", position="นักวิเคราะห์นโยบายและแผน",
             roles=[Role.SECRETARIAT, Role.CLERK], clearance=0, unit_id=f"{OFFICE}.strategy"),
        dict(user_id=f"u-{OFFICE}-executive", agency_id=OFFICE, username=f"executive@{OFFICE}",
             display_name="หัวหน้าสำนักงานจังหวัดเชียงใหม่", position="หัวหน้าสำนักงานจังหวัด",
             roles=[Role.EXECUTIVE, Role.ACTION_OFFICER], clearance=2),
        dict(user_id=f"u-{OFFICE}-admin", agency_id=OFFICE, username=f"admin@{OFFICE}",
             display_name="ผู้ดูแลระบบจังหวัด", position="นักวิชาการคอมพิวเตอร์",
             roles=[Role.ADMINISTRATOR], clearance=0, unit_id=f"{OFFICE}.ict"),
        # The line a letter of the strategy group goes up (docs/review-chain.md): the group's head, the office's
        # head, then the governor signs; the deputy governor acts for the governor while they are away.
        dict(user_id=f"u-{OFFICE}-head-strategy", agency_id=OFFICE, username=f"head.strategy@{OFFICE}",
             display_name="นางสาวพิมพ์ชนก ศรีสุข", position="หัวหน้ากลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
             roles=[Role.EXECUTIVE, Role.ACTION_OFFICER], clearance=1, unit_id=f"{OFFICE}.strategy"),
        dict(user_id=f"u-{OFFICE}-governor", agency_id=OFFICE, username=f"governor@{OFFICE}",
             display_name="นายสมชาย ใจดี", position="ผู้ว่าราชการจังหวัดเชียงใหม่",
             roles=[Role.EXECUTIVE], clearance=3),
        dict(user_id=f"u-{OFFICE}-deputy", agency_id=OFFICE, username=f"deputy@{OFFICE}",
             display_name="นายวีระ รักษ์ดี", position="รองผู้ว่าราชการจังหวัดเชียงใหม่",
             roles=[Role.EXECUTIVE], clearance=3),
        # Administrator of the province: manages the agencies below it (its provincial offices).
        dict(user_id=f"u-{PROVINCE}-admin", agency_id=PROVINCE, username=f"admin@{PROVINCE}",
             display_name="ผู้ดูแลระบบระดับจังหวัด", position="นักวิชาการคอมพิวเตอร์ชำนาญการ",
             roles=[Role.ADMINISTRATOR], clearance=0),
        # Administrator of a root agency: manages agencies, public lists and imports nationwide.
        dict(user_id="u-nso-admin", agency_id="nso", username="admin@nso", display_name="ผู้ดูแลระบบระดับประเทศ",
             position="นักวิชาการคอมพิวเตอร์ชำนาญการพิเศษ", roles=[Role.ADMINISTRATOR], clearance=0),
    ]
    for short, name_th, _, _, _ in OFFICE_UNITS:
        users.append(dict(user_id=f"u-{OFFICE}-officer-{short}", agency_id=OFFICE,
                          username=f"officer.{short}@{OFFICE}", display_name=f"ผู้ปฏิบัติงาน {name_th}",
                          position="นักจัดการงานทั่วไป", roles=[Role.ACTION_OFFICER], clearance=0,
                          unit_id=f"{OFFICE}.{short}"))
    return users


def demo_email(username: str) -> str:
    """'clerk@cm-statistics' → 'clerk@cm-statistics.example.go.th' (a reserved example domain: mail goes nowhere)."""
    return f"{username}.example.go.th"


def with_contacts(users: list[dict]) -> list[dict]:
    """Every demo person gets an e-mail address; the office's people report to its executive."""
    executive = f"u-{OFFICE}-executive"
    return [{**u, "email": demo_email(u["username"]), "language": "th",
             "supervisor_user_id": executive if u["agency_id"] == OFFICE and u["user_id"] != executive else None}
            for u in users]


def demo_lists(agencies: list[dict]) -> list[dict]:
    offices = [a["agency_id"] for a in agencies if a["kind"] == "provincial_office" and a["parent_id"] == PROVINCE]
    provinces = [a["agency_id"] for a in agencies if a["kind"] == "province"]
    return [
        # The provincial office writes to the province's offices: the list is its own.
        dict(list_id=CM_OFFICES_LIST, owner_agency_id=OFFICE, name_th=f"ส่วนราชการประจำจังหวัดเชียงใหม่ ({len(offices)} แห่ง)",
             name_en=f"Provincial offices of Chiang Mai ({len(offices)})", members=offices),
        # Public (national): every agency may address all provinces.
        dict(list_id=ALL_PROVINCES_LIST, owner_agency_id=None, name_th=f"ทุกจังหวัด ({len(provinces)} จังหวัด)",
             name_en=f"All provinces ({len(provinces)})", members=provinces),
        dict(list_id=PROVINCES_WITHOUT_BANGKOK_LIST, owner_agency_id=None,
             name_th=f"{len(provinces) - 1} จังหวัด (ไม่รวมกรุงเทพมหานคร)",
             name_en=f"{len(provinces) - 1} provinces (without Bangkok)",
             members=[p for p in provinces if p != BANGKOK]),
    ]


async def load(db: Database) -> tuple[int, int]:
    agencies = demo_agencies()
    units = demo_units()
    users = with_contacts(demo_users(agencies))
    lists = demo_lists(agencies)
    password_hash = await asyncio.to_thread(auth.hash_password, DEMO_PASSWORD)
    async with db.transaction() as conn:
        await directory_repository.lock_tree(conn)
        await directory_repository.upsert_agencies(conn, [AgencyRow(**a) for a in agencies])
        await directory_repository.upsert_units(conn, [UnitRow(**u) for u in units])
        await identity_repository.upsert_users(conn, users, password_hash=password_hash)
        for dl in lists:
            await directory_repository.upsert_list(conn, list_id=dl["list_id"], owner_agency_id=dl["owner_agency_id"],
                                                   name_th=dl["name_th"], name_en=dl["name_en"], created_by="demo")
            await directory_repository.replace_members(conn, list_id=dl["list_id"], agency_ids=dl["members"])
        # Other services keep their own copy of the directory: tell them (whole records; replays are harmless).
        # The documents service loads the demo by itself, in the national office's name.
        loader = service_principal(SERVICE, agency_id="nso", display_name="demo data", roles=frozenset())
        async with unit_of_work.within(conn, principal=loader, producer=SERVICE) as work:
            await record_agencies_changed(work, [a["agency_id"] for a in agencies])
            await record_users_changed(work, [u["user_id"] for u in users])
    return len(agencies), len(users)


async def main() -> int:
    settings = DocumentsSettings()
    db = Database(dsn=settings.pg_dsn.get_secret_value(), schema="documents")
    await db.connect()
    try:
        await db.migrate(Path(__file__).parent / "migrations")
        agencies, users = await load(db)
    finally:
        await db.close()
    print(f"demo data: {agencies} agencies, {users} users; every demo user's password is '{DEMO_PASSWORD}'")
    print("  e.g. clerk@cm-provincial-office, clerk@cm-statistics, secretariat@cm-provincial-office, admin@cm-provincial-office,")
    print("  officer.strategy@cm-provincial-office, clerk@chiang-rai, admin@cm (provincial administrator),"
          " admin@nso (national administrator)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

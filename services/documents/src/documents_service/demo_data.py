"""Demo directory: Chiang Mai province with its 19 provincial offices, a ministry, a national office, users.

Run by `make up` after the services are ready; safe to run again (upserts). The letter-number prefixes
other than the provincial office's are illustrative, not official codes.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from opensaraban_shared import auth
from opensaraban_shared.auth import Role
from opensaraban_shared.db import Database

from .directory import repository as directory_repository
from .identity import repository as identity_repository
from .settings import DocumentsSettings

DEMO_PASSWORD = "saraban-demo-2569"
PROVINCE = "cm"

# The 19 provincial offices of the readiness survey (DOMAIN.md), with an English short id.
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


def demo_agencies() -> list[dict]:
    agencies = [
        dict(agency_id="moi", parent_id=None, kind="ministry", name_th="กระทรวงมหาดไทย",
             name_en="Ministry of Interior", letter_prefix="มท 0200", province_code=None),
        dict(agency_id="nso", parent_id=None, kind="national_office", name_th="สำนักงานสถิติแห่งชาติ",
             name_en="National Statistical Office", letter_prefix="ดศ 0600", province_code=None),
        dict(agency_id=PROVINCE, parent_id="moi", kind="province", name_th="จังหวัดเชียงใหม่",
             name_en="Chiang Mai Province", letter_prefix="ชม", province_code="50"),
    ]
    for number, (short, name_th, name_en) in enumerate(PROVINCIAL_OFFICES, start=17):
        agencies.append(dict(
            agency_id=f"{PROVINCE}-{short}", parent_id=PROVINCE, kind="provincial_office", name_th=name_th,
            name_en=name_en, letter_prefix=f"ชม {number:04d}", province_code="50",
        ))
    return agencies


def demo_users(agencies: list[dict]) -> list[dict]:
    users = []
    for agency in agencies:
        users.append(dict(user_id=f"u-{agency['agency_id']}-clerk", agency_id=agency["agency_id"],
                          username=f"clerk@{agency['agency_id']}", display_name=f"เจ้าหน้าที่สารบรรณ {agency['name_th']}",
                          position="เจ้าหน้าที่ธุรการ", roles=[Role.CLERK], clearance=0))
    office = f"{PROVINCE}-provincial-office"
    users += [
        dict(user_id=f"u-{office}-secretariat", agency_id=office, username=f"secretariat@{office}",
             display_name="ฝ่ายเลขานุการ คณะกรรมการ PCIO", position="นักวิเคราะห์นโยบายและแผน",
             roles=[Role.SECRETARIAT, Role.CLERK], clearance=0),
        dict(user_id=f"u-{office}-executive", agency_id=office, username=f"executive@{office}",
             display_name="หัวหน้าสำนักงานจังหวัดเชียงใหม่", position="หัวหน้าสำนักงานจังหวัด",
             roles=[Role.EXECUTIVE, Role.ACTION_OFFICER], clearance=2),
        dict(user_id=f"u-{office}-admin", agency_id=office, username=f"admin@{office}",
             display_name="ผู้ดูแลระบบจังหวัด", position="นักวิชาการคอมพิวเตอร์",
             roles=[Role.ADMINISTRATOR], clearance=0),
    ]
    return users


async def load(db: Database) -> tuple[int, int]:
    agencies = demo_agencies()
    users = demo_users(agencies)
    password_hash = await asyncio.to_thread(auth.hash_password, DEMO_PASSWORD)
    async with db.transaction() as conn:
        for agency in agencies:  # parents come first in the list
            await directory_repository.upsert_agency(conn, **agency)
        for user in users:
            await identity_repository.upsert_user(conn, **user, password_hash=password_hash)
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
    print("  e.g. clerk@cm-provincial-office, clerk@cm-statistics, secretariat@cm-provincial-office, admin@cm-provincial-office")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""The directory copy's plan, without a database: each key's newest record, and SQL that ignores an older one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opensaraban_shared.directory_copy import AGENCIES, CopiedTable, newest_per_key
from opensaraban_shared.events import AgencyChanged, UserChanged

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PEOPLE = CopiedTable("people", key="user_id", columns=("agency_id", "active"))


def person(agency_id: str, *, at: datetime, user_id: str = "u-somying") -> UserChanged:
    return UserChanged(user_id=user_id, agency_id=agency_id, display_name="สมหญิง", roles=["clerk"], active=True,
                       changed_at=at)


def agency(name_th: str, *, at: datetime) -> AgencyChanged:
    return AgencyChanged(agency_id="cm-land", name_th=name_th, kind="provincial_office", parent_id="cm",
                         province_code="50", active=True, changed_at=at)


def test_a_transfer_that_arrives_before_the_older_change_keeps_the_person_in_the_new_agency() -> None:
    before, after = person("cm-land", at=AT), person("cm-statistics", at=AT + timedelta(seconds=1))

    assert newest_per_key(PEOPLE, [after, before]) == [after]
    assert newest_per_key(PEOPLE, [before, after]) == [after]


def test_of_two_records_as_new_the_later_one_is_kept() -> None:
    first, second = agency("ชื่อเดิม", at=AT), agency("ชื่อใหม่", at=AT)

    assert newest_per_key(AGENCIES, [first, second]) == [second]


def test_each_key_keeps_its_own_newest_record_in_key_order() -> None:
    b_old, b_new = person("cm-land", at=AT, user_id="u-b"), person("cm-energy", at=AT + timedelta(hours=1), user_id="u-b")
    a = person("cm-statistics", at=AT, user_id="u-a")

    assert newest_per_key(PEOPLE, [b_new, a, b_old]) == [a, b_new]


def test_the_upsert_takes_a_record_only_when_it_is_at_least_as_new_as_the_row() -> None:
    sql = PEOPLE.upsert_sql()

    assert sql.startswith("INSERT INTO people AS t (user_id, agency_id, active, changed_at) VALUES ($1, $2, $3, $4)")
    assert "ON CONFLICT (user_id) DO UPDATE SET agency_id = EXCLUDED.agency_id" in sql
    assert sql.endswith("WHERE t.changed_at IS NULL OR t.changed_at <= EXCLUDED.changed_at")
    assert PEOPLE.row_of(person("cm-land", at=AT)) == ("u-somying", "cm-land", True, AT)


def test_constant_columns_are_set_on_every_copied_row() -> None:
    table = CopiedTable("agencies", key="agency_id", columns=("name_th",), constants={"from_directory": "true"})

    sql = table.upsert_sql()

    assert "(agency_id, name_th, changed_at, from_directory) VALUES ($1, $2, $3, true)" in sql
    assert "from_directory = EXCLUDED.from_directory" in sql

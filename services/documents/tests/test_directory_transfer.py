"""The directory file: CSV and JSON round-trip, and the whole file is judged before anything is written."""

from datetime import UTC, datetime

import pytest

from documents_service.directory.transfer import (
    AgencyRow,
    DirectoryFile,
    ExistingUnit,
    UnitRow,
    find_cycles,
    parents_first,
    parse_csv,
    parse_json,
    render_csv,
    render_json,
    validate,
)

STORED_AGENCIES = {"moi": None, "cm": "moi", "cm-land": "cm"}
STORED_UNITS = {"u-admin": ExistingUnit("cm-land", None, "1", True)}


def agency(agency_id, parent_id="cm", *, prefix="ชม 0099", location="", **extra):
    return AgencyRow(agency_id=agency_id, parent_id=parent_id, kind=extra.get("kind", "provincial_office"),
                     name_th=extra.get("name_th", f"หน่วยงาน {agency_id}"), name_en=extra.get("name_en"),
                     letter_prefix=prefix, province_code=extra.get("province_code", "50"),
                     active=extra.get("active", True), location=location or agency_id)


def unit(unit_id, agency_id="cm-land", parent=None, suffix=None, *, active=True, location=""):
    return UnitRow(unit_id=unit_id, agency_id=agency_id, parent_unit_id=parent, name_th=f"กลุ่มงาน {unit_id}",
                   name_en=None, letter_suffix=suffix, active=active, location=location or unit_id)


def problems_of(file: DirectoryFile) -> set[tuple[str, str | None]]:
    return {(p.code, p.id) for p in validate(file, existing_agencies=STORED_AGENCIES, existing_units=STORED_UNITS)}


# --- Validation ---------------------------------------------------------------------------------------


def test_a_consistent_file_has_no_problems():
    file = DirectoryFile(agencies=[agency("cm-new"), agency("cm-new-branch", "cm-new")],
                         units=[unit("u-1", "cm-new", suffix="1"), unit("u-1-1", "cm-new", "u-1", "1.1")])
    assert problems_of(file) == set()


def test_a_parent_that_is_neither_in_the_file_nor_stored_is_reported():
    file = DirectoryFile(agencies=[agency("cm-new", "nowhere")])
    assert problems_of(file) == {("unknown_parent", "cm-new")}


def test_a_parent_stored_in_the_directory_is_enough():
    assert problems_of(DirectoryFile(agencies=[agency("cm-new", "cm-land")])) == set()


def test_a_loop_inside_the_file_reports_every_agency_on_it():
    file = DirectoryFile(agencies=[agency("a", "b"), agency("b", "c"), agency("c", "a"), agency("d", "a")])
    assert problems_of(file) == {("cycle", "a"), ("cycle", "b"), ("cycle", "c")}


def test_moving_a_stored_agency_under_its_own_descendant_is_a_loop():
    # cm-land is stored under cm; the file hangs cm under cm-land.
    file = DirectoryFile(agencies=[agency("cm", "cm-land", prefix="ชม")])
    assert problems_of(file) == {("cycle", "cm")}


def test_an_agency_that_is_its_own_parent_is_a_loop():
    assert problems_of(DirectoryFile(agencies=[agency("x", "x")])) == {("cycle", "x")}


def test_duplicate_ids_in_the_file_are_reported_at_the_second_row():
    file = DirectoryFile(agencies=[agency("dup", location="line 2"), agency("dup", location="line 3")],
                         units=[unit("u-x", location="line 4"), unit("u-x", location="line 5")])
    found = validate(file, existing_agencies=STORED_AGENCIES, existing_units=STORED_UNITS)
    assert {(p.code, p.id, p.location) for p in found} == {("duplicate_id", "dup", "line 3"),
                                                          ("duplicate_id", "u-x", "line 5")}


def test_a_unit_of_an_unknown_agency_or_under_another_agencys_unit_is_reported():
    file = DirectoryFile(units=[unit("u-lost", "no-such-agency"), unit("u-cross", "cm", parent="u-admin")])
    assert problems_of(file) == {("unknown_agency", "u-lost"), ("parent_in_other_agency", "u-cross")}


def test_a_unit_loop_and_an_unknown_parent_unit_are_reported():
    file = DirectoryFile(units=[unit("u-a", parent="u-b"), unit("u-b", parent="u-a"), unit("u-c", parent="u-zz")])
    assert problems_of(file) == {("cycle", "u-a"), ("cycle", "u-b"), ("unknown_parent", "u-c")}


def test_a_stored_unit_cannot_move_to_another_agency():
    assert problems_of(DirectoryFile(units=[unit("u-admin", "cm")])) == {("unit_moved_agency", "u-admin")}


def test_two_active_units_of_one_agency_cannot_share_a_letter_suffix():
    file = DirectoryFile(units=[unit("u-new", suffix="1")])
    assert problems_of(file) == {("duplicate_letter_suffix", "u-new")}
    # Retiring the old holder in the same file frees the suffix.
    assert problems_of(DirectoryFile(units=[unit("u-new", suffix="1"), unit("u-admin", suffix="1", active=False)])) \
        == set()


def test_find_cycles_ignores_links_to_unknown_ids_and_acyclic_chains():
    assert find_cycles({"a": "b", "b": None, "c": "zz"}) == set()
    assert find_cycles({"a": "b", "b": "a", "c": "a"}) == {"a", "b"}


def test_parents_come_before_children_whatever_the_input_order():
    order = parents_first({"leaf": "mid", "mid": "root", "root": None, "other": "root"})
    assert order.index("root") < order.index("mid") < order.index("leaf")
    assert order.index("root") < order.index("other")


# --- Reading files ------------------------------------------------------------------------------------


def test_csv_rows_with_missing_prefix_bad_kind_or_bad_type_are_listed_by_line():
    text = ("type,id,parent_id,agency_id,kind,name_th,name_en,letter_prefix,letter_suffix,province_code,active\n"
            "agency,cm-ok,cm,,provincial_office,สำนักงานทดสอบ,,ชม 0099,,50,true\n"
            "agency,cm-noprefix,cm,,provincial_office,ไม่มีรหัส,,,,50,true\n"
            "agency,cm-badkind,cm,,palace,ชนิดผิด,,ชม 0098,,50,true\n"
            "office,cm-what,cm,,,อะไร,,,,,true\n"
            "unit,u-ok,,cm-ok,,กลุ่มงาน,,,๒,,\n")
    file = parse_csv("\ufeff".encode() + text.encode())
    assert {(p.location, p.code) for p in file.problems} == {
        ("line 3", "missing_letter_prefix"), ("line 4", "invalid_kind"), ("line 5", "invalid_type")}
    assert [a.agency_id for a in file.agencies] == ["cm-ok"]
    assert file.units == [UnitRow("u-ok", "cm-ok", None, "กลุ่มงาน", None, "2", True)]  # Thai digit read as 2


def test_a_csv_without_the_required_columns_is_unreadable():
    file = parse_csv(b"name,code\nx,y\n")
    assert [p.code for p in file.problems] == ["unreadable_file"]


def test_json_rows_are_located_by_pointer():
    file = parse_json('{"version": 1, "agencies": [{"agency_id": "Bad Id", "kind": "ministry", "name_th": "ก",'
                      ' "letter_prefix": "กก"}], "units": [3]}'.encode())
    assert {(p.location, p.code) for p in file.problems} == {("/agencies/0", "invalid_id"),
                                                              ("/units/0", "invalid_value")}


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'{"version": 2, "agencies": []}', b"\xff\xfe"])
def test_unreadable_json_is_one_problem_not_a_crash(data):
    file = parse_json(data)
    assert len(file.problems) == 1 and not file.agencies


# --- Writing files ------------------------------------------------------------------------------------

AGENCIES = [agency("cm-land", prefix="ชม 0026", name_en='Land, "Chiang Mai"'),
            AgencyRow("cm", "moi", "province", "จังหวัดเชียงใหม่", "Chiang Mai", "ชม", "50", True),
            AgencyRow("moi", None, "ministry", "กระทรวงมหาดไทย", None, "มท 0200", None, True),
            agency("cm-old", prefix="ชม 0090", active=False)]
UNITS = [unit("u-sub", parent="u-top", suffix="1.1"), unit("u-top", suffix="1"), unit("u-plain")]


def test_csv_export_reads_back_to_the_same_rows_and_bytes():
    data = render_csv(AGENCIES, UNITS)
    assert data.startswith("\ufeff".encode())
    file = parse_csv(data)
    assert file.problems == []
    assert sorted(file.agencies, key=lambda a: a.agency_id) == sorted(AGENCIES, key=lambda a: a.agency_id)
    assert sorted(file.units, key=lambda u: u.unit_id) == sorted(UNITS, key=lambda u: u.unit_id)
    assert render_csv(file.agencies, file.units) == data


def test_json_export_reads_back_to_the_same_rows_parents_first():
    data = render_json(AGENCIES, UNITS, exported_at=datetime(2026, 1, 5, tzinfo=UTC))
    file = parse_json(data)
    assert file.problems == []
    assert [a.agency_id for a in file.agencies][:2] == ["moi", "cm"]
    assert [u.unit_id for u in file.units].index("u-top") < [u.unit_id for u in file.units].index("u-sub")
    assert set(file.agencies) == set(AGENCIES) and set(file.units) == set(UNITS)
    assert render_json(file.agencies, file.units, exported_at=datetime(2026, 1, 5, tzinfo=UTC)) == data
    assert "จังหวัดเชียงใหม่" in data.decode()  # Thai kept readable, not \\u-escaped

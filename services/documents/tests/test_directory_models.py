"""Directory and account input is checked before anything is written; units are shown as a tree."""

import pytest
from pydantic import ValidationError

from documents_service.directory.models import AgencyCreate, DistributionListCreate, UnitCreate
from documents_service.directory.service import normalise_query, unit_tree
from documents_service.identity.models import PasswordReset, UserAccess, UserCreate


def test_a_password_shorter_than_12_characters_is_refused():
    with pytest.raises(ValidationError):
        PasswordReset(new_password="short-pass1")
    assert PasswordReset(new_password="long-enough-1").new_password == "long-enough-1"


def test_people_cannot_be_given_the_agency_system_role():
    with pytest.raises(ValidationError):
        UserAccess(roles=["clerk", "agency_system"])
    assert UserAccess(roles=["executive", "clerk", "clerk"]).roles == ["clerk", "executive"]


@pytest.mark.parametrize("bad", [
    {"username": "Somchai@Office"},           # upper case
    {"clearance": 4},
    {"roles": []},
    {"password": "x" * 11},
    {"unit_id": "../etc"},
])
def test_invalid_new_accounts_are_refused(bad):
    good = {"username": "somchai@cm-land", "display_name": "สมชาย", "roles": ["clerk"], "password": "p" * 12}
    with pytest.raises(ValidationError):
        UserCreate.model_validate({**good, **bad})


def test_agency_ids_are_url_safe_and_names_are_required():
    with pytest.raises(ValidationError):
        AgencyCreate(agency_id="สำนักงาน", kind="ministry", name_th="ก", letter_prefix="กก")
    with pytest.raises(ValidationError):
        AgencyCreate(agency_id="ok", kind="ministry", name_th="  ", letter_prefix="กก")
    created = AgencyCreate(agency_id="ok", kind="ministry", name_th="ก", letter_prefix="กก", name_en="")
    assert created.name_en is None


def test_a_unit_suffix_typed_in_thai_digits_is_stored_in_arabic_digits():
    assert UnitCreate(name_th="กลุ่มงาน", letter_suffix="๒.๑").letter_suffix == "2.1"
    with pytest.raises(ValidationError):
        UnitCreate(name_th="กลุ่มงาน", letter_suffix="2a")


def test_a_distribution_list_names_each_member_once():
    with pytest.raises(ValidationError):
        DistributionListCreate(name_th="ทุกจังหวัด", member_agency_ids=["cm", "cm"])


def test_search_text_is_normalised_like_people_type_it():
    assert normalise_query("  ชม ๐๐๑๗ ") == "ชม 0017"
    assert normalise_query("สำนักงาน".replace("ำ", "\u0e4d\u0e32")) == "สำนักงาน"
    assert normalise_query("   ") is None


def test_units_are_listed_parents_first_with_the_nearest_suffix():
    rows = [
        {"unit_id": "u-team", "agency_id": "a", "parent_unit_id": "u-b", "name_th": "งาน", "name_en": None,
         "letter_suffix": None, "active": True},
        {"unit_id": "u-b", "agency_id": "a", "parent_unit_id": None, "name_th": "กลุ่ม ข", "name_en": None,
         "letter_suffix": "10", "active": True},
        {"unit_id": "u-a", "agency_id": "a", "parent_unit_id": None, "name_th": "กลุ่ม ก", "name_en": None,
         "letter_suffix": "2", "active": True},
    ]
    tree = unit_tree("ชม 0017", rows)
    assert [(u.unit_id, u.depth, u.letter_prefix) for u in tree] == [
        ("u-a", 0, "ชม 0017.2"), ("u-b", 0, "ชม 0017.10"), ("u-team", 1, "ชม 0017.10")]

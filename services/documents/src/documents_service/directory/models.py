"""API schemas and error kinds of the agency directory (Base → Create / Update / Read / Page ladder)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from opensaraban_shared.errors import ErrorKind
from opensaraban_shared.thai import arabic_digits

# --- Error kinds ----------------------------------------------------------------------------------

UNKNOWN_DISTRIBUTION_LIST = ErrorKind(
    "unknown_distribution_list", 422, "ไม่พบบัญชีรายชื่อผู้รับที่ระบุ หรือไม่มีสิทธิ์ใช้",
    "A distribution list does not exist or is another agency's private list",
)
UNKNOWN_AGENCIES = ErrorKind("unknown_agencies", 422, "ไม่พบหน่วยงานบางรายการ", "Some agencies do not exist or are inactive")
UNKNOWN_PARENT = ErrorKind("unknown_parent", 422, "ไม่พบหน่วยงานหรือหน่วยย่อยต้นสังกัด", "The parent does not exist")
UNKNOWN_UNIT = ErrorKind("unknown_unit", 422, "ไม่พบหน่วยย่อยนี้ในหน่วยงาน", "No such active unit in this agency")
DIRECTORY_CYCLE = ErrorKind(
    "directory_cycle", 422, "ต้นสังกัดนี้ทำให้โครงสร้างวนกลับมาที่ตัวเอง", "This parent would make the tree loop back on itself"
)
AGENCY_EXISTS = ErrorKind("agency_exists", 409, "มีรหัสหน่วยงานนี้อยู่แล้ว", "An agency with this id already exists")
UNIT_EXISTS = ErrorKind("unit_exists", 409, "มีรหัสหน่วยย่อยนี้อยู่แล้ว", "A unit with this id already exists")
LIST_EXISTS = ErrorKind("distribution_list_exists", 409, "มีรหัสบัญชีรายชื่อนี้อยู่แล้ว", "A list with this id already exists")
LETTER_SUFFIX_TAKEN = ErrorKind(
    "letter_suffix_taken", 409, "เลขต่อท้ายเลขที่หนังสือนี้มีหน่วยย่อยอื่นใช้อยู่",
    "Another active unit of this agency already uses this letter-number suffix",
)
AGENCY_HAS_ACTIVE_CHILDREN = ErrorKind(
    "agency_has_active_children", 409, "ยังมีหน่วยงานในสังกัดที่ใช้งานอยู่", "The agency still has active child agencies"
)
UNIT_IN_USE = ErrorKind(
    "unit_in_use", 409, "ยังมีหน่วยย่อยหรือบุคลากรที่ใช้งานอยู่ในหน่วยนี้", "The unit still has active sub-units or people"
)
DIRECTORY_IMPORT_INVALID = ErrorKind(
    "directory_import_invalid", 422, "แฟ้มทำเนียบหน่วยงานมีข้อผิดพลาด ไม่ได้นำเข้าข้อมูลใด",
    "The directory file has problems; nothing was imported",
)

# --- Shared field types ---------------------------------------------------------------------------

# Stable, URL-safe ids chosen by people ("cm-provincial-office"); they appear in letters and files.
DirectoryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$")]
ID_RULE = "lower-case letters, digits, '.', '_' or '-', at most 80, starting with a letter or digit"


def _blank_to_none(value: object) -> object:
    # Import files and forms send "" for "not given"; store one spelling of "nothing".
    if isinstance(value, str) and not value.strip():
        return None
    return value.strip() if isinstance(value, str) else value


OptionalText = Annotated[Annotated[str, StringConstraints(max_length=500)] | None, BeforeValidator(_blank_to_none),
                         Field(default=None)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


def _suffix_in(value: object) -> object:
    # Typed with Thai or Arabic digits; stored with Arabic ones like the prefixes ('ชม 0017').
    value = _blank_to_none(value)
    return arabic_digits(value) if isinstance(value, str) else value


# Digits in dot-separated groups: '2', '2.1' ('๒' is read as '2').
LetterSuffix = Annotated[
    Annotated[str, StringConstraints(pattern=r"^[0-9]{1,6}(\.[0-9]{1,6}){0,4}$")] | None, BeforeValidator(_suffix_in),
    Field(default=None,
          description="เลขต่อท้ายรหัสหน่วยงานในเลขที่หนังสือ — dotted suffix after the agency prefix, e.g. '2' → 'ชม 0017.2'"),
]


class AgencyKind(StrEnum):
    NATIONAL_OFFICE = "national_office"  # สำนักงานระดับชาติ
    MINISTRY = "ministry"  # กระทรวง
    DEPARTMENT = "department"  # กรม
    UNIT = "unit"  # หน่วยงานระดับกอง / หน่วยงานในสังกัด
    PROVINCE = "province"  # จังหวัด
    PROVINCIAL_OFFICE = "provincial_office"  # ส่วนราชการประจำจังหวัด
    DISTRICT = "district"  # อำเภอ
    LOCAL = "local"  # องค์กรปกครองส่วนท้องถิ่น
    PUBLIC_ORGANISATION = "public_organisation"  # องค์การมหาชน


class Page(BaseModel):
    total: int = Field(description="จำนวนทั้งหมดที่ตรงเงื่อนไข — how many match, across all pages")
    limit: int
    offset: int


# --- Agencies -------------------------------------------------------------------------------------


class AgencyBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent_id: DirectoryId | None = Field(default=None, description="ต้นสังกัด — parent agency; none for a root")
    kind: AgencyKind
    name_th: RequiredText
    name_en: OptionalText
    letter_prefix: RequiredText = Field(description="รหัสหน่วยงานในเลขที่หนังสือ — e.g. 'ชม 0017'")
    province_code: OptionalText = Field(description="รหัสจังหวัด — e.g. '50' for Chiang Mai")


class AgencyCreate(AgencyBase):
    agency_id: DirectoryId = Field(description=ID_RULE)


class AgencyUpdate(BaseModel):
    """Only the fields sent change; send "parent_id": null to make the agency a root."""

    model_config = ConfigDict(extra="forbid")

    parent_id: DirectoryId | None = None
    kind: AgencyKind | None = None
    name_th: RequiredText | None = None
    name_en: OptionalText
    letter_prefix: RequiredText | None = None
    province_code: OptionalText
    active: bool | None = None


class AgencyRead(BaseModel):
    agency_id: str
    parent_id: str | None
    kind: str
    name_th: str
    name_en: str | None
    letter_prefix: str
    province_code: str | None
    active: bool
    has_children: bool = Field(description="มีหน่วยงานในสังกัดที่ใช้งานอยู่ — has active child agencies")
    updated_at: datetime


class AgencyRef(BaseModel):
    agency_id: str
    name_th: str
    kind: str


class AgencyPage(Page):
    items: list[AgencyRead]


# --- Units ----------------------------------------------------------------------------------------


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: DirectoryId | None = Field(default=None, description=f"{ID_RULE}; generated when omitted")
    parent_unit_id: DirectoryId | None = Field(default=None, description="หน่วยย่อยต้นสังกัด — parent unit")
    name_th: RequiredText
    name_en: OptionalText
    letter_suffix: LetterSuffix


class UnitUpdate(BaseModel):
    """Only the fields sent change; send "parent_unit_id": null to move a unit to the top of its agency."""

    model_config = ConfigDict(extra="forbid")

    parent_unit_id: DirectoryId | None = None
    name_th: RequiredText | None = None
    name_en: OptionalText
    letter_suffix: LetterSuffix
    active: bool | None = None


class UnitRead(BaseModel):
    unit_id: str
    agency_id: str
    parent_unit_id: str | None
    name_th: str
    name_en: str | None
    letter_suffix: str | None
    letter_prefix: str = Field(description="ที่ของหนังสือของหน่วยนี้ — the agency prefix plus the nearest suffix")
    depth: int = Field(description="0 for a top unit of the agency")
    active: bool


class AgencyDetail(AgencyRead):
    ancestors: list[AgencyRef] = Field(description="ต้นสังกัดจากบนลงล่าง — from the root down to the parent")
    units: list[UnitRead] = Field(description="หน่วยย่อยภายใน เรียงตามโครงสร้าง — units, parents before children")


# --- Distribution lists ---------------------------------------------------------------------------


def _unique(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("each agency may appear once")
    return value


class DistributionListUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_th: RequiredText
    name_en: OptionalText
    member_agency_ids: list[DirectoryId] = Field(min_length=1, max_length=20_000,
                                                 description="หน่วยงานผู้รับ ตามลำดับ — member agencies, in order")

    _members_unique = field_validator("member_agency_ids")(_unique)


class DistributionListCreate(DistributionListUpdate):
    list_id: DirectoryId | None = Field(default=None, description=f"{ID_RULE}; generated when omitted")
    public: bool = Field(default=False, description="บัญชีสาธารณะระดับประเทศ — public list (root administrators only)")


class DistributionListRead(BaseModel):
    list_id: str
    owner_agency_id: str | None
    public: bool
    name_th: str
    name_en: str | None
    member_count: int
    updated_at: datetime


class DistributionListDetail(DistributionListRead):
    members: list[AgencyRef]


class DistributionListPage(Page):
    items: list[DistributionListRead]


# --- Import -----------------------------------------------------------------------------------------


class ImportCounts(BaseModel):
    created: int
    updated: int
    unchanged: int


class DirectoryImportResult(BaseModel):
    agencies: ImportCounts
    units: ImportCounts


class LetterSettings(BaseModel):
    """How an agency's letters print and are numbered."""

    model_config = ConfigDict(extra="forbid")

    thai_digits: bool = Field(default=True, description="ตัวเลขไทยในหนังสือ — Thai digits in printed letters")
    own_numbering: bool = Field(
        default=False, description="ระบบของหน่วยงานออกเลขและลงวันที่เอง — the agency's systems give letters their "
                                   "own number and date (its register is kept elsewhere); numbers stay unique")
    address_th: str = Field(default="", max_length=500,
                            description="ที่อยู่ส่วนราชการเจ้าของหนังสือ — the address printed under the agency's name")
    send_after_signing: bool = Field(
        default=False, description="ออกเลขและส่งทันทีเมื่อลงนาม — number and send as soon as the signer signs "
                                   "(otherwise the clerk does, from the queue of signed letters)")
    review_reminder_hours: int | None = Field(
        default=None, ge=1, le=720, description="เตือนเมื่อเรื่องค้างที่ขั้นตอนใดนานเกิน (ชั่วโมง) — remind a step's holder")
    self_delegation: bool = Field(
        default=False, description="ให้แต่ละคนตั้งผู้ปฏิบัติแทนระหว่างลาได้เอง — people may set their own leave delegate")

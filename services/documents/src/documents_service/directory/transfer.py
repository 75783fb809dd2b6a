"""The directory file format (CSV and JSON) and its validation: pure functions, no I/O.

Both formats are a flat list of rows, agencies then units, parents before children, each row naming
its parent by id. A flat list round-trips exactly, diffs line by line, and is the same shape in CSV and
JSON; the tree is rebuilt from the parent ids (GET /agencies/{id}/children browses it).

JSON: {"format": "opensaraban-directory", "version": 1, "exported_at": ..., "agencies": [...], "units": [...]}
CSV (UTF-8 with BOM, so spreadsheet programs read Thai correctly), one row per agency or unit:
    type,id,parent_id,agency_id,kind,name_th,name_en,letter_prefix,letter_suffix,province_code,active
  type=agency: id is the agency id, parent_id the parent agency; agency_id and letter_suffix stay empty.
  type=unit:   id is the unit id, agency_id its agency, parent_id its parent unit (in the same agency);
               kind, letter_prefix and province_code stay empty.
Importing upserts: rows absent from the file are left as they are (retire them with active=false).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .models import AgencyKind, DirectoryId, LetterSuffix, OptionalText, RequiredText

FORMAT_NAME = "opensaraban-directory"
FORMAT_VERSION = 1
CSV_COLUMNS = ("type", "id", "parent_id", "agency_id", "kind", "name_th", "name_en", "letter_prefix",
               "letter_suffix", "province_code", "active")
MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class AgencyRow:
    agency_id: str
    parent_id: str | None
    kind: str
    name_th: str
    name_en: str | None
    letter_prefix: str
    province_code: str | None
    active: bool = True
    location: str = field(default="", compare=False)


@dataclass(frozen=True)
class UnitRow:
    unit_id: str
    agency_id: str
    parent_unit_id: str | None
    name_th: str
    name_en: str | None
    letter_suffix: str | None
    active: bool = True
    location: str = field(default="", compare=False)


@dataclass(frozen=True)
class Problem:
    """One offending row: where it is in the file (CSV 'line 7', JSON '/units/3'), its id, what is wrong."""

    location: str
    id: str | None
    code: str
    message: str


@dataclass(frozen=True)
class ExistingUnit:
    agency_id: str
    parent_unit_id: str | None
    letter_suffix: str | None
    active: bool


@dataclass
class DirectoryFile:
    agencies: list[AgencyRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # rows that could not even be read


# --- Reading one row ----------------------------------------------------------------------------------


class _AgencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_id: DirectoryId
    parent_id: DirectoryId | None = None
    kind: AgencyKind
    name_th: RequiredText
    name_en: OptionalText
    letter_prefix: RequiredText
    province_code: OptionalText
    active: bool = True


class _UnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: DirectoryId
    agency_id: DirectoryId
    parent_unit_id: DirectoryId | None = None
    name_th: RequiredText
    name_en: OptionalText
    letter_suffix: LetterSuffix
    active: bool = True


# Field-level failures get their own codes, so a client can tell "fill in the prefix" from "bad id".
_BLANK_CODES = {"letter_prefix": "missing_letter_prefix", "name_th": "missing_name"}
_FIELD_CODES = {"kind": "invalid_kind", "agency_id": "invalid_id", "unit_id": "invalid_id",
                "parent_id": "invalid_id", "parent_unit_id": "invalid_id"}


def _read_row(model: type[BaseModel], raw: Mapping[str, Any], *, location: str, row_id: str | None,
              problems: list[Problem]) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            blank = not str(raw.get(name) or "").strip()
            code = (_BLANK_CODES.get(name) if blank else None) or _FIELD_CODES.get(name, "invalid_value")
            problems.append(Problem(location, row_id, code, f"{name or 'row'}: {error['msg']}"))
        return None


def _agency_row(raw: Mapping[str, Any], location: str, problems: list[Problem]) -> AgencyRow | None:
    row = _read_row(_AgencyIn, raw, location=location, row_id=_text_or_none(raw.get("agency_id")), problems=problems)
    return AgencyRow(**row.model_dump(mode="json"), location=location) if row else None


def _unit_row(raw: Mapping[str, Any], location: str, problems: list[Problem]) -> UnitRow | None:
    row = _read_row(_UnitIn, raw, location=location, row_id=_text_or_none(raw.get("unit_id")), problems=problems)
    return UnitRow(**row.model_dump(mode="json"), location=location) if row else None


def _text_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


# --- Parsing files ------------------------------------------------------------------------------------


def parse_json(data: bytes) -> DirectoryFile:
    result = DirectoryFile()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        result.problems.append(Problem("/", None, "unreadable_file", f"not UTF-8 JSON: {exc}"))
        return result
    if not isinstance(document, dict) or not isinstance(document.get("agencies", []), list) \
            or not isinstance(document.get("units", []), list):
        result.problems.append(Problem("/", None, "unreadable_file", 'expected {"agencies": [...], "units": [...]}'))
        return result
    if document.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        result.problems.append(Problem("/version", None, "unsupported_version", f"version must be {FORMAT_VERSION}"))
        return result
    for index, raw in enumerate(document.get("agencies", [])):
        location = f"/agencies/{index}"
        if not isinstance(raw, dict):
            result.problems.append(Problem(location, None, "invalid_value", "each agency is an object"))
        elif row := _agency_row(raw, location, result.problems):
            result.agencies.append(row)
    for index, raw in enumerate(document.get("units", [])):
        location = f"/units/{index}"
        if not isinstance(raw, dict):
            result.problems.append(Problem(location, None, "invalid_value", "each unit is an object"))
        elif row := _unit_row(raw, location, result.problems):
            result.units.append(row)
    return result


_BOOLEAN_TEXT = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": True}


def parse_csv(data: bytes) -> DirectoryFile:
    result = DirectoryFile()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.problems.append(Problem("line 1", None, "unreadable_file", f"not UTF-8: {exc}"))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("type", "id", "name_th") if c not in (reader.fieldnames or [])]
    if missing:
        result.problems.append(Problem("line 1", None, "unreadable_file", f"missing columns: {', '.join(missing)}"))
        return result
    for record in reader:
        location = f"line {reader.line_num}"
        # An empty cell means "not given", like a missing key in JSON.
        cells = {k: (v or "").strip() or None for k, v in record.items() if k is not None}
        active = _BOOLEAN_TEXT.get((cells.get("active") or "").lower())
        if active is None:
            result.problems.append(Problem(location, cells.get("id"), "invalid_value", "active: use true or false"))
            continue
        kind = (cells.get("type") or "").lower()
        if kind == "agency":
            raw = {"agency_id": cells["id"], "parent_id": cells.get("parent_id"), "kind": cells.get("kind"),
                   "name_th": cells["name_th"], "name_en": cells.get("name_en"),
                   "letter_prefix": cells.get("letter_prefix"), "province_code": cells.get("province_code"),
                   "active": active}
            if row := _agency_row(raw, location, result.problems):
                result.agencies.append(row)
        elif kind == "unit":
            raw = {"unit_id": cells["id"], "agency_id": cells.get("agency_id"),
                   "parent_unit_id": cells.get("parent_id"), "name_th": cells["name_th"],
                   "name_en": cells.get("name_en"), "letter_suffix": cells.get("letter_suffix"), "active": active}
            if row := _unit_row(raw, location, result.problems):
                result.units.append(row)
        else:
            result.problems.append(Problem(location, cells.get("id"), "invalid_type",
                                           "type must be 'agency' or 'unit'"))
    return result


# --- Validating against what is already stored ------------------------------------------------------


def find_cycles(parents: Mapping[str, str | None]) -> set[str]:
    """Ids that lie on a loop of parent links. Links to unknown ids simply end the walk."""
    on_cycle: set[str] = set()
    settled: set[str] = set()
    for start in parents:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in parents and node not in settled:
            if node in position:
                on_cycle.update(path[position[node]:])
                break
            position[node] = len(path)
            path.append(node)
            node = parents[node]
        settled.update(path)
    return on_cycle


def validate(file: DirectoryFile, *, existing_agencies: Mapping[str, str | None],
             existing_units: Mapping[str, ExistingUnit]) -> list[Problem]:
    """Every problem of the file as a whole, judged on the directory as it would be after importing it.

    existing_agencies maps agency id → parent id; existing_units maps unit id → its stored state.
    """
    problems = list(file.problems)
    problems += _duplicates(file.agencies, "agency_id") + _duplicates(file.units, "unit_id")

    agency_parents = {**existing_agencies, **{a.agency_id: a.parent_id for a in file.agencies}}
    for agency in file.agencies:
        if agency.parent_id is not None and agency.parent_id not in agency_parents:
            problems.append(Problem(agency.location, agency.agency_id, "unknown_parent",
                                    f"parent agency '{agency.parent_id}' is neither in the file nor in the directory"))
    looped = find_cycles(agency_parents)
    problems += [Problem(a.location, a.agency_id, "cycle", "the parent links of this agency loop back to it")
                 for a in file.agencies if a.agency_id in looped]

    merged_units: dict[str, ExistingUnit] = {
        **existing_units,
        **{u.unit_id: ExistingUnit(u.agency_id, u.parent_unit_id, u.letter_suffix, u.active) for u in file.units},
    }
    for unit in file.units:
        problems += _unit_problems(unit, agency_parents, merged_units, existing_units)
    looped_units = find_cycles({uid: u.parent_unit_id for uid, u in merged_units.items()})
    problems += [Problem(u.location, u.unit_id, "cycle", "the parent links of this unit loop back to it")
                 for u in file.units if u.unit_id in looped_units]
    problems += _suffix_clashes(file.units, merged_units)
    return problems


def _duplicates(rows: Sequence[AgencyRow] | Sequence[UnitRow], key: str) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for row in rows:
        row_id = getattr(row, key)
        if row_id in seen:
            problems.append(Problem(row.location, row_id, "duplicate_id", f"id already used at {seen[row_id]}"))
        else:
            seen[row_id] = row.location
    return problems


def _unit_problems(unit: UnitRow, agencies: Mapping[str, str | None], units: Mapping[str, ExistingUnit],
                   existing_units: Mapping[str, ExistingUnit]) -> list[Problem]:
    problems = []
    if unit.agency_id not in agencies:
        problems.append(Problem(unit.location, unit.unit_id, "unknown_agency",
                                f"agency '{unit.agency_id}' is neither in the file nor in the directory"))
    stored = existing_units.get(unit.unit_id)
    if stored is not None and stored.agency_id != unit.agency_id:
        # People reference (agency_id, unit_id); moving a unit would strand them.
        problems.append(Problem(unit.location, unit.unit_id, "unit_moved_agency",
                                f"unit belongs to '{stored.agency_id}'; create a new unit instead of moving it"))
    if unit.parent_unit_id is not None:
        parent = units.get(unit.parent_unit_id)
        if parent is None:
            problems.append(Problem(unit.location, unit.unit_id, "unknown_parent",
                                    f"parent unit '{unit.parent_unit_id}' is neither in the file nor in the directory"))
        elif parent.agency_id != unit.agency_id:
            problems.append(Problem(unit.location, unit.unit_id, "parent_in_other_agency",
                                    f"parent unit '{unit.parent_unit_id}' belongs to agency '{parent.agency_id}'"))
    return problems


def _suffix_clashes(rows: Sequence[UnitRow], units: Mapping[str, ExistingUnit]) -> list[Problem]:
    holders: dict[tuple[str, str], list[str]] = {}
    for unit_id, unit in units.items():
        if unit.active and unit.letter_suffix:
            holders.setdefault((unit.agency_id, unit.letter_suffix), []).append(unit_id)
    problems = []
    for row in rows:
        others = [u for u in holders.get((row.agency_id, row.letter_suffix or ""), []) if u != row.unit_id]
        if row.active and row.letter_suffix and others:
            problems.append(Problem(row.location, row.unit_id, "duplicate_letter_suffix",
                                    f"suffix '{row.letter_suffix}' is also used by active unit(s) {', '.join(sorted(others))}"))
    return problems


# --- Ordering and writing -----------------------------------------------------------------------------


def parents_first(parents: Mapping[str, str | None]) -> list[str]:
    """Ids in an order where every parent present in `parents` comes before its children (ties by id)."""
    children: dict[str | None, list[str]] = {}
    for node, parent in parents.items():
        children.setdefault(parent if parent in parents else None, []).append(node)
    ordered: list[str] = []
    stack = sorted(children.get(None, []), reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(sorted(children.get(node, []), reverse=True))
    # Anything on a loop never hangs under a root; keep it rather than lose it silently.
    ordered += sorted(set(parents) - set(ordered))
    return ordered


def ordered_agencies(rows: Iterable[AgencyRow]) -> list[AgencyRow]:
    by_id = {r.agency_id: r for r in rows}
    return [by_id[i] for i in parents_first({i: r.parent_id for i, r in by_id.items()})]


def ordered_units(rows: Iterable[UnitRow]) -> list[UnitRow]:
    by_id = {r.unit_id: r for r in rows}
    order = parents_first({i: r.parent_unit_id for i, r in by_id.items()})
    # Group by agency (stable), keeping parents before children inside each agency.
    rank = {unit_id: n for n, unit_id in enumerate(order)}
    return sorted(by_id.values(), key=lambda r: (r.agency_id, rank[r.unit_id]))


def _public(row: AgencyRow | UnitRow) -> dict[str, Any]:
    data = asdict(row)
    data.pop("location")
    return data


def render_json(agencies: Iterable[AgencyRow], units: Iterable[UnitRow], *, exported_at: datetime) -> bytes:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "agencies": [_public(a) for a in ordered_agencies(agencies)],
        "units": [_public(u) for u in ordered_units(units)],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def render_csv(agencies: Iterable[AgencyRow], units: Iterable[UnitRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for a in ordered_agencies(agencies):
        writer.writerow(["agency", a.agency_id, a.parent_id or "", "", a.kind, a.name_th, a.name_en or "",
                         a.letter_prefix, "", a.province_code or "", _bool_text(a.active)])
    for u in ordered_units(units):
        writer.writerow(["unit", u.unit_id, u.parent_unit_id or "", u.agency_id, "", u.name_th, u.name_en or "",
                         "", u.letter_suffix or "", "", _bool_text(u.active)])
    return "\ufeff".encode() + out.getvalue().encode()


def _bool_text(value: bool) -> str:
    return "true" if value else "false"

"""The draft agenda rebuilt from its change events: a pure fold, hierarchical numbering, and version diffs.

Every change the service accepts is stored as one event; the draft at any version is `replay(events[:n])`.
The fold trusts its input: the use cases validate a change before they store it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from opensaraban_shared.thai import thai_digits

ITEM_FIELDS = ("title", "summary", "presenting_agency_id", "presenting_agency_name", "attachments", "links")
Container = tuple[int, str | None]  # (section, parent item id)


@dataclass
class Draft:
    sections: list[dict[str, Any]]
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: dict[Container, list[str]] = field(default_factory=dict)
    version: int = 0

    def children(self, section: int, parent_id: str | None) -> list[str]:
        return self.order.setdefault((section, parent_id), [])

    def descendants(self, item_id: str) -> list[str]:
        item = self.items[item_id]
        found: list[str] = []
        for child in self.order.get((item["section"], item_id), []):
            found += [child, *self.descendants(child)]
        return found


def replay(sections: list[dict[str, Any]], changes: Iterable[Mapping[str, Any]]) -> Draft:
    draft = Draft(sections=sections)
    for change in changes:
        apply(draft, change["kind"], change["data"])
        draft.version = change["version"]
    return draft


def apply(draft: Draft, kind: str, data: Mapping[str, Any]) -> None:
    if kind == "item_added":
        item = dict(data["item"])
        draft.items[item["item_id"]] = item
        _insert(draft.children(item["section"], item["parent_id"]), item["item_id"], data.get("position"))
    elif kind == "item_revised":
        draft.items[data["item_id"]].update(data["fields"])
    elif kind == "item_reviewed":
        item = draft.items[data["item_id"]]
        item["status"] = data["decision"]
        item["comment"] = data.get("comment")
        item["deferred_to_meeting_id"] = data.get("to_meeting_id")
    elif kind == "item_moved":
        _move(draft, data["item_id"], data["section"], data.get("parent_id"), data.get("position"))
    elif kind == "item_removed":
        item = draft.items[data["item_id"]]
        for gone in [data["item_id"], *draft.descendants(data["item_id"])]:
            draft.items.pop(gone, None)
        draft.children(item["section"], item["parent_id"]).remove(data["item_id"])
    else:
        raise ValueError(f"unknown agenda change {kind!r}")


def _insert(siblings: list[str], item_id: str, position: int | None) -> None:
    """`position` counts from 1 among the siblings; None or past the end appends."""
    if position is None or position > len(siblings):
        siblings.append(item_id)
    else:
        siblings.insert(max(position, 1) - 1, item_id)


def _move(draft: Draft, item_id: str, section: int, parent_id: str | None, position: int | None) -> None:
    item = draft.items[item_id]
    draft.children(item["section"], item["parent_id"]).remove(item_id)
    moved = [item_id, *draft.descendants(item_id)]
    if section != item["section"]:
        # Sub-items travel with their parent: their containers are re-keyed to the new section.
        for sub in moved:
            old = (draft.items[sub]["section"], sub)
            if old in draft.order:
                draft.order[(section, sub)] = draft.order.pop(old)
            draft.items[sub]["section"] = section
    item["parent_id"] = parent_id
    _insert(draft.children(section, parent_id), item_id, position)


# --- reading the draft ----------------------------------------------------------------------------


def number_text(parts: Iterable[int]) -> str:
    return ".".join(str(p) for p in parts)


def snapshot(draft: Draft) -> dict[str, Any]:
    """The agenda as printed: sections with their accepted items numbered ๔.๑, ๔.๒, ๔.๒.๑ (recomputed every
    time, so numbers are right after any reordering), plus the items still waiting or sent back."""

    def walk(section: int, parent_id: str | None, prefix: list[int]) -> list[dict[str, Any]]:
        out = []
        accepted = [i for i in draft.order.get((section, parent_id), []) if draft.items[i]["status"] == "accepted"]
        for n, item_id in enumerate(accepted, 1):
            parts = [*prefix, n]
            number = number_text(parts)
            out.append({**draft.items[item_id], "number": number, "number_th": thai_digits(number),
                        "children": walk(section, item_id, parts)})
        return out

    sections = [{**s, "number_th": thai_digits(s["number"]), "items": walk(s["number"], None, [s["number"]])}
                for s in draft.sections]
    others = [dict(draft.items[i]) for container in draft.order.values() for i in container
              if draft.items[i]["status"] != "accepted"]
    return {"version": draft.version, "sections": sections, "not_on_agenda": others}


def flatten(snap: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Accepted items in printed order (depth first)."""
    out: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            out.append(item)
            walk(item["children"])

    for section in snap["sections"]:
        walk(section["items"])
    return out


def changes_between(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """What a reader of the previous version must know, in Thai: added, removed, renumbered, edited items."""
    if before is None:
        return []
    old = {i["item_id"]: i for i in flatten(before)}
    new = {i["item_id"]: i for i in flatten(after)}
    said: list[str] = []
    for item_id, item in new.items():
        was = old.get(item_id)
        label = f"{item['number_th']} {item['title']}"
        if was is None:
            said.append(f"เพิ่มเรื่อง {label}")
            continue
        if was["number"] != item["number"]:
            said.append(f"เปลี่ยนลำดับ {was['number_th']} เป็น {label}")
        edited = [name for name, key in (("ชื่อเรื่อง", "title"), ("สาระสำคัญ", "summary"),
                                          ("หน่วยงานที่เสนอ", "presenting_agency_name"), ("ลิงก์", "links"))
                  if was.get(key) != item.get(key)]
        if [a["sha256"] for a in was.get("attachments", [])] != [a["sha256"] for a in item.get("attachments", [])]:
            edited.append("เอกสารประกอบ")
        if edited:
            said.append(f"แก้ไข{'/'.join(edited)} {label}")
    for item_id, was in old.items():
        if item_id not in new:
            said.append(f"ถอนเรื่อง {was['number_th']} {was['title']}")
    return said

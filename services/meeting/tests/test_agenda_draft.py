"""The draft agenda as a fold over its change events: numbering, reordering, nesting, history, version diffs."""

from __future__ import annotations

from typing import Any

from meeting_service.agenda.draft import changes_between, flatten, replay, snapshot
from meeting_service.committees.templates import standard_sections

SECTIONS = standard_sections("5_sections")


class Log:
    """Builds a list of change events the way the service stores them."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def _add(self, kind: str, data: dict[str, Any]) -> None:
        self.events.append({"version": len(self.events) + 1, "kind": kind, "data": data})

    def add(self, item_id: str, section: int, *, parent: str | None = None, status: str = "accepted",
            position: int | None = None) -> Log:
        self._add("item_added", {"position": position, "item": {
            "item_id": item_id, "section": section, "parent_id": parent, "title": f"เรื่อง {item_id}",
            "summary": "", "presenting_agency_id": "cm-statistics", "presenting_agency_name": "สถิติ",
            "status": status, "attachments": [], "links": []}})
        return self

    def move(self, item_id: str, section: int, position: int, parent: str | None = None) -> Log:
        self._add("item_moved", {"item_id": item_id, "section": section, "parent_id": parent, "position": position})
        return self

    def review(self, item_id: str, decision: str) -> Log:
        self._add("item_reviewed", {"item_id": item_id, "decision": decision, "comment": None})
        return self

    def remove(self, item_id: str) -> Log:
        self._add("item_removed", {"item_id": item_id})
        return self


def numbers(log: Log, upto: int | None = None) -> list[tuple[str, str]]:
    snap = snapshot(replay(SECTIONS, log.events[:upto]))
    return [(i["number_th"], i["item_id"]) for i in flatten(snap)]


def test_items_are_numbered_within_their_section_and_sub_items_below_them() -> None:
    log = Log().add("a", 4).add("b", 4).add("b1", 4, parent="b").add("c", 3)

    assert numbers(log) == [("๓.๑", "c"), ("๔.๑", "a"), ("๔.๒", "b"), ("๔.๒.๑", "b1")]


def test_numbers_follow_a_reordering_and_sub_items_move_with_their_parent() -> None:
    log = Log().add("a", 4).add("b", 4).add("b1", 4, parent="b").move("b", 4, 1)

    assert numbers(log) == [("๔.๑", "b"), ("๔.๑.๑", "b1"), ("๔.๒", "a")]

    log.move("b", 3, 1)
    assert numbers(log) == [("๓.๑", "b"), ("๓.๑.๑", "b1"), ("๔.๑", "a")]


def test_nesting_an_item_renumbers_the_rest() -> None:
    log = Log().add("a", 4).add("b", 4).add("c", 4).move("c", 4, 1, parent="a")

    assert numbers(log) == [("๔.๑", "a"), ("๔.๑.๑", "c"), ("๔.๒", "b")]


def test_only_accepted_items_take_a_number() -> None:
    log = Log().add("waiting", 4, status="submitted").add("a", 4).add("late", 4, status="submitted")

    assert numbers(log) == [("๔.๑", "a")]
    log.review("late", "accepted").review("waiting", "deferred")
    assert numbers(log) == [("๔.๑", "a"), ("๔.๒", "late")]
    assert [i["item_id"] for i in snapshot(replay(SECTIONS, log.events))["not_on_agenda"]] == ["waiting"]


def test_any_past_version_is_rebuilt_from_the_events_before_it() -> None:
    log = Log().add("a", 4).add("b", 4).move("b", 4, 1).remove("a")

    assert numbers(log, 2) == [("๔.๑", "a"), ("๔.๒", "b")]
    assert numbers(log, 3) == [("๔.๑", "b"), ("๔.๒", "a")]
    assert numbers(log) == [("๔.๑", "b")]
    assert snapshot(replay(SECTIONS, log.events[:3]))["version"] == 3


def test_the_changes_between_versions_name_added_moved_and_withdrawn_items() -> None:
    log = Log().add("a", 4).add("b", 4)
    before = snapshot(replay(SECTIONS, log.events))
    log.add("c", 5).move("b", 4, 1).remove("a")

    said = changes_between(before, snapshot(replay(SECTIONS, log.events)))

    assert "เพิ่มเรื่อง ๕.๑ เรื่อง c" in said
    assert "เปลี่ยนลำดับ ๔.๒ เป็น ๔.๑ เรื่อง b" in said
    assert "ถอนเรื่อง ๔.๑ เรื่อง a" in said
    assert changes_between(None, before) == []

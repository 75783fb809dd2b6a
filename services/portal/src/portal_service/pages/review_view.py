"""What the review page shows a reader, without a network: whether the open step is theirs (or theirs as a
delegate), where it may be sent back to, each step's actions this round, and which two versions to compare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Review = dict[str, Any]  # GET /letters/{id}/review


@dataclass(frozen=True)
class MyTurn:
    """The open step, when the reader holds it or stands in for its holder."""

    step: dict[str, Any]
    on_behalf_of: dict[str, Any] | None  # the holder, when the reader acts as their delegate

    @property
    def signs(self) -> bool:
        return self.step["role"] == "sign"


def open_step(review: Review) -> dict[str, Any] | None:
    return next((s for s in review["steps"] if s["state"] == "open"), None) if review["status"] == "in_review" else None


def my_turn(review: Review, user_id: str) -> MyTurn | None:
    step = open_step(review)
    if step is None:
        return None
    if step["holder"]["user_id"] == user_id:
        return MyTurn(step, None)
    if (step.get("delegate") or {}).get("user_id") == user_id:
        return MyTurn(step, step["holder"])
    return None


def return_targets(review: Review, step: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Back to the drafter (0) or to any earlier step of this round, each with the person it goes to."""
    earlier = [(s["position"], s["holder"]) for s in review["steps"] if s["position"] < step["position"]]
    return [(0, review["drafter"]), *earlier]


def actions_by_step(review: Review) -> dict[int, list[dict[str, Any]]]:
    """This round's actions on each step (a step returned to acts again), oldest first."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for action in review["history"]:
        if action["round"] == review["round"] and action["position"] > 0:
            grouped.setdefault(action["position"], []).append(action)
    return grouped


def may_recall(review: Review, user_id: str) -> bool:
    return review["status"] == "in_review" and review["drafter"]["user_id"] == user_id


def versions_to_compare(review: Review, wanted_from: int | None, wanted_to: int | None) -> tuple[int, int] | None:
    """The pair asked for when both exist, else the latest version against the one before; None with one version."""
    numbers = sorted(v["version"] for v in review["versions"])
    if len(numbers) < 2:
        return None
    if wanted_from in numbers and wanted_to in numbers and wanted_from != wanted_to:
        return wanted_from, wanted_to
    return numbers[-2], numbers[-1]


def last_sent_back(review: Review) -> dict[str, Any] | None:
    """Why the draft is back with its drafter: the return or refusal that ended the last round, if one did."""
    if review["status"] not in {"returned", "refused"}:
        return None
    return next((a for a in reversed(review["history"]) if a["action"] in {"returned", "refused"}), None)


def names(review: Review) -> dict[str, str]:
    """Everyone the review names, by id (a version says only who made it)."""
    people = [review["drafter"], *(s["holder"] for s in review["steps"]), *(s["delegate"] for s in review["steps"]
                                                                         if s.get("delegate"))]
    people += [a["actor"] for a in review["history"]]
    return {p["user_id"]: p["display_name"] for p in people}

"""The composite paper-free score that ranks provinces, ministries and agencies (pure, documented here once).

score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components cᵢ (each 0…1) that have data in the period:

| component | weight | definition |
|---|---|---|
| electronic distribution rate | 0.50 | electronic letters ÷ all letters, sent and received (paper registered on arrival and paper sends count as paper) |
| acceptance within 24 h | 0.20 | electronic deliveries registered (ลงรับ) less than 24 hours after they arrived ÷ all registered deliveries |
| active users | 0.15 | people who signed in during the period ÷ active people in the directory (at most 1) |
| electronic agenda packs | 0.15 | meetings held with an electronic agenda pack ÷ meetings held |

A component without data (no letters, no meetings …) is left out and the others' weights are scaled up, so a
province is not punished for what it had no occasion to do. Rows without any component have no score.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS: dict[str, float] = {
    "electronic_rate": 0.50,
    "accepted_within_24h": 0.20,
    "active_user_share": 0.15,
    "electronic_pack_share": 0.15,
}


@dataclass(frozen=True)
class Components:
    electronic_rate: float | None = None
    accepted_within_24h: float | None = None
    active_user_share: float | None = None
    electronic_pack_share: float | None = None


def ratio(part: float, whole: float) -> float | None:
    return None if whole <= 0 else min(1.0, part / whole)


def composite(components: Components) -> float | None:
    present = {name: getattr(components, name) for name in WEIGHTS if getattr(components, name) is not None}
    if not present:
        return None
    weight = sum(WEIGHTS[name] for name in present)
    return round(100 * sum(WEIGHTS[name] * value for name, value in present.items()) / weight, 2)


FORMULA = (__doc__ or "").split("\n", 2)[2].strip()

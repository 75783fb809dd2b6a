"""The printed structure of a rich text, independent of the output format; digits and list labels already chosen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False


Cell = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line as typed: each line of a summary prints as its own paragraph."""

    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    label: str  # '(๑)', '(ก)', '๑)' or a bullet
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    level: int  # 0 for a list in the text itself, 1 for a list inside its item, …
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


Block = Paragraph | ListBlock | Table


def plain(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)

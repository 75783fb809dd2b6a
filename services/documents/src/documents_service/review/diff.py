"""Which words changed between two versions of a draft, field by field. Thai has no spaces between words, so text is
split into words by the same dictionary segmenter search uses, then compared by difflib."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from opensaraban_shared.thai_search import thai_words

from .models import FieldDiff, WordChange

_THAI_RUN = re.compile(r"([\u0e00-\u0e7f]+)")
_OTHER = re.compile(r"(\s+|[^\s\u0e00-\u0e7f]+)")


def words(text: str) -> list[str]:
    """Words, spaces and other runs in order; joined they give back `text`."""
    out: list[str] = []
    for n, part in enumerate(_THAI_RUN.split(text)):
        if n % 2:
            out += thai_words(part)
        else:
            out += [p for p in _OTHER.split(part) if p]
    return out


def changes(before: str, after: str) -> list[WordChange]:
    old, new = words(before), words(after)
    result: list[WordChange] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            result.append(WordChange(op="equal", text="".join(old[a1:a2])))
            continue
        if a2 > a1:
            result.append(WordChange(op="delete", text="".join(old[a1:a2])))
        if b2 > b1:
            result.append(WordChange(op="insert", text="".join(new[b1:b2])))
    return result


def fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldDiff]:
    """Every field whose value differs, with its word-level changes."""
    return [FieldDiff(field=name, changes=changes(_text(before.get(name)), _text(after.get(name))))
            for name in after if _text(before.get(name)) != _text(after.get(name))]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(map(str, value))
    return "" if value is None else str(value)

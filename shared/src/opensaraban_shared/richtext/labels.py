"""List labels as Thai documents number the parts of a clause, so they cannot be read as agenda numbers (๔.๒.๑):
(๑) (๒) … at the first level, (ก) (ข) … inside those, ๑) ๒) … inside those, and round again. Bullets are • then –."""

from __future__ import annotations

from opensaraban_shared.thai import format_digits

# The Thai consonants in dictionary order, without ฃ and ฅ, which are no longer written.
THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
BULLETS = ("•", "–")


def ordered(number: int, level: int, *, thai_digits: bool) -> str:
    """The label of the `number`th item (from 1) of an ordered list nested `level` ordered lists deep."""
    style = level % 3
    if style == 1 and 1 <= number <= len(THAI_LETTERS):
        return f"({THAI_LETTERS[number - 1]})"
    digits = format_digits(number, thai_digits=thai_digits)
    return f"{digits})" if style == 2 else f"({digits})"


def bullet(level: int) -> str:
    return BULLETS[min(level, len(BULLETS) - 1)]

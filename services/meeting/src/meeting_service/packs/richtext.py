"""Summaries, discussions and resolutions as printed: each line of the text a paragraph, numbers in Thai digits."""

from __future__ import annotations

from markupsafe import Markup, escape

from opensaraban_shared.thai import thai_digits


def html(text: str) -> Markup:
    return Markup("".join(f"<p>{escape(thai_digits(line.strip()))}</p>" for line in text.splitlines() if line.strip()))

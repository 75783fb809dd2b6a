"""QR codes of the agenda's links, for the PDF (a data: URL, as the typesetter loads nothing from outside) and the
DOCX (PNG bytes): one code per URL, made once."""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


@lru_cache(maxsize=256)
def data_url(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)

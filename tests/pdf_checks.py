"""Checks of generated PDFs with tools we did not write: poppler's pdftotext and pdffonts, pdftoppm for looking,
and PyThaiNLP's newmm segmenter (not libthai, which broke the lines) to judge where lines end."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
                              check=True, capture_output=True, text=True).stdout


def text_lines(pdf: bytes, *, first: int | None = None, last: int | None = None, raw: bool = False) -> list[str]:
    """The non-empty lines pdftotext reads, in reading order, stripped. With `raw`, in the order the page draws
    them (pdftotext -raw): a table row by row and cell by cell, where the reading order guesses columns."""
    pages = [*(("-f", str(first)) if first else ()), *(("-l", str(last)) if last else ()), *(("-raw",) if raw else ())]
    return [line.strip() for line in _poppler("pdftotext", pdf, *pages).splitlines() if line.strip()]


def page_texts(pdf: bytes, *, layout: bool = False, raw: bool = False) -> list[str]:
    """pdftotext's text of each page (it separates pages with a form feed). With `layout`, pdftotext keeps the
    page's physical layout and does not join a line that ends in '-' with the next, as its reading order does
    (a page number '- ๒ -' stays whole). With `raw`, the order the page draws its text (see text_lines)."""
    return _poppler("pdftotext", pdf, *(("-layout",) if layout else ()), *(("-raw",) if raw else ())).split("\f")[:-1]


def images(pdf: bytes) -> list[dict[str, str]]:
    """The raster images pdfimages lists: page, width, height, type … per image."""
    rows = _poppler("pdfimages", pdf, "-list").splitlines()
    header = rows[0].split()
    return [dict(zip(header, row.split(), strict=False)) for row in rows[2:]]


def without_spaces(text: str) -> str:
    return "".join(text.split())


def embedded_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font pdffonts lists."""
    rows = [line.split() for line in _poppler("pdffonts", pdf).splitlines()[2:]]
    return [(row[0], row[-5] == "yes") for row in rows]


_ICU_WORD_ENDS = """
const text = require("fs").readFileSync(0, "utf8");
const ends = [...new Intl.Segmenter("th", {granularity: "word"}).segment(text)].map(s => s.index + s.segment.length);
process.stdout.write(JSON.stringify(ends));
"""


def word_ends(text: str) -> set[int]:
    """Where words end in `text`, by ICU's dictionary (Node.js's Intl.Segmenter), in UTF-16 code units, which for
    Thai text are characters."""
    found = subprocess.run(["node", "-e", _ICU_WORD_ENDS], input=text, check=True, capture_output=True, text=True)
    return {0, *json.loads(found.stdout)}


def breaks_inside_words(lines: list[str], source: str | None = None) -> list[str]:
    """Line ends that fall inside a word, shown as 'before|after', judged by ICU's segmenter: a different one from
    libthai, which Pango asks where to break lines. With `source`, the text the lines were set from, a line may
    also end where the source has a space (pdftotext drops spaces at line ends)."""
    text = source if source is not None else "".join(without_spaces(line) for line in lines)
    assert without_spaces(text) == "".join(without_spaces(line) for line in lines), "lines are not the source's"
    ends = sorted(word_ends(text) | {i for i, c in enumerate(text) if c.isspace()}
                  | {i + 1 for i, c in enumerate(text) if c.isspace()})
    visible = [i for i, c in enumerate(text) if not c.isspace()]
    bad, seen = [], 0
    for line in lines[:-1]:
        seen += len(without_spaces(line))
        at = visible[seen - 1] + 1
        if at not in ends:
            start = max(e for e in ends if e < at)
            stop = min(e for e in ends if e > at)
            bad.append(f"{text[start:at]}|{text[at:stop]}")
    return bad


def metadata(pdf: bytes) -> dict[str, str]:
    """The XMP metadata's simple properties (pdfaid:part, dc:title …) as pypdf reads them."""
    import io
    import re

    from pypdf import PdfReader

    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    if xmp is None:
        return {}
    raw = xmp.stream.get_data().decode()
    found = dict(re.findall(r'(\w+:\w+)="([^"]*)"', raw))
    found.update(re.findall(r"<(\w+:\w+)>([^<]+)</\1>", raw))
    for name, value in re.findall(r"<(\w+:\w+)>\s*<rdf:(?:Alt|Seq|Bag)>\s*<rdf:li[^>]*>([^<]*)</rdf:li>", raw):
        found[name] = value
    return found

"""Checks of generated PDFs with tools we did not write: poppler's pdftotext and pdffonts, pdftoppm for looking,
ICU's word segmenter through Node.js (not libthai, which broke the lines) to judge where lines end, and veraPDF, the
reference PDF/A validator (installed by `make setup`, deploy/devstack/verapdf.py)."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from deploy.devstack import verapdf


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
                              check=True, capture_output=True, text=True).stdout


PAGE_FOOTER = re.compile(r".*หน้า [๐-๙0-9]+/[๐-๙0-9]+")


def body_lines(pdf: bytes) -> list[str]:
    """text_lines in drawing order without the footers ('… หน้า ๒/๓') of the documents other than letters, so a
    paragraph that runs on overleaf reads as one."""
    return [line for line in text_lines(pdf, raw=True) if not PAGE_FOOTER.fullmatch(line)]


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


def pdfa_failures(pdfs: dict[str, bytes], *, flavour: str = "2b") -> dict[str, list[str]]:
    """veraPDF's verdict on each named PDF: the rules it breaks ('6.2.8-3: If an Image dictionary contains the
    Interpolate key …'), an empty list for a conformant file. One Java process for all of them."""
    jar = verapdf.jar_path()
    assert jar.is_file(), f"veraPDF is not installed at {jar}: run 'make setup'"
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for n, (name, pdf) in enumerate(pdfs.items()):
            paths[str(Path(folder) / f"{n}.pdf")] = name
            Path(folder, f"{n}.pdf").write_bytes(pdf)
        report = subprocess.run(["java", "-cp", str(jar), verapdf.CLI_CLASS, "--flavour", flavour, "--format", "mrr",
                                 *paths], capture_output=True, text=True).stdout
    verdicts: dict[str, list[str]] = {}
    for job in ElementTree.fromstring(report).iter("job"):
        name = paths[job.findtext("item/name", "")]
        result = job.find("validationReport")
        assert result is not None, f"veraPDF could not validate {name}: {ElementTree.tostring(job, encoding='unicode')}"
        verdicts[name] = [f"{rule.get('clause')}-{rule.get('testNumber')}: {rule.findtext('description')}"
                          for rule in result.iter("rule") if rule.get("status") == "failed"]
    assert set(verdicts) == set(pdfs), f"veraPDF reported on {sorted(verdicts)}, not {sorted(pdfs)}"
    return verdicts


def missing_in_order(texts: list[str], lines: list[str]) -> list[str]:
    """The texts not found reading the lines in order (whitespace aside: lines may wrap anywhere)."""
    read = without_spaces("".join(lines))
    missing, at = [], 0
    for text in texts:
        found = read.find(without_spaces(text), at)
        if found < 0:
            missing.append(text)
        else:
            at = found + len(without_spaces(text))
    return missing


def lines_of(text: str, lines: list[str]) -> list[str]:
    """The consecutive lines that `text` (a paragraph, a table cell) was set in, whitespace aside: from the line it
    starts on, as many as spell it out. Its first line may begin with other text: in drawing order, a table row's
    cells that share their first baseline read as one line."""
    whole = without_spaces(text)
    for start, line in enumerate(lines):
        squashed = without_spaces(line)
        if whole in squashed:
            return [whole]  # set on one line: no line end inside it
        head = next((squashed[k:] for k in range(len(squashed)) if whole.startswith(squashed[k:])), "")
        if not head:
            continue
        taken, read = [head], head
        for following in lines[start + 1:]:
            read += without_spaces(following)
            taken.append(following)
            if not whole.startswith(read):
                break
            if read == whole:
                return taken
    raise AssertionError(f"no run of lines spells out {text[:40]!r}…")


def breaks_inside_paragraphs(paragraphs: list[str], lines: list[str]) -> list[str]:
    """breaks_inside_words over each paragraph's own lines, found in a whole document's lines."""
    return [bad for paragraph in paragraphs for bad in breaks_inside_words(lines_of(paragraph, lines), paragraph)]


def nss_trusting(root_certificate: Path, folder: Path) -> Path:
    """An NSS database (certutil) in `folder` that trusts `root_certificate`: the trust store pdfsig checks with."""
    database = f"sql:{folder}"
    subprocess.run(["certutil", "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", database, "-n", "trusted-root", "-t", "CT,C,C", "-i",
                    str(root_certificate)], check=True, capture_output=True)
    return folder


def pdfsig(pdf: bytes, nss: Path) -> list[dict[str, str]]:
    """poppler's report of every signature made: {"Signature Field Name": …, "Signature Validation": …,
    "Certificate Validation": …, "Total document signed": "yes"|"no", …}, in the file's order (empty signature
    fields, which pdfsig lists too, left out)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signed.pdf"
        path.write_bytes(pdf)
        output = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True,
                                text=True).stdout
    signatures: list[dict[str, str]] = []
    for line in output.splitlines():
        if re.match(r"Signature #\d+:", line):
            signatures.append({})
        elif signatures and line.strip().startswith("- "):
            item = line.strip()[2:]
            if item in ("Total document signed", "Not total document signed"):
                signatures[-1]["Total document signed"] = "yes" if item.startswith("Total") else "no"
            elif ": " in item:
                key, value = item.split(": ", 1)
                signatures[-1][key] = value
    return [s for s in signatures if "Signature Validation" in s]

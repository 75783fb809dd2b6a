"""Rich text (opensaraban_shared.richtext) in the Word agenda, as the PDF prints it: each line a paragraph, list
items as paragraphs with the same labels ((๑), (ก), …) hanging before their text, nested lists indented under
their parent item's text, tables as real Word tables with borders and a header row that repeats on each page."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from opensaraban_shared.richtext import Block, ListBlock, Paragraph, Run, Table

from . import docx_style

LABEL = 1.0  # cm a list label takes before its item's text
TABLE_SIZE = 14


def write(document: Any, blocks: tuple[Block, ...], *, indent: float) -> None:
    """`blocks` into `document`, their text starting `indent` cm from the margin."""
    for block in blocks:
        if isinstance(block, Paragraph):
            _runs(docx_style.paragraph(document, indent=indent), block.runs)
        elif isinstance(block, ListBlock):
            _list(document, block, indent=indent)
        else:
            _table(document, block, indent=indent)


def _list(document: Any, block: ListBlock, *, indent: float) -> None:
    text_at = indent + LABEL
    for item in block.items:
        first, *rest = item.blocks or (Paragraph(()),)
        labelled = docx_style.paragraph(document, indent=text_at, hanging=LABEL)
        docx_style.run(labelled, f"{item.label}\t")
        if isinstance(first, Paragraph):
            _runs(labelled, first.runs)
        else:
            rest = list(item.blocks)
        write(document, tuple(rest), indent=text_at)


def _table(document: Any, table: Table, *, indent: float) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    _indent(grid, indent)
    header = grid.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
    for cells, row in ((table.header, header), *zip(table.rows, grid.rows[1:], strict=True)):
        for runs, cell in zip(cells, row.cells, strict=True):
            _runs(cell.paragraphs[0], runs, bold=row is header, size=TABLE_SIZE)


def _indent(grid: Any, indent: float) -> None:
    element = OxmlElement("w:tblInd")
    element.set(qn("w:w"), str(Cm(indent).twips))
    element.set(qn("w:type"), "dxa")
    grid._tbl.tblPr.append(element)


def _runs(para: Any, runs: tuple[Run, ...], *, bold: bool = False, size: float = 16) -> None:
    for run in runs:
        docx_style.run(para, run.text, bold=bold or run.bold, size=size)

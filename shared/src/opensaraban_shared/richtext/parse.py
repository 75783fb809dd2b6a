"""Markdown subset → printed structure, with markdown-it-py limited to what the subset needs: paragraphs, lists,
pipe tables, emphasis (only ** prints bold), line breaks and backslash escapes. Every other construct — raw HTML,
links, images, headings, code, quotes — is not parsed at all, so it stays in the text as typed and is escaped on output."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from opensaraban_shared.thai import arabic_digits, format_digits

from . import labels
from .model import Block, Cell, ListBlock, ListItem, Paragraph, Run, Table

_MARKDOWN = MarkdownIt("zero", {"maxNesting": 12}).enable(["list", "table", "emphasis", "newline", "escape"])
# A list typed with Thai digits ('๑. …') is a list too.
_THAI_MARKER = re.compile(r"^([ \t]*)([๐-๙]+)([.)])(?=[ \t]|$)", re.MULTILINE)
# A number stays on the line of the word before it ('ปี ๒๕๖๙', 'ร้อยละ ๖๒.๕', 'มกราคม ๒๕๗๐'): the space becomes
# a no-break space, so a narrow table column or a line end never leaves the number alone.
_SPACE_BEFORE_NUMBER = re.compile(r" (?=[0-9๐-๙])")


def parse(text: str, *, thai_digits: bool = True) -> tuple[Block, ...]:
    """The blocks of `text`, its numbers in the document's digits (identifiers keep theirs), lists labelled."""
    source = _THAI_MARKER.sub(lambda m: m[1] + arabic_digits(m[2]) + m[3], text)
    root = SyntaxTreeNode(_MARKDOWN.parse(source))
    return _Reader(thai_digits).blocks(root.children, ordered_level=0, bullet_level=0, level=0)


class _Reader:
    def __init__(self, thai_digits: bool) -> None:
        self.thai_digits = thai_digits

    def blocks(self, nodes: list[SyntaxTreeNode], *, ordered_level: int, bullet_level: int,
               level: int) -> tuple[Block, ...]:
        out: list[Block] = []
        for node in nodes:
            if node.type == "paragraph":
                out += [Paragraph(line) for line in self.lines(node.children[0]) if line]
            elif node.type in ("ordered_list", "bullet_list"):
                out.append(self.list(node, ordered_level=ordered_level, bullet_level=bullet_level, level=level))
            elif node.type == "table":
                out.append(self.table(node))
        return tuple(out)

    def list(self, node: SyntaxTreeNode, *, ordered_level: int, bullet_level: int, level: int) -> ListBlock:
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        items = []
        for n, item in enumerate(node.children, start=start):
            label = (labels.ordered(n, ordered_level, thai_digits=self.thai_digits) if ordered
                     else labels.bullet(bullet_level))
            items.append(ListItem(label, self.blocks(item.children, ordered_level=ordered_level + ordered,
                                                     bullet_level=bullet_level + (not ordered), level=level + 1)))
        return ListBlock(ordered, level, tuple(items))

    def table(self, node: SyntaxTreeNode) -> Table:
        head, *body = node.children
        rows = [self.row(tr) for part in (head, *body) for tr in part.children]
        width = len(rows[0])
        return Table(rows[0], tuple(row + ((),) * (width - len(row)) for row in rows[1:]))

    def row(self, tr: SyntaxTreeNode) -> tuple[Cell, ...]:
        return tuple(tuple(run for line in self.lines(cell.children[0]) for run in line) if cell.children else ()
                     for cell in tr.children)

    def lines(self, inline: SyntaxTreeNode) -> list[tuple[Run, ...]]:
        """The inline content as lines (split where the text had a line break), each a tuple of merged runs."""
        lines: list[list[Run]] = [[]]
        for text, bold in self.runs(inline.children, bold=False):
            if text is None:
                lines.append([])
            elif lines[-1] and lines[-1][-1].bold == bold:
                lines[-1][-1] = Run(lines[-1][-1].text + text, bold)
            else:
                lines[-1].append(Run(text, bold))
        return [tuple(Run(self.printed(run.text), run.bold) for run in _stripped(line)) for line in lines]

    def printed(self, text: str) -> str:
        return _SPACE_BEFORE_NUMBER.sub("\u00a0", format_digits(text, thai_digits=self.thai_digits))

    def runs(self, nodes: list[SyntaxTreeNode], *, bold: bool):
        """(text, bold) pairs; (None, …) for a line break. Emphasis with one marker prints its markers as typed."""
        for node in nodes:
            if node.type == "text":
                yield node.content, bold
            elif node.type in ("softbreak", "hardbreak"):
                yield None, bold
            elif node.type == "strong":
                yield from self.runs(node.children, bold=True)
            elif node.type == "em":
                yield node.markup, bold
                yield from self.runs(node.children, bold=bold)
                yield node.markup, bold


def _stripped(line: list[Run]) -> list[Run]:
    """Without the spaces at either end of the line, and without runs left empty."""
    if line:
        line[0] = Run(line[0].text.lstrip(), line[0].bold)
        line[-1] = Run(line[-1].text.rstrip(), line[-1].bold)
    return [run for run in line if run.text]

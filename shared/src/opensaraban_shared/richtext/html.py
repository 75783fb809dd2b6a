"""The printed structure as HTML for the PDF templates and the portal: every text escaped, lists as <ol>/<ul> whose
items carry their printed label (class rich-list; the stylesheet hides the browser's own numbers), tables with a
header row that repeats on each page (class rich-table)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .model import Block, ListBlock, Paragraph, Run, Table


def html(blocks: tuple[Block, ...]) -> Markup:
    return Markup("".join(_block(block) for block in blocks))


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_runs(block.runs)}</p>"
    if isinstance(block, ListBlock):
        return _list(block)
    return _table(block)


def _list(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        label = f'<span class="label">{escape(item.label)}</span>'
        first, *rest = item.blocks or (Paragraph(()),)
        if isinstance(first, Paragraph):
            head, rest_html = f"<p>{label}{_runs(first.runs)}</p>", "".join(_block(b) for b in rest)
        else:
            head, rest_html = f"<p>{label}</p>", "".join(_block(b) for b in item.blocks)
        items.append(f"<li>{head}{rest_html}</li>")
    return f'<{tag} class="rich-list level-{block.level}">{"".join(items)}</{tag}>'


def _table(table: Table) -> str:
    head = "".join(f"<th>{_runs(cell)}</th>" for cell in table.header)
    body = "".join("<tr>" + "".join(f"<td>{_runs(cell)}</td>" for cell in row) + "</tr>" for row in table.rows)
    return f'<table class="rich-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(f"<strong>{escape(run.text)}</strong>" if run.bold else str(escape(run.text)) for run in runs)

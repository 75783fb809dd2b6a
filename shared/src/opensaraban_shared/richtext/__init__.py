"""Rich text in agenda item summaries and minutes (docs/rich-text.md): a Markdown subset — paragraphs, **bold**,
numbered and bulleted lists with nesting, pipe tables — parsed once into a printed structure (`parse`) that every
renderer formats the same way: HTML for the PDF and the portal (`html`), Word for the DOCX agenda (meeting packs).
Nothing the user typed reaches a page as markup: raw HTML, links and images print as the characters typed."""

from __future__ import annotations

from .html import html
from .model import Block, Cell, ListBlock, ListItem, Paragraph, Run, Table
from .parse import parse

# The API's description of a rich-text field (OpenAPI), the subset in one sentence.
FIELD_HELP = ("Rich text, a Markdown subset (docs/rich-text.md): one paragraph per line; **bold**; numbered lists "
              "'1. …' print (๑), nested (ก), then ๑); bulleted lists '- …'; nest by indenting to the text of the item "
              "above; pipe tables with a '|---|' line under the header. HTML, links and images print as typed.")

__all__ = ["FIELD_HELP", "Block", "Cell", "ListBlock", "ListItem", "Paragraph", "Run", "Table", "html", "parse"]

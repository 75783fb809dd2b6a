"""Every operation of the documents API is described in Thai and in English (agency developers read either)."""

import re

from documents_service.app import BLUEPRINT
from documents_service.settings import DocumentsSettings
from opensaraban_shared.service_app import create_app

THAI = re.compile("[\u0e00-\u0e7f]")
LATIN = re.compile("[A-Za-z]{3,}")


def test_every_operation_summary_has_thai_and_english():
    spec = create_app(BLUEPRINT, DocumentsSettings()).openapi()
    missing = [f"{method.upper()} {path}: {op.get('summary')!r}"
               for path, operations in spec["paths"].items() for method, op in operations.items()
               if not (THAI.search(op.get("summary", "")) and LATIN.search(op.get("summary", "")))]
    assert missing == []

"""Every operation of every back-end API is summarised in Thai and in English (agency developers read either)."""

import re

import pytest

from tests.support import BACK_ENDS, service_openapi

THAI = re.compile("[\u0e00-\u0e7f]")
LATIN = re.compile("[A-Za-z]{3,}")


@pytest.mark.parametrize("service", BACK_ENDS)
def test_every_operation_summary_has_thai_and_english(service):
    spec = service_openapi(service)
    missing = [f"{method.upper()} {path}: {op.get('summary')!r}"
               for path, operations in spec["paths"].items() for method, op in operations.items()
               if not (THAI.search(op.get("summary", "")) and LATIN.search(op.get("summary", "")))]
    assert missing == []

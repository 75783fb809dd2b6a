"""Every operation of every back-end API is summarised in Thai and in English (agency developers read either)."""

import importlib
import re

import pytest

from opensaraban_shared.service_app import create_app

THAI = re.compile("[\u0e00-\u0e7f]")
LATIN = re.compile("[A-Za-z]{3,}")
SERVICES = {"documents": "DocumentsSettings", "meeting": "MeetingSettings", "notify": "NotifySettings",
            "metrics": "MetricsSettings"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_operation_summary_has_thai_and_english(service):
    blueprint = importlib.import_module(f"{service}_service.app").BLUEPRINT
    settings = getattr(importlib.import_module(f"{service}_service.settings"), SERVICES[service])()
    spec = create_app(blueprint, settings).openapi()
    missing = [f"{method.upper()} {path}: {op.get('summary')!r}"
               for path, operations in spec["paths"].items() for method, op in operations.items()
               if not (THAI.search(op.get("summary", "")) and LATIN.search(op.get("summary", "")))]
    assert missing == []

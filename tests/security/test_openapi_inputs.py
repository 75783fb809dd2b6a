"""What the back ends' OpenAPI documents promise about client input, checked without servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from opensaraban_shared.db import INT_MAX
from tests.support import BACK_ENDS, service_openapi


def unbounded_integers(schema: dict, components: dict, where: str, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every place under `schema` where a client may send an integer without a documented maximum."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from unbounded_integers(components[name], components, f"{where} ({name})", seen | {name})
        return
    if schema.get("type") == "integer" and "enum" not in schema and schema.get("maximum", INT_MAX + 1) > INT_MAX:
        yield where
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in schema.get(key, []):
            yield from unbounded_integers(alternative, components, where, seen)
    for name, field in schema.get("properties", {}).items():
        yield from unbounded_integers(field, components, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from unbounded_integers(schema[key], components, f"{where}[]", seen)


@pytest.mark.parametrize("service", BACK_ENDS)
def test_every_integer_a_client_sends_is_bounded_to_fit_postgresqls_int(service):
    # An unbounded offset (2^100) overflowed in the database driver and answered 500.
    spec = service_openapi(service)
    components = spec.get("components", {}).get("schemas", {})
    unbounded = [
        place
        for path, operations in spec["paths"].items() for method, operation in operations.items()
        for place in [
            *(p for parameter in operation.get("parameters", []) for p in unbounded_integers(
                parameter["schema"], components, f"{method.upper()} {path} {parameter['in']} {parameter['name']}")),
            *(p for content in operation.get("requestBody", {}).get("content", {}).values() for p in unbounded_integers(
                content.get("schema", {}), components, f"{method.upper()} {path} body")),
        ]
    ]
    assert unbounded == []

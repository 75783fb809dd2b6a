"""What the administration forms share, without a network: the values typed, the required fields left empty, and
which field a service's refusal is about (so its message stands beside that field)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from starlette.datastructures import FormData

from ..i18n import Wording
from ..upstream import UpstreamError


def values_of(form: FormData, names: Iterable[str]) -> dict[str, str]:
    return {name: str(form.get(name) or "").strip() for name in names}


def missing(values: Mapping[str, str], required: Iterable[str], labels: Mapping[str, str],
            words: Wording) -> dict[str, str]:
    """'โปรดกรอกชื่อ-สกุล' beside each required field left empty."""
    return {name: words("admin_required", label=words(labels[name])) for name in required
            if not values.get(name, "").strip()}


def refusal_errors(exc: UpstreamError, labels: Mapping[str, str], words: Wording, *,
                   codes: Mapping[str, str] | None = None) -> dict[str, str]:
    """The fields a refusal names: by its code, by the fields pydantic listed, or by the field its detail names."""
    message = exc.message(words.lang)
    if codes and exc.code in codes:
        return {codes[exc.code]: message}
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    errors: dict[str, str] = {}
    for problem in detail.get("fields", []):  # pydantic's: loc is ["body", <field>, ...]
        loc = [str(part) for part in problem.get("loc", [])][1:]
        if loc and loc[0] in labels:
            errors.setdefault(loc[0], words("field_invalid", label=words(labels[loc[0]])))
    if not errors:
        named = next((key for key in detail if key in labels), None)
        if named is not None:
            errors[named] = message
    return errors

"""The letter form, without a network: which input each printed field takes, what the form sends to the letters API,
how a saved letter fills the form again, and which field an API refusal is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from starlette.datastructures import FormData

from ..i18n import Wording
from ..upstream import UpstreamError
from .be_dates import be_field, parse_be_date
from .forms import local_day

Widget = Literal["text", "textarea", "date", "lines"]


@dataclass(frozen=True)
class Field:
    label: str  # a key of i18n.TEXT
    widget: Widget = "text"
    max_length: int | None = None
    rows: int = 3
    wide: bool = False  # a whole row of the form, like every text area

    @property
    def spans_row(self) -> bool:
        return self.wide or self.widget in ("textarea", "lines")


# Every field a kind may print (GET /letters/forms names which); enclosures_text is drawn with the enclosure files.
FIELDS: dict[str, Field] = {
    "subject": Field("subject", max_length=1000, wide=True),
    "salutation": Field("salutation", max_length=500, wide=True),
    "reference_text": Field("reference", max_length=2000, wide=True),
    "enclosures_text": Field("enclosures_text", "textarea", max_length=2000),
    "body": Field("body", "textarea", max_length=200_000, rows=10),
    "closing": Field("closing", max_length=200),
    "signatory_name": Field("signatory", max_length=300),
    "signatory_position": Field("position", max_length=300),
    "owning_unit": Field("owning_unit", max_length=300, wide=True),
    "contact": Field("contact", max_length=500),
    "copies_to": Field("copies_to", "lines", rows=2),
    "seal_initials": Field("seal_initials", max_length=50),
    "effective_from": Field("effective_from", "date"),
    "issue_number": Field("issue_number", max_length=50),
}
# Where an error about something other than a printed field is shown: the API's name → the form's place and label.
PLACES: dict[str, tuple[str, str]] = {
    "kind": ("kind", "kind"), "subtype": ("subtype", "subtype"),
    "recipient_agency_ids": ("recipients", "recipients"), "recipient_list_ids": ("recipients", "recipients"),
    "attachment_ids": ("enclosure_files", "enclosure_files"), "main_attachment_id": ("main_letter", "main_letter"),
    "urgency": ("urgency", "urgency"), "secrecy": ("secrecy", "secrecy"), "deadline": ("deadline", "deadline"),
}
# Fields typed as a Buddhist Era day (15/12/2569), sent to the API as an ISO day.
DATE_PLACES = ("deadline", *(name for name, field in FIELDS.items() if field.widget == "date"))
RECIPIENT_CODES = {"no_recipients", "unknown_recipients", "too_many_recipients", "sender_is_recipient"}


def kind_form(forms: dict[str, Any], kind: str) -> dict[str, Any]:
    """One kind's entry of GET /letters/forms (the first kind when `kind` is not offered)."""
    return next((k for k in forms["kinds"] if k["kind"] == kind), forms["kinds"][0])


def chosen_subtype(form: dict[str, Any], subtype: str | None) -> str | None:
    """The subtype kept when the kind changes: the same if the kind has it, else the kind's first, else none."""
    values = [s["value"] for s in form["subtypes"]]
    return subtype if subtype in values else (values[0] if values else None)


def values_from_form(form: FormData, forms: dict[str, Any]) -> dict[str, Any]:
    """What was typed, as the form shows it again (on an error, on a change of kind)."""
    kind = kind_form(forms, str(form.get("kind") or ""))
    # A browser sends a text area's lines ended by CR LF; the letter keeps plain LF.
    values: dict[str, Any] = {name: str(form[name]).replace("\r\n", "\n") for name in FIELDS if name in form}
    values |= {
        "kind": kind["kind"], "subtype": chosen_subtype(kind, str(form.get("subtype") or "") or None),
        "urgency": int(form.get("urgency") or 1), "secrecy": int(form.get("secrecy") or 1),
        "is_circular": form.get("is_circular") == "on", "deadline": str(form.get("deadline") or ""),
        "main_letter": "uploaded" if form.get("main_letter") == "uploaded" else "rendered",
        "recipients": [{"agency_id": a, "name_th": n} for a, n in zip(
            form.getlist("recipient_agency_ids"), form.getlist("recipient_names"), strict=False)],
        "recipient_list_ids": [str(x) for x in form.getlist("recipient_list_ids")],
        "enclosures": [{"attachment_id": a, "filename": n} for a, n in zip(
            form.getlist("enclosure_ids"), form.getlist("enclosure_names"), strict=False)],
        "main_file": ({"attachment_id": str(form["main_attachment_id"]), "filename": str(form.get("main_name", ""))}
                      if form.get("main_attachment_id") else None),
    }
    return values


def payload(values: dict[str, Any], *, new: bool) -> dict[str, Any]:
    """The JSON of POST /letters (`new`) or PATCH /letters/{id}: only the printed fields the form shows, so a
    draft keeps what its kind does not print; an emptied date or file clears it."""
    body: dict[str, Any] = {}
    for name, field in FIELDS.items():
        if name not in values:
            continue
        text = values[name]
        if field.widget == "lines":
            body[name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif field.widget == "date":
            body[name] = iso_day(text)
        else:
            body[name] = text
    body |= {
        "kind": values["kind"], "subtype": values["subtype"], "urgency": values["urgency"],
        "secrecy": values["secrecy"], "is_circular": values["is_circular"],
        # The end of the Thai working day.
        "deadline": f"{iso_day(values['deadline'])}T16:30:00+07:00" if iso_day(values["deadline"]) else None,
        "recipient_agency_ids": [r["agency_id"] for r in values["recipients"]],
        "attachment_ids": [e["attachment_id"] for e in values["enclosures"]],
        "main_attachment_id": (values["main_file"] or {}).get("attachment_id") if values["main_letter"] == "uploaded"
        else None,
    }
    if new:
        body["recipient_list_ids"] = values["recipient_list_ids"]
    return body


def iso_day(typed: str | None) -> str | None:
    """A Buddhist Era day as typed ('15/12/2569') as the API takes it ('2026-12-15'); None when empty or unreadable
    (date_errors names the field before anything is sent)."""
    day = parse_be_date(typed) if typed else None
    return day.isoformat() if day else None


def date_errors(values: dict[str, Any], words: Wording) -> dict[str, str]:
    """Each date field typed but not readable as a Buddhist Era day, with a message naming it and the form wanted."""
    return {name: words("be_date_invalid", label=field_label(name, words)) for name in DATE_PLACES
            if (values.get(name) or "").strip() and iso_day(values[name]) is None}


def values_from_letter(letter: dict[str, Any], recipients: list[dict[str, str]]) -> dict[str, Any]:
    """A saved draft (LetterRead) as the form shows it (days in the Buddhist Era, as they are typed)."""
    main_id = letter.get("main_attachment_id")
    files = {a["attachment_id"]: a for a in letter.get("attachments", [])}
    values: dict[str, Any] = {name: letter.get(name) or "" for name in FIELDS}
    values |= {name: be_field(letter.get(name)) for name, field in FIELDS.items() if field.widget == "date"}
    values |= {
        "copies_to": "\n".join(letter.get("copies_to") or []), "kind": letter["kind"], "subtype": letter.get("subtype"),
        "urgency": letter["urgency"], "secrecy": letter["secrecy"], "is_circular": letter["is_circular"],
        "deadline": be_field(local_day(letter.get("deadline"))),
        "main_letter": letter.get("main_letter") or "rendered", "recipients": recipients, "recipient_list_ids": [],
        "enclosures": [{"attachment_id": a["attachment_id"], "filename": a["filename"]}
                       for a in letter.get("attachments", []) if a["attachment_id"] != main_id],
        "main_file": ({"attachment_id": main_id, "filename": files[main_id]["filename"]} if main_id in files else None),
    }
    return values


def field_errors(exc: UpstreamError, forms: dict[str, Any], kind: str, words: Wording) -> dict[str, str]:
    """Which places of the form an API refusal is about, each with a message naming the field by its label."""
    detail = exc.detail or {}
    if exc.code == "missing_fields":
        return {_place(name): words("field_missing", label=field_label(name, words)) for name in detail.get("missing", [])}
    if exc.code == "unknown_subtype":
        labels = {s["value"]: s["label_en" if words.lang == "en" else "label_th"] for s in kind_form(forms, kind)["subtypes"]}
        allowed = ", ".join(labels.get(v, v) for v in detail.get("allowed", []))
        return {"subtype": words("subtype_allowed", allowed=allowed) if allowed else words("subtype_none")}
    if exc.code in RECIPIENT_CODES:
        return {"recipients": exc.message(words.lang)}
    if exc.code == "unknown_attachments":
        return {"enclosure_files": exc.message(words.lang)}
    errors: dict[str, str] = {}
    for problem in detail.get("fields", []):  # pydantic's refusals: loc is ["body", <field>, ...]
        loc = [str(part) for part in problem.get("loc", [])][1:]
        if loc and loc[0] in FIELDS | PLACES:
            key = "field_missing" if problem.get("type") in {"missing", "string_too_short"} else "field_invalid"
            errors.setdefault(_place(loc[0]), words(key, label=field_label(loc[0], words)))
    return errors


def _place(name: str) -> str:
    return PLACES[name][0] if name in PLACES else name


def field_label(name: str, words: Wording) -> str:
    if name in FIELDS:
        return words(FIELDS[name].label)
    return words(PLACES[name][1]) if name in PLACES else name

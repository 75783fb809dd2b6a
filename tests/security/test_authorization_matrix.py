"""Who may call what: every operation of the four back ends, tried by every kind of caller, on OFFICE's resources.

One row per operation (a test fails when an operation of a served OpenAPI document has no row). A row says which
callers succeed and with what status; OFFICE's other staff get `denied`, nobody signed in 401. The outsider (another
agency, every role, highest clearance) and the national administrator are stopped only by the agency boundary:
where a row names OFFICE's resource (`hidden`), their answer must be exactly the answer for an id that does not
exist, so nothing tells them the resource is there. The stranger is another agency's plain clerk.
Rows that change state get a fresh resource for every caller who succeeds.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from opensaraban_shared import clock
from opensaraban_shared.thai import buddhist_year
from tests.integration.meeting_helpers import at, blank_pdf
from tests.security.resources import (
    SECRETARIAT_ID,
    a_dead_letter_id,
    a_delegation,
    a_draft,
    a_follow_up,
    a_holder,
    a_list,
    a_meeting,
    a_meeting_with_minutes,
    a_member,
    a_new_agency,
    a_notification,
    a_published_meeting,
    a_review,
    a_review_to_sign,
    a_sent_letter,
    a_submission,
    a_unit,
    a_unit_with_route,
    a_user,
    a_version,
    a_webhook,
    a_withdrawn_letter,
    an_accepted_delivery,
    an_api_key,
    an_attachment,
    an_executives_draft,
    an_incoming_delivery,
    an_incoming_letter,
    an_item,
    an_open_meeting,
    an_unused_committee,
    an_upload,
    delegation_body,
    follow_up,
    new_agency,
    new_member,
    the_committee,
    the_minutes,
    the_office,
    unique,
)
from tests.security.world import ACTORS, OFFICE, PARTNER, Call, World
from tests.signing_flow import signature_png
from tests.support import BACK_ENDS, DEMO_PASSWORD, minimal_pdf, official_fields

pytestmark = pytest.mark.integration

SIGNATURE_PNG = signature_png()
SIGNED_IN = "clerk executive secretariat admin system outsider stranger national"
EVERYONE = f"anonymous {SIGNED_IN}"
OFFICE_STAFF = "clerk executive secretariat admin system"
MAIL_HANDLERS = "clerk secretariat system"  # the correspondence clerk's work (the secretariat is a clerk too)
DRAFTERS = "clerk executive secretariat system"  # who drafts letters: clerks, systems and action officers
ADMINS = "admin outsider national"
TODAY = clock.today()
"""The business day when the rows were made (at collection): what they ask must hold on any later day too."""

Ids = Callable[[World], Awaitable[dict[str, str]]]


@dataclass(frozen=True)
class Row:
    service: str
    method: str
    path: str
    ok: int
    allow: str
    """Callers that succeed with `ok` (space-separated)."""
    ids: Ids | None = None
    """Makes the resource the path names; made once and shared unless the row `mutates`."""
    request: Callable[[dict[str, str]], dict[str, Any]] = lambda _: {}
    """Query `params`, `json` body or raw `content`, made anew for every call from the resource's ids."""
    denied: int = 403
    """OFFICE's staff not in `allow`: 403 when their role is wrong, 404 when the resource is hidden from them."""
    outsider: int = 404
    stranger: int | None = None
    national: int | None = None
    hidden: str | None = None
    """The path parameter (or `query:` parameter) naming OFFICE's resource: other agencies learn nothing of it."""
    mutates: bool = False
    stream: bool = False
    statuses: dict[str, int] = field(default_factory=dict)
    """Callers whose answer none of the above says (e.g. the drafter acting on a step that is not theirs: 403)."""

    def expected(self) -> dict[str, int]:
        allowed = set(self.allow.split())
        stranger = self.stranger if self.stranger is not None else (
            self.outsider if "clerk" in allowed or self.denied != 403 else 403)
        others = {"anonymous": 401, "outsider": self.outsider, "stranger": stranger,
                  "national": self.national if self.national is not None else self.outsider}
        expected = {actor: self.ok if actor in allowed else others.get(actor, self.denied) for actor in ACTORS}
        return {**expected, **self.statuses}

    async def call(self, world: World, *, fresh: bool) -> Call:
        path_params = {}
        if self.ids is not None:
            # Shared per operation and resource maker: two rows of one operation may act on different resources.
            shared = f"{self.method} {self.path} {self.ids.__name__}"
            path_params = await (self.ids(world) if fresh else world.shared(shared, lambda: self.ids(world)))
        return Call(self.method, self.path, path_params, **self.request(path_params))


def row(service: str, method: str, path: str, ok: int, allow: str, **kwargs: Any) -> Row:
    return Row(service, method, path, ok, allow, **kwargs)


def body(**json: Any) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda _: {"json": json}


def query(**params: Any) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda _: {"params": params}


PERIOD = {"date_from": TODAY.isoformat(), "date_to": TODAY.isoformat(), "agency_id": OFFICE}
METRICS = dict(ok=200, allow=f"{OFFICE_STAFF} outsider national", request=query(**PERIOD), stranger=404,
               hidden="query:agency_id")

ROWS: list[Row] = [
    # --- every service's probes and documents ------------------------------------------------------------------
    *(row(service, "GET", path, 200, EVERYONE) for service in BACK_ENDS
      for path in ("/health/live", "/health/ready", "/asyncapi.json")),
    # --- documents: sign-in, API keys, people ------------------------------------------------------------------
    row("documents", "POST", "/auth/login", 200, EVERYONE,
        request=body(username=f"clerk@{OFFICE}", password=DEMO_PASSWORD)),
    row("documents", "POST", "/auth/token", 401, EVERYONE, request=body(api_key=f"osk_{'0' * 16}_{'A' * 43}")),
    row("documents", "GET", "/auth/me", 200, SIGNED_IN),
    row("documents", "GET", "/auth/api-keys", 200, ADMINS, outsider=200),
    row("documents", "POST", "/auth/api-keys", 201, ADMINS, outsider=201, request=body(name="ระบบทดสอบสิทธิ์")),
    row("documents", "DELETE", "/auth/api-keys/{key_id}", 204, "admin", ids=an_api_key, hidden="key_id",
        mutates=True),
    row("documents", "POST", "/auth/password", 204, "clerk executive secretariat admin outsider stranger national",
        request=body(current_password=DEMO_PASSWORD, new_password=DEMO_PASSWORD)),
    row("documents", "GET", "/users", 200, f"{OFFICE_STAFF} national", outsider=403, stranger=403,
        request=query(agency_id=OFFICE), hidden="query:agency_id"),
    row("documents", "POST", "/users", 201, "admin national", outsider=403, request=lambda _: {"json": {
        "agency_id": OFFICE, "username": f"matrix.{uuid.uuid4().hex[:8]}@{OFFICE}", "display_name": "ผู้ทดสอบ",
        "roles": ["action_officer"], "password": DEMO_PASSWORD}}),
    row("documents", "GET", "/users/{user_id}", 200, f"{OFFICE_STAFF} national", ids=a_user, hidden="user_id"),
    row("documents", "PATCH", "/users/{user_id}", 200, "admin national", ids=a_user, hidden="user_id",
        request=body(position="นักทดสอบระบบ")),
    row("documents", "PUT", "/users/{user_id}/access", 200, "admin national", ids=a_user, hidden="user_id",
        request=body(roles=["clerk"], clearance=1), mutates=True),
    row("documents", "POST", "/users/{user_id}/password", 204, "admin national", ids=a_user, hidden="user_id",
        request=body(new_password=DEMO_PASSWORD)),
    # --- documents: the directory (public to everyone signed in; changed by administrators) -------------------
    row("documents", "GET", "/agencies", 200, SIGNED_IN),
    row("documents", "POST", "/agencies", 201, "national", outsider=403, request=lambda _: {"json": new_agency()}),
    row("documents", "GET", "/agencies/{agency_id}", 200, SIGNED_IN, ids=the_office),
    row("documents", "PATCH", "/agencies/{agency_id}", 200, "national", ids=a_new_agency, outsider=403,
        request=body(name_en="Test agency"), mutates=True),
    row("documents", "GET", "/agencies/{agency_id}/children", 200, SIGNED_IN, ids=the_office),
    row("documents", "GET", "/agencies/{agency_id}/units", 200, SIGNED_IN, ids=the_office),
    row("documents", "POST", "/agencies/{agency_id}/units", 201, "admin national", ids=the_office, outsider=403,
        request=lambda _: {"json": {"name_th": unique("กลุ่มงาน")}}),
    row("documents", "GET", "/units/{unit_id}", 200, SIGNED_IN, ids=a_unit),
    row("documents", "PATCH", "/units/{unit_id}", 200, "admin national", ids=a_unit, outsider=403,
        request=body(name_en="Test unit")),
    row("documents", "GET", "/distribution-lists", 200, SIGNED_IN),
    row("documents", "POST", "/distribution-lists", 201, "clerk secretariat admin system outsider stranger national",
        request=lambda _: {"json": {"name_th": unique("บัญชี"), "member_agency_ids": [PARTNER]}}),
    row("documents", "GET", "/distribution-lists/{list_id}", 200, OFFICE_STAFF, ids=a_list, hidden="list_id"),
    row("documents", "PUT", "/distribution-lists/{list_id}", 200, "clerk secretariat admin system", ids=a_list,
        hidden="list_id", request=body(name_th="บัญชีแก้ไข", member_agency_ids=[PARTNER])),
    row("documents", "DELETE", "/distribution-lists/{list_id}", 204, "clerk secretariat admin system", ids=a_list,
        hidden="list_id", mutates=True),
    row("documents", "GET", "/directory/export", 200, SIGNED_IN),
    row("documents", "POST", "/directory/import", 200, "national", outsider=403, request=body(agencies=[], units=[])),
    # --- documents: files and letters ------------------------------------------------------------------------
    row("documents", "POST", "/attachments", 201, f"{MAIL_HANDLERS} outsider stranger", national=403,
        request=lambda _: {"params": {"filename": "หนังสือ.pdf"}, "content": minimal_pdf(unique("แนบ"))}),
    row("documents", "GET", "/attachments/{attachment_id}/content", 200, OFFICE_STAFF, ids=an_attachment,
        hidden="attachment_id"),
    row("documents", "GET", "/attachments/{attachment_id}/download-url", 200, OFFICE_STAFF, ids=an_attachment,
        hidden="attachment_id"),
    row("documents", "GET", "/letters/search", 200, SIGNED_IN, request=query(q="ทดสอบ")),
    row("documents", "POST", "/letters", 201, f"{DRAFTERS} outsider stranger", national=403,
        request=lambda _: {"json": {**official_fields(unique("ร่าง")), "recipient_agency_ids": [PARTNER]}}),
    row("documents", "PATCH", "/letters/{letter_id}", 200, MAIL_HANDLERS, ids=a_draft, hidden="letter_id",
        national=403, request=body(subject="แก้ไขเรื่อง")),
    row("documents", "GET", "/letters/{letter_id}", 200, OFFICE_STAFF, ids=a_sent_letter, hidden="letter_id"),
    row("documents", "POST", "/letters/{letter_id}/send", 200, MAIL_HANDLERS, ids=a_draft, hidden="letter_id",
        national=403, mutates=True),
    row("documents", "POST", "/letters/{letter_id}/paper-send", 200, MAIL_HANDLERS, ids=a_draft, hidden="letter_id",
        national=403, request=body(external_recipients=["บริษัท ทดสอบ จำกัด"]), mutates=True),
    row("documents", "POST", "/letters/{letter_id}/withdraw", 200, MAIL_HANDLERS, ids=a_sent_letter,
        hidden="letter_id", national=403, request=body(), mutates=True),
    row("documents", "POST", "/letters/{letter_id}/resend", 200, MAIL_HANDLERS, ids=a_withdrawn_letter,
        hidden="letter_id", national=403, request=body(), mutates=True),
    row("documents", "GET", "/letters/{letter_id}/deliveries", 200, MAIL_HANDLERS, ids=a_sent_letter,
        hidden="letter_id", national=403),
    # --- documents: letters born digital ----------------------------------------------------------------------
    row("documents", "GET", "/letters/forms", 200, SIGNED_IN),
    row("documents", "POST", "/letters/preview", 200, f"{DRAFTERS} outsider stranger", national=403,
        request=body(kind="directive", subtype="order", subject="แต่งตั้งคณะทำงาน", body="ข้อความ")),
    row("documents", "DELETE", "/letters/{letter_id}", 204, MAIL_HANDLERS, ids=a_draft, hidden="letter_id",
        national=403, mutates=True),
    row("documents", "GET", "/letters/{letter_id}/preview", 200, MAIL_HANDLERS, ids=a_draft, hidden="letter_id"),
    row("documents", "GET", "/letters/{letter_id}/print.pdf", 200, MAIL_HANDLERS, ids=a_draft, hidden="letter_id"),
    row("documents", "POST", "/letters/{letter_id}/reply", 201, MAIL_HANDLERS, ids=an_incoming_letter,
        hidden="letter_id", national=403),
    row("documents", "GET", "/agencies/{agency_id}/letter-settings", 200, "admin national", ids=the_office,
        outsider=403, stranger=403),
    row("documents", "PUT", "/agencies/{agency_id}/letter-settings", 200, "admin national", ids=the_office,
        outsider=403, stranger=403, request=body(thai_digits=True, own_numbering=False, address_th="")),
    # --- documents: the review chain (the executive drafts; the secretariat holds the open step) --------------
    row("documents", "POST", "/letters/{letter_id}/proposal", 200, "executive", ids=an_executives_draft,
        hidden="letter_id", denied=404, mutates=True, request=body(reviewer_ids=[], signer_id=SECRETARIAT_ID)),
    row("documents", "GET", "/letters/{letter_id}/review", 200, "executive secretariat", ids=a_review,
        hidden="letter_id", denied=404),
    # A draft in review is its route's to read, not the whole agency's (a sent letter is: see its own row).
    row("documents", "GET", "/letters/{letter_id}", 200, "executive secretariat", ids=a_review, hidden="letter_id",
        denied=404),
    *(row("documents", "POST", f"/letters/{{letter_id}}/review/{action}", 200, "secretariat", ids=resource,
          hidden="letter_id", denied=404, statuses={"executive": 403}, mutates=True, request=body(version=1, **extra))
      for action, resource, extra in (("pass", a_review, {}),
                                      ("return", a_review, {"comment": "แก้ไข", "to_position": 0}),
                                      ("sign", a_review_to_sign, {}),
                                      ("refuse", a_review_to_sign, {"reason": "ไม่เห็นชอบ"}))),
    row("documents", "POST", "/letters/{letter_id}/review/recall", 200, "executive", ids=a_review, hidden="letter_id",
        denied=404, statuses={"secretariat": 403}, mutates=True),
    # The PDF the signer will sign: the signing step's holder only (the drafter reads the review, but it is not theirs).
    row("documents", "GET", "/letters/{letter_id}/review/signing-copy", 200, "secretariat", ids=a_review_to_sign,
        hidden="letter_id", denied=404, statuses={"executive": 403}),
    row("documents", "GET", "/letters/{letter_id}/versions/{number}", 200, "executive secretariat", ids=a_version,
        hidden="letter_id", denied=404),
    row("documents", "GET", "/letters/{letter_id}/diff", 200, "executive secretariat", ids=a_version,
        hidden="letter_id", denied=404, request=query(**{"from": 1, "to": 1})),
    *(row("documents", "GET", path, 200, SIGNED_IN)
      for path in ("/review/waiting", "/review/proposed", "/review/counts", "/review/candidates", "/delegations")),
    row("documents", "GET", "/review/to-number", 200, f"{MAIL_HANDLERS} outsider stranger", national=403),
    row("documents", "GET", "/units/{unit_id}/default-route", 200, OFFICE_STAFF, ids=a_unit_with_route,
        hidden="unit_id"),
    row("documents", "PUT", "/units/{unit_id}/default-route", 200, "executive admin", ids=a_unit_with_route,
        hidden="unit_id", stranger=404, request=body(reviewer_ids=[], signer_id=SECRETARIAT_ID)),
    row("documents", "POST", "/delegations", 201, "admin", ids=a_holder, outsider=422, national=422, stranger=403,
        request=lambda ids: {"json": delegation_body(ids["holder_id"])}, mutates=True),
    row("documents", "POST", "/delegations/{delegation_id}/end", 200, "admin", ids=a_delegation,
        hidden="delegation_id", stranger=404, mutates=True),
    row("documents", "GET", "/inbox", 200, SIGNED_IN),
    # Many at once: another agency's delivery is not found, as when accepted one by one.
    # Counts of one's own sent letters only: another agency's letter is left out of the answer, not refused.
    row("documents", "GET", "/letters/delivery-counts", 200, SIGNED_IN, ids=a_sent_letter,
        request=lambda ids: {"params": {"letter_id": ids["letter_id"]}}),
    row("documents", "POST", "/deliveries/accept", 200, MAIL_HANDLERS, ids=an_incoming_delivery, national=403,
        request=lambda ids: {"json": {"delivery_ids": [ids["delivery_id"]]}}, mutates=True),
    row("documents", "POST", "/deliveries/{delivery_id}/accept", 200, MAIL_HANDLERS, ids=an_incoming_delivery,
        hidden="delivery_id", national=403, mutates=True),
    row("documents", "POST", "/deliveries/{delivery_id}/reject", 200, MAIL_HANDLERS, ids=an_incoming_delivery,
        hidden="delivery_id", national=403, request=body(reason="ไม่เกี่ยวข้องกับหน่วยงาน"), mutates=True),
    # Inside the agency a letter reaches people it was routed to; the executive and administrator were not.
    row("documents", "POST", "/deliveries/{delivery_id}/route", 200, MAIL_HANDLERS, ids=an_accepted_delivery,
        hidden="delivery_id", denied=404, request=body(action="forward", to_unit_id=f"{OFFICE}.correspondence")),
    row("documents", "POST", "/deliveries/{delivery_id}/comments", 200, MAIL_HANDLERS, ids=an_accepted_delivery,
        hidden="delivery_id", denied=404, request=body(text="ทราบ")),
    row("documents", "POST", "/deliveries/{delivery_id}/close", 200, MAIL_HANDLERS, ids=an_accepted_delivery,
        hidden="delivery_id", denied=404, mutates=True),
    # --- documents: digital signatures (docs/signatures.md) -------------------------------------------------------
    # Enrolling makes a key and certificate for the caller, after which their signatures need their PIN: the row
    # sends a PIN too short, so everyone signed in meets the validation and nobody is enrolled (who may enroll is
    # tested in tests/integration/test_signed_letters.py).
    row("documents", "POST", "/signing/enrollment", 422, SIGNED_IN, request=body(pin="12")),
    row("documents", "GET", "/signing/credential", 409, SIGNED_IN),
    # One's own signature image: set, read back, removed, in this order.
    row("documents", "PUT", "/signing/signature-image", 204, SIGNED_IN,
        request=lambda _: {"content": SIGNATURE_PNG}),
    row("documents", "GET", "/signing/signature-image", 200, SIGNED_IN),
    row("documents", "DELETE", "/signing/signature-image", 204, SIGNED_IN),
    row("documents", "POST", "/signing/verification", 200, SIGNED_IN,
        request=lambda _: {"content": minimal_pdf(unique("ตรวจลายมือชื่อ"))}),
    row("documents", "POST", "/deliveries/{delivery_id}/signature-check", 200, OFFICE_STAFF,
        ids=an_incoming_delivery, hidden="delivery_id"),
    # The scan must be the caller's agency's upload: another agency's is unknown, like one that does not exist.
    row("documents", "POST", "/paper-letters", 201, MAIL_HANDLERS, ids=an_attachment, outsider=422, national=403,
        request=lambda ids: {"json": {"letter_number": "ชม 0001/1", "sender_name": "บริษัท ทดสอบ จำกัด",
                                    "subject": unique("หนังสือกระดาษ"), "scan_attachment_ids": [ids["attachment_id"]]}},
        mutates=True),
    row("documents", "GET", "/registers/{kind}", 200, "clerk secretariat admin system outsider stranger national",
        ids=lambda _: _static(kind="receive"), request=query(year=buddhist_year(TODAY.year))),
    # Closing a year is final: the rows ask to close next year, which allowed callers learn is not over yet (this
    # year would be over, and closed for good, if the run went on past New Year).
    row("documents", "POST", "/registers/{year}/close", 409, ADMINS,
        ids=lambda _: _static(year=str(TODAY.year + 1))),
    # --- meeting: committees (the secretariat runs them; member agencies see them) ----------------------------
    row("meeting", "GET", "/committees", 200, SIGNED_IN),
    row("meeting", "POST", "/committees", 201, "secretariat outsider", national=403,
        request=lambda _: {"json": {"name_th": unique("คณะกรรมการ"), "agenda_template": "5_sections"}}),
    row("meeting", "GET", "/committees/{committee_id}", 200, OFFICE_STAFF, ids=the_committee, hidden="committee_id"),
    row("meeting", "PUT", "/committees/{committee_id}/agenda-sections", 200, "secretariat", ids=the_committee,
        hidden="committee_id", outsider=403, national=403, request=body(sections=[
            {"title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "kind": "chair"},
            {"title": "เรื่องรับรองรายงานการประชุม", "kind": "minutes"},
            {"title": "เรื่องเพื่อทราบ", "kind": "information"},
            {"title": "เรื่องเพื่อพิจารณา", "kind": "consideration"},
            {"title": "เรื่องอื่น ๆ", "kind": "other"}])),
    row("meeting", "POST", "/committees/{committee_id}/members", 201, "secretariat", ids=the_committee,
        hidden="committee_id", outsider=403, national=403, request=lambda _: {"json": new_member()}),
    row("meeting", "GET", "/committees/{committee_id}/members", 200, OFFICE_STAFF, ids=the_committee,
        hidden="committee_id", outsider=403),
    row("meeting", "DELETE", "/committees/{committee_id}/members/{member_id}", 204, "secretariat", ids=a_member,
        hidden="committee_id", outsider=403, national=403, mutates=True),
    row("meeting", "DELETE", "/committees/{committee_id}", 204, "secretariat", ids=an_unused_committee,
        hidden="committee_id", outsider=403, national=403, mutates=True),
    row("meeting", "POST", "/meetings", 201, "secretariat", ids=the_committee, outsider=403, national=403,
        request=lambda ids: {"json": {"committee_id": ids["committee_id"], "starts_at": at(40)}}),
    row("meeting", "GET", "/committees/{committee_id}/meetings", 200, OFFICE_STAFF, ids=the_committee,
        hidden="committee_id", outsider=403),
    row("meeting", "GET", "/meetings", 200, SIGNED_IN),
    row("meeting", "GET", "/meetings/{meeting_id}", 200, OFFICE_STAFF, ids=a_meeting, hidden="meeting_id",
        outsider=403),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/open", 200, "secretariat", ids=a_meeting,
        hidden="meeting_id", outsider=403, national=403,
        request=lambda _: {"json": {"submission_deadline": at(7, 16, 30)}}, mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/lock", 200, "secretariat", ids=an_open_meeting,
        hidden="meeting_id", outsider=403, national=403, mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/revise", 200, "secretariat", ids=a_published_meeting,
        hidden="meeting_id", outsider=403, national=403, mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/cancel", 200, "secretariat", ids=a_meeting,
        hidden="meeting_id", outsider=403, national=403, request=body(reason="ติดภารกิจ"), mutates=True),
    row("meeting", "PUT", "/meetings/{meeting_id}/attendance", 200, "secretariat", ids=a_published_meeting,
        hidden="meeting_id", outsider=403, national=403, request=body(entries=[])),
    row("meeting", "GET", "/meetings/{meeting_id}/attendance", 200, OFFICE_STAFF, ids=a_published_meeting,
        hidden="meeting_id", outsider=403),
    row("meeting", "POST", "/meetings/{meeting_id}/held", 200, "secretariat", ids=a_published_meeting,
        hidden="meeting_id", outsider=403, national=403, request=body(started_at="2026-01-05T09:30:00+07:00"),
        mutates=True),
    # --- meeting: the agenda -----------------------------------------------------------------------------------
    row("meeting", "POST", "/meetings/{meeting_id}/uploads", 201, OFFICE_STAFF, ids=an_open_meeting,
        hidden="meeting_id", outsider=403,
        request=lambda _: {"params": {"filename": "เอกสาร.pdf"}, "content": blank_pdf(1)}),
    row("meeting", "GET", "/meetings/{meeting_id}/uploads/{upload_id}/content", 200, OFFICE_STAFF, ids=an_upload,
        hidden="meeting_id", outsider=403),
    row("meeting", "GET", "/meetings/{meeting_id}/agenda", 200, OFFICE_STAFF, ids=an_open_meeting,
        hidden="meeting_id", outsider=403),
    row("meeting", "GET", "/meetings/{meeting_id}/agenda/changes", 200, OFFICE_STAFF, ids=an_open_meeting,
        hidden="meeting_id", outsider=403),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/items", 201, OFFICE_STAFF, ids=an_open_meeting,
        hidden="meeting_id", outsider=403, request=lambda _: {"json": {"section": 3, "title": unique("เรื่องเสนอ")}}),
    # The submitting agency's people revise its submission until it is reviewed; the secretariat anything.
    row("meeting", "PATCH", "/meetings/{meeting_id}/agenda/items/{item_id}", 200, OFFICE_STAFF, ids=a_submission,
        hidden="meeting_id", outsider=403, request=body(summary="ปรับปรุงสาระสำคัญ")),
    row("meeting", "DELETE", "/meetings/{meeting_id}/agenda/items/{item_id}", 200, "secretariat", ids=an_item,
        hidden="meeting_id", outsider=403, national=403, mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/items/{item_id}/review", 200, "secretariat",
        ids=a_submission, hidden="meeting_id", outsider=403, national=403, request=body(decision="accepted"),
        mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/items/{item_id}/move", 200, "secretariat", ids=an_item,
        hidden="meeting_id", outsider=403, national=403, request=body(position=1)),
    row("meeting", "POST", "/meetings/{meeting_id}/agenda/publish", 201, "secretariat", ids=an_item,
        hidden="meeting_id", outsider=403, national=403, mutates=True),
    row("meeting", "GET", "/meetings/{meeting_id}/agenda/versions", 200, OFFICE_STAFF, ids=a_published_meeting,
        hidden="meeting_id", outsider=403),
    *(row("meeting", "GET", f"/meetings/{{meeting_id}}/agenda/versions/{{version}}{suffix}", 200, OFFICE_STAFF,
          ids=a_published_meeting, hidden="meeting_id", outsider=403) for suffix in ("", "/pack.pdf", "/agenda.docx")),
    # --- meeting: minutes and follow-up actions ----------------------------------------------------------------
    row("meeting", "PUT", "/meetings/{meeting_id}/minutes", 200, "secretariat", ids=the_minutes, hidden="meeting_id",
        outsider=403, national=403, request=body(minute_taker="ผู้จด", reviewer="ผู้ตรวจ", entries=[])),
    row("meeting", "GET", "/meetings/{meeting_id}/minutes", 200, OFFICE_STAFF, ids=the_minutes, hidden="meeting_id",
        outsider=403),
    row("meeting", "GET", "/meetings/{meeting_id}/minutes.pdf", 200, OFFICE_STAFF, ids=the_minutes,
        hidden="meeting_id", outsider=403),
    row("meeting", "POST", "/meetings/{meeting_id}/minutes/approve", 200, "secretariat", ids=a_meeting_with_minutes,
        hidden="meeting_id", outsider=403, national=403, request=body(), mutates=True),
    row("meeting", "POST", "/meetings/{meeting_id}/follow-ups", 201, "secretariat", ids=the_minutes,
        hidden="meeting_id", outsider=403, national=403, request=lambda ids: {"json": follow_up(ids)}),
    row("meeting", "GET", "/committees/{committee_id}/follow-ups", 200, OFFICE_STAFF, ids=the_committee,
        hidden="committee_id", outsider=403),
    row("meeting", "POST", "/follow-ups/{action_id}/complete", 200, OFFICE_STAFF, ids=a_follow_up,
        hidden="action_id", request=body(report="ดำเนินการแล้ว"), mutates=True),
    # --- notify: one's own notifications and settings; the agency's webhooks; its administrators' queues ------
    row("notify", "GET", "/notifications", 200, SIGNED_IN),
    row("notify", "GET", "/notifications/unread-count", 200, SIGNED_IN),
    # A letter's notice goes to the agency's mail handlers; the executive and administrator do not see it.
    row("notify", "POST", "/notifications/{notification_id}/read", 204, MAIL_HANDLERS, ids=a_notification,
        hidden="notification_id", denied=404),
    row("notify", "POST", "/notifications/read-all", 200, SIGNED_IN),
    # Only the caller's own notices about the letter are marked: anyone signed in may ask (another agency marks none).
    row("notify", "POST", "/notifications/letters/{letter_id}/read", 200, SIGNED_IN, ids=an_incoming_letter),
    row("notify", "GET", "/notifications/stream", 200, SIGNED_IN, stream=True),
    row("notify", "GET", "/notifications/preferences", 200, "clerk executive secretariat admin outsider stranger "
        "national"),
    row("notify", "PUT", "/notifications/preferences", 200, "clerk executive secretariat admin outsider stranger "
        "national", request=body(digest=False)),
    row("notify", "GET", "/webhooks", 200, "admin system outsider national"),
    row("notify", "POST", "/webhooks", 201, "admin system outsider national",
        request=body(url="https://example.go.th/hook")),
    row("notify", "PATCH", "/webhooks/{subscription_id}", 200, "admin system", ids=a_webhook, hidden="subscription_id",
        request=body(active=True)),
    row("notify", "DELETE", "/webhooks/{subscription_id}", 204, "admin system", ids=a_webhook,
        hidden="subscription_id", mutates=True),
    row("notify", "GET", "/webhooks/{subscription_id}/deliveries", 200, "admin system", ids=a_webhook,
        hidden="subscription_id"),
    row("notify", "GET", "/admin/dead-letters", 200, ADMINS, outsider=200),
    row("notify", "POST", "/admin/dead-letters/{delivery_id}/retry", 409, ADMINS, ids=a_dead_letter_id,
        outsider=409, hidden="delivery_id"),
    row("notify", "GET", "/admin/deliveries", 200, ADMINS, outsider=200),
    row("notify", "POST", "/admin/digests/run", 200, ADMINS, outsider=200),
    row("notify", "GET", "/admin/reminders", 200, ADMINS, outsider=200),
    # --- metrics: an agency's figures to its own people and to administrators (who watch every agency) --------
    *(row("metrics", "GET", f"/adoption/{measure}", **METRICS)
      for measure in ("letters", "distribution", "e-approval", "e-signature", "channel-mix", "speed", "usage",
                      "meetings", "savings", "ranking")),
    row("metrics", "GET", "/adoption/export", **{**METRICS, "request": query(**PERIOD, measure="distribution")}),
    row("metrics", "GET", "/metrics", 200, EVERYONE),
    row("metrics", "GET", "/dashboard", 200, EVERYONE),
]


async def _static(**ids: str) -> dict[str, str]:
    return ids


def missing(call: Call, hidden: str) -> Call:
    """The same request aimed at a resource that does not exist."""
    if hidden.startswith("query:"):
        name = hidden.removeprefix("query:")
        return Call(call.method, call.template, call.path_params, {**(call.params or {}), name: "no-such-agency"},
                    call.json, call.content)
    value = call.path_params[hidden]
    try:
        uuid.UUID(value)
        other = str(uuid.uuid4())
    except ValueError:
        other = f"missing-{uuid.uuid4().hex[:12]}"
    return Call(call.method, call.template, {**call.path_params, hidden: other}, call.params, call.json, call.content)


def seen_as(response: httpx.Response, *ids: str) -> tuple[int, str]:
    """Status and body with the requested ids blanked: what tells one answer from another."""
    text = response.text
    for value in ids:
        text = text.replace(value, "<id>")
    return response.status_code, text


async def answer(world: World, row: Row, actor: str, call: Call) -> httpx.Response:
    if not row.stream:
        return await world.send(row.service, actor, call)
    # A live event stream never ends: its status line is the answer.
    async with world.clients[row.service].stream(call.method, call.path, headers=world.headers[actor]) as response:
        return response


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method} {r.path}")
async def test_who_may_call_what(world, row):
    allowed = set(row.allow.split())
    answers: dict[str, int] = {}
    for actor in ACTORS:
        call = await row.call(world, fresh=row.mutates and actor in allowed)
        response = await answer(world, row, actor, call)
        answers[actor] = response.status_code
        if row.hidden and actor in ("outsider", "stranger", "national") and actor not in allowed:
            elsewhere = missing(call, row.hidden)
            absent = await world.send(row.service, actor, elsewhere)
            ids = [*call.path_params.values(), *elsewhere.path_params.values()]
            assert seen_as(response, *ids) == seen_as(absent, *ids), (
                f"{actor} can tell {OFFICE}'s resource from a missing one")
    assert answers == row.expected()


# Lists show each caller their own agency's things: (service, path, params, where the entries are, the id field,
# OFFICE's resource, who of OFFICE sees it listed). Paged lists are read to their end.
LISTS = [
    ("documents", "/inbox", {"limit": 500}, "items", "delivery_id", an_incoming_delivery, "clerk"),
    ("documents", "/auth/api-keys", {}, None, "key_id", an_api_key, "admin"),
    ("meeting", "/committees", {}, None, "committee_id", the_committee, "secretariat"),
    ("meeting", "/meetings", {"limit": 200}, "items", "meeting_id", a_meeting, "secretariat"),
    ("notify", "/webhooks", {}, None, "subscription_id", a_webhook, "admin"),
]


@pytest.mark.parametrize(("service", "path", "params", "items", "field", "ids", "viewer"), LISTS,
                         ids=[f"GET {entry[1]}" for entry in LISTS])
async def test_lists_never_show_another_agencys_things(world, service, path, params, items, field, ids, viewer):
    mine = (await ids(world))[field]

    async def lists_it(actor: str) -> bool:
        offset: int | None = 0
        while offset is not None:
            paging = {"offset": offset} if items else {}
            response = await world.send(service, actor, Call("GET", path, params={**params, **paging}))
            assert response.status_code == 200, response.text
            page = response.json()
            if mine in {entry[field] for entry in (page[items] if items else page)}:
                return True
            offset = page.get("next_offset") if items else None
        return False

    assert {actor: await lists_it(actor) for actor in (viewer, "outsider", "national")} == {
        viewer: True, "outsider": False, "national": False}


async def test_every_operation_has_a_row(services):
    async with httpx.AsyncClient(timeout=60) as client:
        served = {(name, method.upper(), path) for name in BACK_ENDS
                  for path, operations in (await client.get(f"{services[name]}/openapi.json")).json()["paths"].items()
                  for method in operations}
    rows = {(r.service, r.method, r.path) for r in ROWS}
    assert served - rows == set(), "operations nobody decided who may call"
    assert rows - served == set(), "rows for operations that no longer exist"

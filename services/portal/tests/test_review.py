"""The review chain's pages without a network: Buddhist Era dates typed, whose turn it is, where a draft may go
back to, the route the เสนอ panel sends, refusals placed beside a person or a field, and the words that changed."""

import re
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from portal_service.i18n import Wording
from portal_service.pages.be_dates import be_field, parse_be_date
from portal_service.pages.delegation_form import delegation_body, delegation_errors, last_day
from portal_service.pages.proposal import panel, proposal_body, route_from_form
from portal_service.pages.rendering import TEMPLATES
from portal_service.pages.review_view import (
    actions_by_step,
    last_sent_back,
    may_recall,
    my_turn,
    return_targets,
    versions_to_compare,
)
from portal_service.upstream import UpstreamError
from starlette.datastructures import FormData

from opensaraban_shared import clock
from opensaraban_shared.thai import BANGKOK

TH = Wording("th", thai_digits=False)


def person(user_id: str) -> dict:
    return {"user_id": user_id, "display_name": f"คุณ {user_id}", "position": "ตำแหน่ง"}


def review(*, status="in_review", open_position=2, delegate=None, history=(), versions=(1,)) -> dict:
    steps = []
    for position, user in enumerate(("head", "director", "governor"), start=1):
        state = "passed" if position < open_position else "open" if position == open_position else "waiting"
        steps.append({"position": position, "role": "sign" if position == 3 else "review", "holder": person(user),
                      "delegate": delegate if position == open_position else None, "state": state})
    return {"status": status, "round": 2, "version": versions[-1], "current_position": open_position,
            "drafter": person("officer"), "steps": steps, "history": list(history),
            "versions": [{"version": v, "created_by": "officer", "created_at": "2026-12-05T02:00:00+00:00"}
                         for v in versions]}


def action(kind: str, *, position: int, round_: int = 2, note: str = "") -> dict:
    return {"round": round_, "position": position, "action": kind, "actor": person("head"), "on_behalf_of": None,
            "capacity": "", "note": note, "version": 1, "to_position": None, "at": "2026-12-05T03:00:00+00:00"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("15/12/2569", date(2026, 12, 15)), ("๑๕/๑๒/๒๕๖๙", date(2026, 12, 15)), ("1.1.2570", date(2027, 1, 1)),
    ("15 ธ.ค. 69", date(2026, 12, 15)), ("15 ธันวาคม 2569", date(2026, 12, 15)), (" 29/2/2571 ", date(2028, 2, 29)),
])
def test_a_buddhist_era_date_is_read_as_officials_type_it(typed, expected):
    assert parse_be_date(typed) == expected


@pytest.mark.parametrize("typed", ["15/12/2026", "31/2/2569", "2569-12-15", "15 Dec 2569", "", "15/12"])
def test_a_christian_era_year_or_an_impossible_day_is_not_read(typed):
    assert parse_be_date(typed) is None


def test_a_date_is_written_back_in_the_buddhist_era():
    assert (be_field(date(2026, 12, 15)), be_field("2027-01-01"), be_field(None)) == ("15/12/2569", "1/1/2570", "")


def test_the_open_step_is_its_holder_s_turn_or_their_delegate_s_for_them():
    deputy = person("deputy")
    held = review(open_position=3, delegate=deputy)
    assert my_turn(held, "governor").on_behalf_of is None and my_turn(held, "governor").signs
    assert my_turn(held, "deputy").on_behalf_of["user_id"] == "governor"
    assert my_turn(held, "director") is None
    assert my_turn(review(status="signed", open_position=3), "governor") is None


def test_a_step_returns_to_the_drafter_or_an_earlier_step_only():
    r = review(open_position=3)
    targets = return_targets(r, my_turn(r, "governor").step)
    assert [(position, p["user_id"]) for position, p in targets] == [(0, "officer"), (1, "head"), (2, "director")]


def test_each_step_shows_this_round_s_actions_and_the_drafter_recalls_only_while_in_review():
    r = review(history=[action("passed", position=1, round_=1), action("proposed", position=0),
                        action("passed", position=1, note="เห็นควรลงนาม")])
    assert {k: [a["note"] for a in v] for k, v in actions_by_step(r).items()} == {1: ["เห็นควรลงนาม"]}
    assert may_recall(r, "officer") and not may_recall(r, "head")
    assert not may_recall(review(status="signed", open_position=3), "officer")


def test_two_versions_are_compared_the_latest_with_the_one_before_unless_others_are_asked_for():
    assert versions_to_compare(review(versions=(1,)), None, None) is None
    assert versions_to_compare(review(versions=(1, 2, 3)), None, None) == (2, 3)
    assert versions_to_compare(review(versions=(1, 2, 3)), 1, 3) == (1, 3)
    assert versions_to_compare(review(versions=(1, 2, 3)), 3, 3) == (2, 3)
    assert versions_to_compare(review(versions=(1, 2)), 1, 9) == (1, 2)


def test_a_returned_draft_says_who_returned_it_and_why():
    back = action("returned", position=2, note="แก้ไขวันที่ประชุม")
    assert last_sent_back(review(status="returned", history=[action("passed", position=1), back])) == back
    assert last_sent_back(review()) is None


def test_the_last_person_on_the_route_signs():
    form = FormData([("route_ids", "head"), ("route_names", "ก"), ("route_positions", ""),
                     ("route_ids", "director"), ("route_names", "ข"), ("route_positions", ""),
                     ("route_ids", "governor"), ("route_names", "ค"), ("route_positions", "ผู้ว่าราชการจังหวัด")])
    route = route_from_form(form)
    assert route[2] == {"user_id": "governor", "display_name": "ค", "position": "ผู้ว่าราชการจังหวัด"}
    assert proposal_body(route, "เรียนเสนอ") == {"reviewer_ids": ["head", "director"], "signer_id": "governor",
                                                  "note": "เรียนเสนอ"}
    assert proposal_body([], "") == {"reviewer_ids": [], "signer_id": "", "note": ""}


def refusal(code: str, detail: dict | None = None, status: int = 422) -> UpstreamError:
    return UpstreamError(status=status, code=code, message_th=f"ไทย {code}", message_en=f"en {code}", detail=detail)


def test_a_refused_person_is_named_beside_them_and_another_refusal_above_the_route():
    route = [person("head"), person("governor")]
    beside = panel(route, error=refusal("not_cleared", {"user_id": "head"}), words=TH)
    assert beside["errors"] == {"head": "ไทย not_cleared"} and beside["error"] is None
    above = panel(route, error=refusal("empty_route"), words=TH)
    assert above["errors"] == {} and above["error"] == "ไทย empty_route"
    html = TEMPLATES.env.get_template("_propose.html").render(w=TH, proposal=beside, letter_id="x")
    chip = re.search(r'<li class="route-person" data-user-id="head".*?</li>', html, re.S).group(0)
    assert "ไทย not_cleared" in chip and 'aria-invalid="true"' in chip


def test_a_delegation_covers_bangkok_days_typed_in_the_buddhist_era_from_now_when_it_starts_today():
    values = {"kind": "acting", "holder_user_id": "governor", "delegate_user_id": "deputy",
              "post_title": "ผู้ว่าราชการจังหวัดเชียงใหม่", "scope": "", "starts_on": "๑๕/๑๒/๒๕๖๙", "ends_on": "20/12/2569"}
    with clock.stopped_at(datetime(2026, 12, 14, 23, 0, tzinfo=BANGKOK)):
        body, errors = delegation_body(values, TH)
    assert errors == {}
    assert (body["starts_at"], body["ends_at"]) == ("2026-12-15T00:00:00+07:00", "2026-12-21T00:00:00+07:00")
    with clock.stopped_at(datetime(2026, 12, 15, 9, 30, tzinfo=BANGKOK)):  # starting today: from now
        assert delegation_body(values, TH)[0]["starts_at"] == "2026-12-15T09:30:00+07:00"
    assert body["kind"] == "acting" and "starts_on" not in body
    assert last_day(body["ends_at"]) == date(2026, 12, 20)
    body, errors = delegation_body(values | {"ends_on": "20/12/2026"}, TH)  # a Christian Era year
    assert body is None and errors == {"ends_on": TH("bad_be_date")}


def test_a_refused_delegation_is_explained_beside_its_field():
    assert delegation_errors(refusal("delegation_overlaps"), TH) == {"starts_on": "ไทย delegation_overlaps"}
    assert delegation_errors(refusal("delegation_ends_before_start"), TH) == {"ends_on": "ไทย delegation_ends_before_start"}
    assert delegation_errors(refusal("not_in_agency", {"field": "delegate_user_id", "user_id": "x"}), TH) == {
        "delegate_user_id": "ไทย not_in_agency"}
    invalid = refusal("validation_error", {"fields": [
        {"loc": ["body", "post_title"], "msg": "String should have at least 1 character", "type": "string_too_short"},
        {"loc": ["body"], "msg": "Value error, ends_at must be after starts_at", "type": "value_error"}]})
    assert delegation_errors(invalid, TH) == {"post_title": TH("field_invalid", label=TH("post_title")),
                                              "ends_on": TH("ends_before_start")}


def test_changed_words_are_marked_inserted_or_deleted_and_named_for_screen_readers():
    diff = [{"field": "body", "label": "ข้อความ", "changes": [
        {"op": "equal", "text": "ขอเชิญประชุม"}, {"op": "delete", "text": "วันจันทร์"}, {"op": "insert", "text": "วันอังคาร"},
        {"op": "equal", "text": "ที่ห้องประชุม"}]}]
    html = TEMPLATES.env.get_template("_diff.html").render(w=TH, diff=diff)
    assert re.search(r"ขอเชิญประชุม<del>.*?วันจันทร์.*?</del><ins>.*?วันอังคาร.*?</ins>ที่ห้องประชุม", html)
    assert "[ลบ: " in html and "[เพิ่ม: " in html
    assert "สองฉบับนี้ไม่ต่างกัน" in TEMPLATES.env.get_template("_diff.html").render(w=TH, diff=[])


@pytest.mark.parametrize("level", [2, 3, 4])
def test_each_urgency_has_its_own_mark_with_its_word(level):
    html = TEMPLATES.env.from_string('{% import "_urgency.html" as u with context %}{{ u.mark(level) }}').render(
        w=TH, level=level)
    assert f"urgency-mark urgency-{level}" in html and TH.urgency(level) in html


class _Me:
    subject_id, agency_id, display_name, roles = "governor", "cm-provincial-office", "คุณ governor", {"executive"}


def page(template: str, lang: str, **context) -> str:
    """A whole page as the reader sees it (base.html needs the request's address and who is signed in)."""
    request = SimpleNamespace(url=SimpleNamespace(path="/x", query=""))
    return TEMPLATES.env.get_template(template).render(
        request=request, w=Wording(lang, thai_digits=False), lang=lang, me=_Me(), notice=None, **context)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_review_queue_and_delegation_pages_speak_both_languages(lang):
    deputy = person("deputy")
    r = review(open_position=3, delegate=deputy, versions=(1, 2), history=[action("passed", position=1)])
    letter = {"letter_id": "x", "subject": "ขอเชิญประชุม", "urgency": 3, "secrecy": 1, "kind": "external",
              "subtype": None, "status": "in_review"}
    words = Wording(lang, thai_digits=False)
    html = page("review.html", lang, review=r, letter=letter, letter_html="<p>x</p>", problem=None,
                turn=my_turn(r, "deputy"), targets=return_targets(r, r["steps"][2]), actions=actions_by_step(r),
                may_recall=False, pair=(1, 2), people={}, diff=[], error=None)
    assert words("you_act_for", name="คุณ governor (ตำแหน่ง)") in html and words.urgency(3) in html
    item = {"letter_id": "x", "subject": "ขอเชิญประชุม", "kind": "external", "subtype": None, "urgency": 4,
            "secrecy": 1, "status": "in_review", "current_position": 3, "open_holder": None,
            "as_delegate_for": person("governor"), "since": "2026-12-05T02:00:00+00:00"}
    html = page("queue.html", lang, queue="waiting", heading="review_waiting", empty="nothing_waiting", items=[item])
    assert words("as_delegate_of", name="คุณ governor") in html
    delegation = {"delegation_id": "d", "kind": "acting", "holder": person("governor"), "delegate": deputy,
                  "post_title": "ผู้ว่าราชการจังหวัดเชียงใหม่", "scope": "", "starts_at": "2026-12-04T17:00:00+00:00",
                  "last_day": date(2026, 12, 20)}
    html = page("delegations.html", lang, active=[delegation], upcoming=[], people=[person("governor") | {"active": True}],
                holders=None, values={"kind": "acting"}, errors={"ends_on": words("ends_before_start")}, error=None)
    assert words.long_date(date(2026, 12, 20)) in html and words("ends_before_start") in html
    assert ("20 ธันวาคม 2569" if lang == "th" else "20 December 2026") in html

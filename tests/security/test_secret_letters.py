"""Secret letters (ลับ, ลับมาก) reach only named people: the receiving agency's secret-document controllers cleared
for the level, and whoever they route the letter to. Everyone else, inside the agency or not, gets the answer an id
that does not exist gets."""

from __future__ import annotations

import uuid

import pytest

from tests.security.world import OFFICE, PARTNER, Call, World
from tests.support import send_letter, sign_in

pytestmark = pytest.mark.integration

SECRET, VERY_SECRET = 2, 3  # ลับ, ลับมาก (1 is normal)
READS = [
    ("GET", "/letters/{letter_id}", "letter_id"),
    ("GET", "/attachments/{attachment_id}/content", "attachment_id"),
    ("GET", "/attachments/{attachment_id}/download-url", "attachment_id"),
]
# OFFICE's controllers cleared for ลับ (clearance 1) and for ลับมาก (2); everyone else of OFFICE is not named.
READERS = {SECRET: {"controller", "high_controller"}, VERY_SECRET: {"high_controller"}}
UNNAMED = ("clerk", "executive", "admin", "system", "outsider")


@pytest.fixture(scope="module")
async def controllers(world: World) -> World:
    """OFFICE's secret-document controllers: clerks cleared for ลับ and for ลับมาก, named on every secret letter
    that arrives after they exist."""
    for actor, clearance in (("controller", 1), ("high_controller", 2)):
        person = await world.person(roles=["clerk"], clearance=clearance)
        world.headers[actor] = await sign_in(world.urls["documents"], person["username"])
    return world


@pytest.fixture(scope="module")
async def secret_letters(controllers: World) -> dict[int, dict]:
    return {level: await controllers.incoming(secrecy=level) for level in (SECRET, VERY_SECRET)}


def elsewhere(call: Call, name: str) -> Call:
    return Call(call.method, call.template, {name: str(uuid.uuid4())})


@pytest.mark.parametrize("level", [SECRET, VERY_SECRET], ids=["secret", "very-secret"])
@pytest.mark.parametrize(("method", "path", "name"), READS, ids=[f"{m} {p}" for m, p, _ in READS])
async def test_a_secret_letter_is_read_only_by_named_people_cleared_for_its_level(
        controllers, secret_letters, level, method, path, name):
    call = Call(method, path, {name: secret_letters[level][name]})
    answers = {actor: (await controllers.send("documents", actor, call)).status_code
               for actor in ("controller", "high_controller", *UNNAMED)}
    assert answers == {actor: 200 if actor in READERS[level] else 404 for actor in answers}
    for actor in UNNAMED:
        hidden = await controllers.send("documents", actor, call)
        missing = await controllers.send("documents", actor, elsewhere(call, name))
        assert hidden.json() == missing.json()


async def test_only_named_people_see_a_secret_letter_in_the_inbox_and_in_search(controllers, secret_letters):
    letter_id = secret_letters[VERY_SECRET]["letter_id"]
    subject = (await controllers.send("documents", "high_controller",
                                      Call("GET", "/letters/{letter_id}", {"letter_id": letter_id}))).json()["subject"]

    async def finds(actor: str) -> tuple[bool, bool]:
        inbox = await controllers.send("documents", actor, Call("GET", "/inbox", params={"limit": 500}))
        found = await controllers.send("documents", actor, Call("GET", "/letters/search", params={"q": subject}))
        return (letter_id in {i["letter_id"] for i in inbox.json()["items"]},
                letter_id in {i["letter_id"] for i in found.json()["items"]})

    assert {actor: await finds(actor) for actor in ("high_controller", "controller", "clerk", "executive")} == {
        "high_controller": (True, True), "controller": (False, False), "clerk": (False, False),
        "executive": (False, False)}


@pytest.mark.parametrize(("action", "json"), [("accept", None), ("reject", {"reason": "ส่งผิดหน่วยงาน"})])
async def test_only_a_named_controller_accepts_or_refuses_a_secret_letter(controllers, action, json):
    delivery = await controllers.incoming(secrecy=SECRET)
    call = Call("POST", f"/deliveries/{{delivery_id}}/{action}", {"delivery_id": delivery["delivery_id"]}, json=json)
    refused = {actor: (await controllers.send("documents", actor, call)).status_code
               for actor in ("clerk", "system", "outsider")}
    assert refused == {"clerk": 404, "system": 404, "outsider": 404}
    assert (await controllers.send("documents", "controller", call)).status_code == 200


async def test_routing_a_secret_letter_names_a_cleared_person_who_may_then_read_it(controllers):
    delivery = await controllers.accepted(by="controller", secrecy=SECRET)
    letter = Call("GET", "/letters/{letter_id}", {"letter_id": delivery["letter_id"]})
    route = Call("POST", "/deliveries/{delivery_id}/route", {"delivery_id": delivery["delivery_id"]})
    assert (await controllers.send("documents", "executive", letter)).status_code == 404

    route.json = {"action": "forward", "to_unit_id": f"{OFFICE}.correspondence"}
    to_unit = await controllers.send("documents", "controller", route)
    uncleared = await controllers.person(roles=["action_officer"], clearance=0)
    route.json = {"action": "forward", "to_user_id": uncleared["user_id"]}
    to_uncleared = await controllers.send("documents", "controller", route)
    route.json = {"action": "forward", "to_user_id": f"u-{OFFICE}-executive"}
    to_executive = await controllers.send("documents", "controller", route)

    assert [r.json()["error"]["code"] for r in (to_unit, to_uncleared)] == ["secret_needs_person"] * 2
    assert to_executive.status_code == 200
    assert (await controllers.send("documents", "executive", letter)).status_code == 200


async def test_a_secret_letter_an_agency_sends_is_read_by_its_writer_not_by_the_rest_of_the_agency(controllers):
    writer = await controllers.person(roles=["clerk"], clearance=1)
    headers = await sign_in(controllers.urls["documents"], writer["username"])
    sent = await send_letter(controllers.clients["documents"], headers, to=[PARTNER], secrecy=SECRET)
    letter = Call("GET", "/letters/{letter_id}", {"letter_id": sent["letter_id"]})
    controllers.headers["writer"] = headers
    answers = {actor: (await controllers.send("documents", actor, letter)).status_code
               for actor in ("writer", "clerk", "controller", "executive", "admin")}
    assert answers == {"writer": 200, "clerk": 404, "controller": 404, "executive": 404, "admin": 404}

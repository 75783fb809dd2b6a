"""Page plumbing without a network: safe redirects after sign-in, and errors from the services kept bilingual."""

import httpx
import pytest
from portal_service.pages.auth import _safe_next
from portal_service.upstream import _error_from


@pytest.mark.parametrize(("target", "expected"), [
    ("/inbox?status=delivered", "/inbox?status=delivered"),
    ("https://evil.example/", "/"),
    ("//evil.example/path", "/"),
    ("", "/"),
    (None, "/"),
])
def test_after_sign_in_only_paths_of_this_site_are_followed(target, expected):
    assert _safe_next(target) == expected


def test_a_service_error_keeps_its_code_and_both_messages():
    response = httpx.Response(409, json={"error": {"code": "already_accepted", "message": "x",
                                                   "message_th": "ลงรับไปแล้ว", "message_en": "Already accepted"}})
    error = _error_from(response, "documents")
    assert (error.status, error.code) == (409, "already_accepted")
    assert (error.message("th"), error.message("en")) == ("ลงรับไปแล้ว", "Already accepted")


def test_an_answer_that_is_not_our_error_format_still_gives_a_bilingual_message():
    error = _error_from(httpx.Response(502, text="<html>bad gateway</html>"), "documents")
    assert error.code == "upstream_error" and "502" in error.message("th") and "502" in error.message("en")

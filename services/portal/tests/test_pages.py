"""Page plumbing without a network: safe redirects after sign-in, and errors from the services kept bilingual."""

from urllib.parse import quote

import httpx
import pytest
from portal_service.i18n import Wording
from portal_service.pages.auth import _safe_next, login_url, page_of
from portal_service.pages.forms import file_problem
from portal_service.upstream import UpstreamError, _error_from
from starlette.requests import Request


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


def _request(method: str, path: str, headers: dict[str, str]) -> Request:
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "scheme": "http",
             "server": ("portal.example", 80), "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    return Request(scope)


@pytest.mark.parametrize(("method", "path", "headers", "expected"), [
    ("GET", "/inbox/rows", {"hx-request": "true", "hx-current-url": "http://portal.example/inbox?status=delivered",
                            "host": "portal.example"}, "/inbox?status=delivered"),
    ("GET", "/notifications/badge", {"hx-request": "true", "hx-current-url": "https://evil.example/x",
                                     "host": "portal.example"}, "/"),
    ("POST", "/deliveries/d-1/route", {"referer": "http://portal.example/letters/l-1?delivery=d-1",
                                       "host": "portal.example"}, "/letters/l-1?delivery=d-1"),
    ("GET", "/sent", {"host": "portal.example"}, "/sent"),
])
def test_after_the_session_runs_out_the_person_comes_back_to_the_whole_page_never_a_fragment(method, path, headers,
                                                                                             expected):
    assert page_of(_request(method, path, headers)) == expected
    assert login_url(expected, expired=True) == f"/login?next={quote(expected)}&expired=1"


def test_a_refused_file_is_named_with_the_accepted_types_and_the_size_limit():
    refusal = UpstreamError(status=415, code="unsupported_media_type", message_th="ไม่รองรับไฟล์ประเภทนี้",
                            message_en="This file type is not accepted",
                            detail={"filename": "ก.exe", "max_bytes": 100 * 1024 * 1024, "allowed": ["application/pdf"]})
    message = file_problem(refusal, "ก.exe", Wording("th", thai_digits=False))
    assert message.startswith("ไฟล์ “ก.exe” ใช้ไม่ได้: ไม่รองรับไฟล์ประเภทนี้")
    assert "PDF" in message and "100 MB" in message

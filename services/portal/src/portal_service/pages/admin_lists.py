"""บัญชีรายชื่อผู้รับ: the agency's distribution lists, their members picked from the whole directory in a searchable
list of checkboxes; a root agency's administrators also keep the public (national) lists."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..upstream import UpstreamError
from .admin import Administrator, admin_page
from .admin_forms import missing, refusal_errors, values_of
from .rendering import documents_api, redirect, wording

router = APIRouter()

FIELDS = ("name_th", "name_en")
LABELS = {"name_th": "admin_list_name_th", "name_en": "admin_name_en", "member_agency_ids": "admin_members",
          "list_id": "admin_list_name_th"}
CODES = {"unknown_agencies": "member_agency_ids", "distribution_list_exists": "name_th"}
PAGE = 500


async def all_agencies(request: Request, token: str) -> list[dict[str, Any]]:
    """The whole directory's active agencies, a page at a time (a national directory has thousands)."""
    first = await documents_api(request, token, "GET", "/agencies", params={"limit": PAGE})
    rest = await asyncio.gather(*(documents_api(request, token, "GET", "/agencies", params={"limit": PAGE, "offset": at})
                                  for at in range(PAGE, first["total"], PAGE)))
    return first["items"] + [a for page in rest for a in page["items"]]


async def _is_root_admin(request: Request, token: str, agency_id: str) -> bool:
    return (await documents_api(request, token, "GET", f"/agencies/{agency_id}"))["parent_id"] is None


@router.get("/admin/lists", response_class=HTMLResponse)
async def lists(request: Request, session: Administrator) -> HTMLResponse:
    listed, root = await asyncio.gather(
        documents_api(request, session.token, "GET", "/distribution-lists", params={"limit": 500}),
        _is_root_admin(request, session.token, session.principal.agency_id))
    return admin_page(request, "admin_lists.html", section="lists", lists=listed["items"], root=root,
                  mine=session.principal.agency_id)


async def _form(request: Request, session: Administrator, *, found: dict[str, Any] | None, values: dict[str, str],
                chosen: list[str], public: bool, errors: dict[str, str] | None = None,
                error: str | None = None) -> HTMLResponse:
    agencies, root, listed = await asyncio.gather(
        all_agencies(request, session.token), _is_root_admin(request, session.token, session.principal.agency_id),
        documents_api(request, session.token, "GET", "/distribution-lists", params={"limit": 500}))
    by_id = {a["agency_id"]: a for a in agencies}
    picked = [by_id[a] for a in chosen if a in by_id]
    others = [a for a in agencies if a["agency_id"] not in set(chosen)]
    editable = found is None or not found["public"] or root
    return admin_page(request, "admin_list.html", status_code=422 if errors or error else 200, section="lists",
                  found=found, values=values, picked=picked, others=others, public=public, root=root,
                  editable=editable, sources=listed["items"], errors=errors or {}, error=error)


@router.get("/admin/lists/new", response_class=HTMLResponse)
async def new_list(request: Request, session: Administrator, start: str = "") -> HTMLResponse:
    """`start`: another list whose members to begin from (e.g. all 77 provinces, then Bangkok unticked)."""
    chosen: list[str] = []
    if start:
        source = await documents_api(request, session.token, "GET", f"/distribution-lists/{start}")
        chosen = [m["agency_id"] for m in source["members"]]
    return await _form(request, session, found=None, values=dict.fromkeys(FIELDS, ""), chosen=chosen, public=False)


def _posted(form: Any) -> tuple[dict[str, str], list[str], bool]:
    return values_of(form, FIELDS), list(dict.fromkeys(str(a) for a in form.getlist("member_agency_ids"))), \
        form.get("public") == "true"


def _check(values: dict[str, str], chosen: list[str], words: Any) -> dict[str, str]:
    errors = missing(values, ("name_th",), LABELS, words)
    if not chosen:
        errors["member_agency_ids"] = words("admin_choose_members")
    return errors


@router.post("/admin/lists/new", response_model=None)
async def create_list(request: Request, session: Administrator) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    values, chosen, public = _posted(await request.form())
    if errors := _check(values, chosen, words):
        return await _form(request, session, found=None, values=values, chosen=chosen, public=public, errors=errors)
    body = {"name_th": values["name_th"], "name_en": values["name_en"] or None, "member_agency_ids": chosen,
            "public": public}
    try:
        made = await documents_api(request, session.token, "POST", "/distribution-lists", json=body)
    except UpstreamError as exc:
        return await _form(request, session, found=None, values=values, chosen=chosen, public=public,
                           error=exc.message(words.lang), errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/lists/{made['list_id']}", done="list_saved", n=made["member_count"])


@router.get("/admin/lists/{list_id}", response_class=HTMLResponse)
async def edit_list(request: Request, session: Administrator, list_id: str) -> HTMLResponse:
    found = await documents_api(request, session.token, "GET", f"/distribution-lists/{list_id}")
    return await _form(request, session, found=found, values={k: found[k] or "" for k in FIELDS},
                       chosen=[m["agency_id"] for m in found["members"]], public=found["public"])


@router.post("/admin/lists/{list_id}", response_model=None)
async def save_list(request: Request, session: Administrator, list_id: str) -> HTMLResponse | RedirectResponse:
    words = wording(request)
    found = await documents_api(request, session.token, "GET", f"/distribution-lists/{list_id}")
    values, chosen, _ = _posted(await request.form())
    if errors := _check(values, chosen, words):
        return await _form(request, session, found=found, values=values, chosen=chosen, public=found["public"],
                           errors=errors)
    body = {"name_th": values["name_th"], "name_en": values["name_en"] or None, "member_agency_ids": chosen}
    try:
        saved = await documents_api(request, session.token, "PUT", f"/distribution-lists/{list_id}", json=body)
    except UpstreamError as exc:
        return await _form(request, session, found=found, values=values, chosen=chosen, public=found["public"],
                           error=exc.message(words.lang), errors=refusal_errors(exc, LABELS, words, codes=CODES))
    return redirect(f"/admin/lists/{list_id}", done="list_saved", n=saved["member_count"])


@router.post("/admin/lists/{list_id}/delete", response_model=None)
async def delete_list(request: Request, session: Administrator, list_id: str) -> RedirectResponse:
    await documents_api(request, session.token, "DELETE", f"/distribution-lists/{list_id}")
    return redirect("/admin/lists", done="list_deleted")

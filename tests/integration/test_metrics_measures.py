"""Every adoption measure against figures worked out by hand from a generated history (tests/metrics_history.py).

The history, one fiscal year of agencies named after the run:
- ministry M ← provinces pv1 (code p1), pv2 (p2) and department D; A1, A2, A3 in p1, B1, B2 in p2.
- Letters: A1 → A2 eleven electronic (urgency normal), A1 one paper send, A2 one paper letter registered on
  arrival, A3 one paper send only; B1 → B2 two electronic (most urgent), B2 two paper sends; D an urgent
  electronic circular to A1, A2, B1.
  A1: sent 11 e + 1 p, received 1 e. A2: received 12 e + 1 p. A3: sent 1 p. B1: sent 2 e, received 1 e.
  B2: received 2 e, sent 2 p. D: sent 1 e. p1: 24 e / 27. p2: 5 e / 7. M: 30 e / 35.
- Channel mix of M: A3 paper only; A1, A2, B2 both; B1, D electronic only.
- Speed: delivery (for the sender) A1 1…11 s, D 3 × 30 s, B1 5 s and 15 s; acceptance A2 of A1's letters
  600 … 172800 s (median 7200, p90 90000, 9 under 24 h), of D's circular A1 100000, A2 3600, B1 7200,
  B2 of B1's 300 and 900. A2 assigned four: closed after 1 h (on time), 2 h (deadline 1 h), 2 days (deadline
  1 day), one never closed (deadline 1 day) → handling 3600, 7200, 172800; 2 closed late, 1 open overdue.
- E-approval (sends signed through the review chain): A1 eight of its eleven electronic sends, B1 one of two, D its
  circular. p1: 8 of 13 sends (all in November; January has letters received only), p2: 1 of 4, M: 10 of 18.
- Review steps (assigned → acted on): A1 eleven most urgent (0.25 … 8 h: median 2 h, p90 6 h), three urgent (1, 2,
  3 h), one normal (30 h); B1 one urgent (5 h).
- Usage: active in the year u-a1-1, u-a1-2, u-a2-1, u-b1-1 (4) of 6 active people; November 3, January 2.
- Meetings: pv1 held two (one with a pack 7 days ahead: 40 pages × 10 members), B1 one (pack v2 3 days
  ahead, 12 pages × 5); items 3 (1 late) + 2 + 1 (1 late).
"""

from __future__ import annotations

import csv
import io
import math

import httpx
import openpyxl
import pytest

from opensaraban_shared.events.documents import ReviewStepCompleted
from tests.metrics_history import Ids, admin_headers, adoption_history, figures_complete, produce, user_headers
from tests.support import devstack, eventually

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def secret(services) -> str:
    env = dict(line.split("=", 1) for line in devstack("env", "metrics").stdout.splitlines() if "=" in line)
    return env["METRICS_AUTH_SECRET"]


@pytest.fixture(scope="module")
async def history(stack, services, secret) -> Ids:
    ids, h = adoption_history()
    # Events delivered twice (a producer retry): each must count once.
    step = next(e for e in h.envelopes if isinstance(e.payload, ReviewStepCompleted))
    await produce(stack["kafka_bootstrap"], [*h.envelopes, h.envelopes[-1], step])
    headers = admin_headers(secret)
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10) as client:
        await eventually(lambda: figures_complete(client, ids, headers), timeout_s=60,
                         what="the metrics service to project the generated history")
    return ids


@pytest.fixture
async def api(services, secret):
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10, headers=admin_headers(secret)) as client:
        yield client


async def get(client: httpx.AsyncClient, path: str, **params) -> dict:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def letters(counts: dict) -> tuple[int, int, int, int]:
    return counts["sent_electronic"], counts["sent_paper"], counts["received_electronic"], counts["received_paper"]


# --- electronic distribution rate ---


async def test_distribution_rate_counts_paper_registered_and_paper_sent_as_paper(api, history: Ids):
    fy = history.fiscal_year
    ministry = await get(api, "/adoption/distribution", ministry_id=history.ministry, fiscal_year=fy)
    p1 = await get(api, "/adoption/distribution", province_code=history.p1, fiscal_year=fy)
    p2 = await get(api, "/adoption/distribution", province_code=history.p2, fiscal_year=fy)
    a2 = await get(api, "/adoption/distribution", agency_id=history.a2, fiscal_year=fy)

    assert letters(ministry["totals"]) == (14, 4, 16, 1) and ministry["totals"]["electronic_rate"] == 30 / 35
    assert letters(p1["totals"]) == (11, 2, 13, 1) and p1["totals"]["electronic_rate"] == 24 / 27
    assert letters(p2["totals"]) == (2, 2, 3, 0) and p2["totals"]["electronic_rate"] == 5 / 7
    assert letters(a2["totals"]) == (0, 0, 12, 1)


async def test_distribution_trend_by_month_day_and_fiscal_year(api, history: Ids):
    y = history.year
    by_month = await get(api, "/adoption/distribution", province_code=history.p1, fiscal_year=history.fiscal_year)
    by_day = await get(api, "/adoption/distribution", province_code=history.p1, granularity="day",
                       date_from=f"{y}-11-01", date_to=f"{y}-11-30")
    by_year = await get(api, "/adoption/distribution", province_code=history.p1, granularity="fiscal_year",
                        fiscal_year=history.fiscal_year)

    assert [(p["period"], letters(p)) for p in by_month["series"]] == [
        (f"{y}-11", (11, 2, 11, 1)), (f"{y + 1}-01", (0, 0, 2, 0))]
    assert [(p["period"], letters(p)) for p in by_day["series"]] == [
        (f"{y}-11-15", (11, 0, 9, 0)), (f"{y}-11-16", (0, 1, 1, 0)), (f"{y}-11-17", (0, 0, 1, 0)),
        (f"{y}-11-20", (0, 0, 0, 1)), (f"{y}-11-21", (0, 1, 0, 0))]
    assert [(p["period"], letters(p)) for p in by_year["series"]] == [(str(history.fiscal_year), (11, 2, 13, 1))]


async def test_a_period_cut_inside_months_adds_edge_days_to_whole_months(api, history: Ids):
    y = history.year
    # 16 Nov … 5 Jan: November's edge days (two paper sends, A2's registrations of 16 and 17 Nov, one on paper),
    # all of December (B1's two letters, B2's two paper sends), 5 January (the circular; A2 and B1 register it).
    body = await get(api, "/adoption/distribution", ministry_id=history.ministry,
                     date_from=f"{y}-11-16", date_to=f"{y + 1}-01-05")

    # A1 registers the circular only on 6 January.
    assert letters(body["totals"]) == (3, 4, 6, 1)


# --- e-approval rate ---


def approvals(counts: dict) -> tuple[int, int]:
    return counts["sent"], counts["approved_electronically"]


async def test_e_approval_rate_per_ministry_province_agency_and_month(api, history: Ids):
    fy = history.fiscal_year
    ministry = await get(api, "/adoption/e-approval", ministry_id=history.ministry, fiscal_year=fy)
    p1 = await get(api, "/adoption/e-approval", province_code=history.p1, fiscal_year=fy)
    p2 = await get(api, "/adoption/e-approval", province_code=history.p2, fiscal_year=fy)
    a1 = await get(api, "/adoption/e-approval", agency_id=history.a1, fiscal_year=fy)

    assert approvals(ministry["totals"]) == (18, 10) and ministry["totals"]["e_approval_rate"] == 10 / 18
    assert approvals(p1["totals"]) == (13, 8) and p1["totals"]["e_approval_rate"] == 8 / 13
    assert approvals(p2["totals"]) == (4, 1) and p2["totals"]["e_approval_rate"] == 1 / 4
    assert approvals(a1["totals"]) == (12, 8)
    assert [(p["period"], approvals(p), p["e_approval_rate"]) for p in p1["series"]] == [
        (f"{history.year}-11", (13, 8), 8 / 13), (f"{history.year + 1}-01", (0, 0), None)]


async def test_e_approval_downloads_as_csv_and_xlsx_with_thai_headers(api, history: Ids):
    params = {"measure": "e-approval", "province_code": history.p1, "fiscal_year": history.fiscal_year}
    csv_file = await api.get("/adoption/export", params={**params, "format": "csv"})
    xlsx_file = await api.get("/adoption/export", params={**params, "format": "xlsx"})

    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert rows[0] == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)", "หนังสือส่ง (sent)",
                       "อนุมัติทางอิเล็กทรอนิกส์ (approved_electronically)",
                       "อัตราการอนุมัติทางอิเล็กทรอนิกส์ (e_approval_rate)"]
    assert rows[1][:4] == [f"พ.ย. {history.year + 543}", f"{history.year}-11", "13", "8"]
    table = list(openpyxl.load_workbook(io.BytesIO(xlsx_file.content)).active.iter_rows(values_only=True))
    assert table[1][:4] == (f"พ.ย. {history.year + 543}", f"{history.year}-11", 13, 8)


# --- e-signature share ---


def signatures(counts: dict) -> tuple[int, int]:
    return counts["sent"], counts["signed_digitally"]


async def test_e_signature_share_per_ministry_province_agency_and_month(api, history: Ids):
    fy = history.fiscal_year
    ministry = await get(api, "/adoption/e-signature", ministry_id=history.ministry, fiscal_year=fy)
    p1 = await get(api, "/adoption/e-signature", province_code=history.p1, fiscal_year=fy)
    p2 = await get(api, "/adoption/e-signature", province_code=history.p2, fiscal_year=fy)
    a1 = await get(api, "/adoption/e-signature", agency_id=history.a1, fiscal_year=fy)

    # A1's first five sends, B1's first, the department's circular; paper sends count in the denominator.
    assert signatures(ministry["totals"]) == (18, 7) and ministry["totals"]["e_signature_rate"] == 7 / 18
    assert signatures(p1["totals"]) == (13, 5) and p1["totals"]["e_signature_rate"] == 5 / 13
    assert signatures(p2["totals"]) == (4, 1) and p2["totals"]["e_signature_rate"] == 1 / 4
    assert signatures(a1["totals"]) == (12, 5)
    assert [(p["period"], signatures(p), p["e_signature_rate"]) for p in p1["series"]] == [
        (f"{history.year}-11", (13, 5), 5 / 13), (f"{history.year + 1}-01", (0, 0), None)]
    by_day = await get(api, "/adoption/e-signature", agency_id=history.a1, date_from=f"{history.year}-11-15",
                       date_to=f"{history.year}-11-16", granularity="day")
    assert [(p["period"], signatures(p)) for p in by_day["series"]] == [
        (f"{history.year}-11-15", (11, 5)), (f"{history.year}-11-16", (1, 0))]


async def test_e_signature_downloads_as_csv_and_xlsx_with_thai_headers(api, history: Ids):
    params = {"measure": "e-signature", "province_code": history.p1, "fiscal_year": history.fiscal_year}
    csv_file = await api.get("/adoption/export", params={**params, "format": "csv"})
    xlsx_file = await api.get("/adoption/export", params={**params, "format": "xlsx"})

    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert rows[0] == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)", "หนังสือส่ง (sent)",
                       "ลงลายมือชื่ออิเล็กทรอนิกส์ (signed_digitally)",
                       "สัดส่วนการลงลายมือชื่ออิเล็กทรอนิกส์ (e_signature_rate)"]
    assert rows[1][:4] == [f"พ.ย. {history.year + 543}", f"{history.year}-11", "13", "5"]
    table = list(openpyxl.load_workbook(io.BytesIO(xlsx_file.content)).active.iter_rows(values_only=True))
    assert table[1][:4] == (f"พ.ย. {history.year + 543}", f"{history.year}-11", 13, 5)


# --- channel mix ---


async def test_channel_mix_sorts_agencies_into_paper_only_both_and_electronic_only(api, history: Ids):
    body = await get(api, "/adoption/channel-mix", ministry_id=history.ministry, fiscal_year=history.fiscal_year)

    assert (body["paper_only"], body["both"], body["electronic_only"], body["agencies"]) == (1, 3, 2, 6)
    assert body["shares"]["both"] == 0.5
    assert body["survey_2017"]["provincial"] == {"paper_only": 89, "both": 499, "electronic_only": 102}


# --- speed ---


def close_to(actual: float | None, expected: float) -> bool:
    """Percentiles come from a log histogram whose buckets are 4.4 % wide."""
    return actual is not None and math.isclose(actual, expected, rel_tol=0.045)


async def test_speed_by_stage_and_urgency_with_median_and_90th_percentile(api, history: Ids):
    body = await get(api, "/adoption/speed", ministry_id=history.ministry, fiscal_year=history.fiscal_year)
    rows = {(s["stage"], s["urgency"]): s for s in body["stages"]}

    assert set(rows) == {("delivery", 1), ("delivery", 2), ("delivery", 4), ("acceptance", 1), ("acceptance", 2),
                         ("acceptance", 4), ("handling", 1), ("review_step", 1), ("review_step", 2), ("review_step", 4)}
    assert rows[("delivery", 1)]["count"] == 11
    assert close_to(rows[("delivery", 1)]["median_s"], 6) and close_to(rows[("delivery", 1)]["p90_s"], 10)
    assert rows[("delivery", 2)]["count"] == 3 and close_to(rows[("delivery", 2)]["median_s"], 30)
    assert rows[("acceptance", 1)]["count"] == 11 and rows[("acceptance", 1)]["within_24h"] == 9
    assert close_to(rows[("acceptance", 1)]["median_s"], 7200) and close_to(rows[("acceptance", 1)]["p90_s"], 90000)
    assert rows[("acceptance", 2)]["count"] == 3 and close_to(rows[("acceptance", 2)]["median_s"], 7200)
    assert rows[("acceptance", 4)]["urgency_th"] == "ด่วนที่สุด"
    assert rows[("handling", 1)]["count"] == 3 and close_to(rows[("handling", 1)]["median_s"], 7200)


async def test_time_per_review_step_by_urgency_per_province(api, history: Ids):
    p1 = await get(api, "/adoption/speed", province_code=history.p1, fiscal_year=history.fiscal_year)
    p2 = await get(api, "/adoption/speed", province_code=history.p2, fiscal_year=history.fiscal_year)
    steps = {s["urgency"]: s for s in p1["stages"] if s["stage"] == "review_step"}

    assert {u: s["count"] for u, s in steps.items()} == {1: 1, 2: 3, 4: 11}
    assert close_to(steps[4]["median_s"], 2 * 3600) and close_to(steps[4]["p90_s"], 6 * 3600)
    assert close_to(steps[2]["median_s"], 2 * 3600) and close_to(steps[1]["median_s"], 30 * 3600)
    assert steps[4]["urgency_th"] == "ด่วนที่สุด" and steps[4]["within_24h"] == 11
    assert [(s["urgency"], s["count"]) for s in p2["stages"] if s["stage"] == "review_step"] == [(2, 1)]


async def test_overdue_assignments_closed_late_or_still_open(api, history: Ids):
    body = await get(api, "/adoption/speed", agency_id=history.a2, fiscal_year=history.fiscal_year)

    assert [(o["urgency"], o["with_deadline"], o["closed_late"], o["open_overdue"]) for o in body["overdue"]] == [
        (1, 4, 2, 1)]


# --- usage ---


async def test_usage_counts_people_once_per_period_against_the_directory(api, history: Ids):
    y = history.year
    year = await get(api, "/adoption/usage", ministry_id=history.ministry, fiscal_year=history.fiscal_year)
    days = await get(api, "/adoption/usage", ministry_id=history.ministry, granularity="day",
                     date_from=f"{y}-11-01", date_to=f"{y}-11-30")
    edges = await get(api, "/adoption/usage", ministry_id=history.ministry, date_from=f"{y}-11-05",
                      date_to=f"{y + 1}-01-10")
    short = await get(api, "/adoption/usage", ministry_id=history.ministry, date_from=f"{y}-11-05",
                      date_to=f"{y}-11-30")

    assert (year["active_users"], year["registered_users"], year["agencies_registered"], year["agencies_live"]) == (
        4, 6, 9, 5)
    assert year["letters"] == 35 and year["letters_per_active_user"] == 35 / 4
    assert year["target_users"] == 3_000_000 and year["target_share"] is None  # the target is national
    assert [(p["period"], p["active_users"]) for p in year["series"]] == [(f"{y}-11", 3), (f"{y + 1}-01", 2)]
    assert [(p["period"], p["active_users"]) for p in days["series"]] == [
        (f"{y}-11-03", 1), (f"{y}-11-04", 2), (f"{y}-11-05", 1), (f"{y}-11-20", 1)]
    assert edges["active_users"] == 3  # u-a1-2 signed in on 4 November only
    assert short["active_users"] == 2


async def test_national_usage_is_measured_against_the_three_million_target(api, history: Ids):
    national = await get(api, "/adoption/usage", national="true", fiscal_year=history.fiscal_year)

    assert national["scope"]["level"] == "national"
    assert national["active_users"] >= 4
    assert national["target_share"] == national["active_users"] / 3_000_000


# --- meetings and savings ---


async def test_meetings_with_an_electronic_pack_lead_time_and_late_items(api, history: Ids):
    body = await get(api, "/adoption/meetings", ministry_id=history.ministry, fiscal_year=history.fiscal_year)
    p2 = await get(api, "/adoption/meetings", province_code=history.p2, fiscal_year=history.fiscal_year)

    assert (body["held"], body["with_electronic_pack"]) == (3, 2) and body["electronic_pack_share"] == 2 / 3
    assert math.isclose(body["median_lead_days"], 5) and math.isclose(body["mean_lead_days"], 5)
    assert (body["agenda_items"], body["late_items"]) == (6, 2) and body["late_item_share"] == 2 / 6
    assert (p2["held"], p2["with_electronic_pack"], p2["late_items"]) == (1, 1, 1)
    assert math.isclose(p2["median_lead_days"], 3)


async def test_savings_are_an_estimate_from_copies_not_printed_and_packs(api, history: Ids):
    body = await get(api, "/adoption/savings", ministry_id=history.ministry, fiscal_year=history.fiscal_year)

    assert body["estimate"] is True
    assert (body["electronic_copies"], body["agenda_pack_pages"]) == (16, 400 + 60)
    assert body["pages_not_printed"] == 16 * 2 + 460
    assert (body["paper_baht"], body["postage_baht"], body["total_baht"]) == (246.0, 288.0, 534.0)
    assert body["parameters"] == {"pages_per_letter": 2.0, "baht_per_page": 0.5, "postage_baht_per_letter": 18.0}


# --- ranking ---


async def test_provinces_are_ranked_by_the_documented_composite_score(api, history: Ids):
    body = await get(api, "/adoption/ranking", ministry_id=history.ministry, fiscal_year=history.fiscal_year,
                     level="province")
    rows = {r["key"]: r for r in body["rows"]}
    p1 = 100 * (0.5 * 24 / 27 + 0.2 * 10 / 13 + 0.15 * 3 / 4 + 0.15 * 1 / 2)
    p2 = 100 * (0.5 * 5 / 7 + 0.2 * 3 / 3 + 0.15 * 1 / 2 + 0.15 * 1 / 1)

    assert [r["key"] for r in body["rows"]] == [history.p1, history.p2]
    assert rows[history.p1]["score"] == round(p1, 2) and rows[history.p1]["rank"] == 1
    assert rows[history.p2]["score"] == round(p2, 2)
    assert rows[history.p1]["accepted_within_24h"] == 10 / 13 and rows[history.p1]["active_user_share"] == 0.75
    assert "0.50" in body["formula"] and "electronic distribution rate" in body["formula"]


async def test_agencies_are_ranked_within_a_province_and_named(api, history: Ids):
    body = await get(api, "/adoption/ranking", province_code=history.p1, fiscal_year=history.fiscal_year,
                     level="agency")
    rows = {r["key"]: r for r in body["rows"]}

    assert rows[history.a3]["score"] == 0.0 and rows[history.a3]["rank"] == len(body["rows"])
    assert rows[history.a1]["name_th"] == f"หน่วยงานทดสอบ {history.a1}"
    assert rows[history.a1]["electronic_rate"] == 12 / 13


# --- exports ---


async def test_any_measure_downloads_as_csv_with_thai_headers(api, history: Ids):
    response = await api.get("/adoption/export", params={"measure": "distribution", "format": "csv",
                                                         "province_code": history.p1,
                                                         "fiscal_year": history.fiscal_year})

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ช่วงเวลา (พ.ศ.) (period_be)", "ช่วงเวลา (ค.ศ.) (period)",
                           "ส่งทางอิเล็กทรอนิกส์ (sent_electronic)"]
    assert [r[:2] for r in rows[1:]] == [[f"พ.ย. {history.year + 543}", f"{history.year}-11"],
                                         [f"ม.ค. {history.year + 544}", f"{history.year + 1}-01"]]


async def test_the_ranking_downloads_as_xlsx(api, history: Ids):
    response = await api.get("/adoption/export", params={"measure": "ranking", "format": "xlsx", "level": "province",
                                                         "ministry_id": history.ministry,
                                                         "fiscal_year": history.fiscal_year})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][0] == "อันดับ (rank)"
    assert [row[1] for row in table[1:]] == [history.p1, history.p2]


async def test_figures_without_a_series_download_one_per_row(api, history: Ids):
    response = await api.get("/adoption/export", params={"measure": "savings", "format": "csv",
                                                         "ministry_id": history.ministry,
                                                         "fiscal_year": history.fiscal_year})

    rows = dict(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows["total_baht"] == "534.0" and rows["parameters.postage_baht_per_letter"] == "18.0"


# --- filters and access ---


async def test_bad_filters_are_refused_in_thai_and_english(api, history: Ids):
    cases = [
        ({"date_from": "2020-02-01", "date_to": "2020-01-01"}, "invalid_period"),
        ({}, "period_required"),
        ({"province_code": history.p1, "agency_id": history.a1, "fiscal_year": history.fiscal_year},
         "conflicting_filters"),
        ({"granularity": "day", "date_from": "2019-01-01", "date_to": "2020-12-31"}, "period_too_long"),
        ({"granularity": "week", "fiscal_year": history.fiscal_year}, "invalid_input"),
    ]
    for params, code in cases:
        response = await api.get("/adoption/distribution", params=params)
        error = response.json()["error"]
        assert (response.status_code, error["code"]) == (422, code), params
        assert error["message_th"] and error["message_en"]


async def test_a_clerk_sees_their_own_agency_only(services, secret, history: Ids):
    headers = user_headers(secret, history.a1)
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10, headers=headers) as client:
        own = await client.get("/adoption/distribution", params={"fiscal_year": history.fiscal_year})
        other = await client.get("/adoption/distribution", params={"fiscal_year": history.fiscal_year,
                                                                   "agency_id": history.a2})
        province = await client.get("/adoption/distribution", params={"fiscal_year": history.fiscal_year,
                                                                      "province_code": history.p1})

    assert own.status_code == 200 and own.json()["scope"] == {
        "level": "agency", "key": history.a1, "date_from": f"{history.year}-10-01",
        "date_to": f"{history.year + 1}-09-30"}
    assert letters(own.json()["totals"]) == (11, 1, 1, 0)
    assert other.status_code == 404
    assert province.status_code == 403 and province.json()["error"]["code"] == "forbidden"


async def test_prometheus_shows_events_processed_lag_and_errors(services, history: Ids):
    async def lag_known() -> str | None:
        async with httpx.AsyncClient(base_url=services["metrics"], timeout=10) as client:
            text = (await client.get("/metrics")).text
        return text if 'opensaraban_consumer_lag{consumer="metrics.letters"}' in text else None

    text = await eventually(lag_known, timeout_s=20, what="the lag gauge")
    for group in ("metrics.letters", "metrics.meetings", "metrics.directory"):
        assert f'opensaraban_events_processed_total{{consumer="{group}",outcome="processed"}}' in text
        assert f'opensaraban_events_processed_total{{consumer="{group}",outcome="dead_lettered"}}' in text

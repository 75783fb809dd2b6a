// Paper-free adoption dashboard: reads /adoption/* with the administrator's token, draws five ECharts charts.
// The token comes once in the URL fragment (#token=…), is kept for the tab only, and never reaches a log; the portal
// that opened the page adds its own address (&portal=…) for the way back.
"use strict";

const TEXT = {
  th: {
    title: "แดชบอร์ดการใช้งานระบบไร้กระดาษ", fiscal_year: "ปีงบประมาณ", date_from: "ตั้งแต่วันที่", date_to: "ถึงวันที่",
    province: "จังหวัด (รหัส)", agency: "หน่วยงาน (รหัส)", granularity: "ช่วงแนวโน้ม", month: "รายเดือน", day: "รายวัน",
    by_fiscal_year: "รายปีงบประมาณ", apply: "แสดงผล", rate: "อัตราการส่งหนังสือทางอิเล็กทรอนิกส์",
    active_users: "ผู้ใช้งาน / เป้าหมาย", meetings: "การประชุมที่มีวาระอิเล็กทรอนิกส์", savings: "ประหยัดได้ (ประมาณการ)",
    trend: "แนวโน้มจำนวนหนังสือและอัตราอิเล็กทรอนิกส์", mix: "สัดส่วนหน่วยงานตามช่องทาง",
    ranking: "อันดับจังหวัดตามคะแนนไร้กระดาษ", speed: "ความเร็วตามชั้นความเร็ว (มัธยฐาน ชั่วโมง)", download: "ดาวน์โหลด",
    ranking_file: "อันดับ (XLSX)", formula_note: "คะแนนไร้กระดาษ: ดูสูตรที่", electronic: "อิเล็กทรอนิกส์", paper: "กระดาษ",
    rate_series: "อัตราอิเล็กทรอนิกส์ (%)", paper_only: "กระดาษอย่างเดียว", both: "ทั้งสองช่องทาง",
    electronic_only: "อิเล็กทรอนิกส์อย่างเดียว", score: "คะแนน", delivery: "ส่ง → ถึง", acceptance: "ถึง → ลงรับ",
    handling: "มอบหมาย → ปิดเรื่อง", urgency: ["", "ปกติ", "ด่วน", "ด่วนมาก", "ด่วนที่สุด"], baht: "บาท",
    no_token: "ไม่พบสิทธิ์เข้าใช้: เปิดหน้านี้พร้อม #token=… ของผู้ดูแลระบบ", loading: "กำลังโหลด…", error: "โหลดข้อมูลไม่สำเร็จ",
    of: "จาก", lang: "English", approval: "อัตราการอนุมัติทางอิเล็กทรอนิกส์", approval_series: "อัตราการอนุมัติทางอิเล็กทรอนิกส์ (%)",
    signature: "สัดส่วนหนังสือที่ลงลายมือชื่ออิเล็กทรอนิกส์", signature_series: "ลงลายมือชื่ออิเล็กทรอนิกส์ (%)",
    signature_xlsx: "ลายมือชื่ออิเล็กทรอนิกส์ (XLSX)", signature_csv: "ลายมือชื่ออิเล็กทรอนิกส์ (CSV)",
    review: "เวลาต่อขั้นการพิจารณา เสนอ–ตรวจ–ลงนาม ตามชั้นความเร็ว (ชั่วโมง)", median: "มัธยฐาน", p90: "เปอร์เซ็นไทล์ที่ 90",
    approval_xlsx: "อนุมัติทางอิเล็กทรอนิกส์ (XLSX)", approval_csv: "อนุมัติทางอิเล็กทรอนิกส์ (CSV)", speed_file: "ความเร็ว (XLSX)",
    distribution_xlsx: "ส่งทางอิเล็กทรอนิกส์ (XLSX)", distribution_csv: "ส่งทางอิเล็กทรอนิกส์ (CSV)",
    back: "← กลับสู่ระบบสารบรรณ", months: ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
    "ต.ค.", "พ.ย.", "ธ.ค."], fiscal: "ปีงบ",
  },
  en: {
    title: "Paper-free adoption dashboard", fiscal_year: "Fiscal year (BE)", date_from: "From", date_to: "To",
    province: "Province (code)", agency: "Agency (id)", granularity: "Trend by", month: "Month", day: "Day",
    by_fiscal_year: "Fiscal year", apply: "Show", rate: "Electronic distribution rate", active_users: "Active users / target",
    meetings: "Meetings with an electronic agenda pack", savings: "Savings (estimate)",
    trend: "Letters and electronic rate over time", mix: "Agencies by channel mix", ranking: "Provinces by paper-free score",
    speed: "Speed by urgency (median, hours)", download: "Download", ranking_file: "Ranking (XLSX)",
    formula_note: "Paper-free score: formula at", electronic: "Electronic", paper: "Paper", rate_series: "Electronic rate (%)",
    paper_only: "Paper only", both: "Both", electronic_only: "Electronic only", score: "Score", delivery: "Sent → delivered",
    acceptance: "Delivered → accepted", handling: "Assigned → closed",
    urgency: ["", "Normal", "Urgent", "Very urgent", "Most urgent"], baht: "baht",
    no_token: "No access token: open this page with an administrator's #token=…", loading: "Loading…",
    error: "Could not load the figures", of: "of", lang: "ภาษาไทย", approval: "E-approval rate",
    signature: "Letters sent digitally signed", signature_series: "Digitally signed (%)",
    signature_xlsx: "E-signature (XLSX)", signature_csv: "E-signature (CSV)",
    approval_series: "E-approval rate (%)", review: "Time per review step (propose – review – sign) by urgency, hours",
    median: "Median", p90: "90th percentile", approval_xlsx: "E-approval (XLSX)", approval_csv: "E-approval (CSV)",
    speed_file: "Speed (XLSX)", distribution_xlsx: "Electronic distribution (XLSX)",
    distribution_csv: "Electronic distribution (CSV)", back: "← Back to OpenSaraban",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], fiscal: "FY",
  },
};

let lang = sessionStorage.getItem("dashboard.lang") || "th";
const charts = {};
const state = { rendered: {}, errors: [] };
window.dashboardState = state;

function token() {
  const match = location.hash.match(/token=([^&]+)/);
  if (match) {
    sessionStorage.setItem("dashboard.token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("dashboard.token");
}

function portal() {
  // Only an http(s) address: the link must never run script.
  const match = location.hash.match(/portal=([^&]+)/);
  if (match) {
    try {
      const url = new URL(decodeURIComponent(match[1]));
      if (url.protocol === "http:" || url.protocol === "https:") sessionStorage.setItem("dashboard.portal", url.href);
    } catch (e) { /* not an address: no link back */ }
  }
  return sessionStorage.getItem("dashboard.portal");
}

function t(key) { return TEXT[lang][key]; }

const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
const thaiDigits = (text) => String(text).replace(/[0-9]/g, (d) => THAI_DIGITS[d]);

// A period as people read it: Thai, in the Buddhist Era with Thai digits ("ธ.ค. ๒๕๖๙", "๕ ธ.ค. ๒๕๖๙", "ปีงบ ๒๕๗๐");
// English "Dec 2026". The API's periods are YYYY-MM-DD, YYYY-MM, or the fiscal year already in the Buddhist Era.
function periodLabel(period) {
  const [year, month, day] = period.split("-").map(Number);
  if (!month) return lang === "th" ? `${t("fiscal")} ${thaiDigits(period)}` : `${t("fiscal")} ${period} BE`;
  const shown = lang === "th" ? thaiDigits(year + 543) : year;
  const monthYear = `${t("months")[month - 1]} ${shown}`;
  if (!day) return monthYear;
  return `${lang === "th" ? thaiDigits(day) : day} ${monthYear}`;
}

function filters() {
  const form = new FormData(document.getElementById("filters"));
  const params = new URLSearchParams();
  for (const [k, v] of form.entries()) if (v) params.set(k, v);
  if (params.get("date_from") || params.get("date_to")) params.delete("fiscal_year");
  return params;
}

async function get(path, params) {
  const response = await fetch(`${path}?${params}`, { headers: { Authorization: `Bearer ${token()}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error[lang === "th" ? "message_th" : "message_en"] : response.status);
  return body;
}

function chart(id) {
  // SVG: the labels are text a screen reader and a test can read, and they stay sharp when zoomed.
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: "svg" });
  return charts[id];
}

const number = (n, digits = 0) => n == null ? "–" : Number(n).toLocaleString(lang === "th" ? "th-TH" : "en-GB",
  { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percent = (r) => r == null ? "–" : `${number(r * 100, 1)} %`;
const base = { textStyle: { fontFamily: "Sarabun" }, animation: false };

function drawTrend(d, approval, signature) {
  const periods = d.series.map((p) => p.period);
  const approved = new Map(approval.series.map((p) => [p.period, p.e_approval_rate]));
  const signed = new Map(signature.series.map((p) => [p.period, p.e_signature_rate]));
  const pct = (r) => r == null ? null : +(r * 100).toFixed(1);
  chart("chart-trend").setOption({
    ...base, tooltip: { trigger: "axis" }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 30 },
    xAxis: { type: "category", data: periods.map(periodLabel) },
    yAxis: [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value} %" } }],
    series: [
      { name: t("electronic"), type: "bar", stack: "l", data: d.series.map((p) => p.sent_electronic + p.received_electronic) },
      { name: t("paper"), type: "bar", stack: "l", data: d.series.map((p) => p.sent_paper + p.received_paper) },
      { name: t("rate_series"), type: "line", yAxisIndex: 1, smooth: true, symbolSize: 8,
        data: d.series.map((p) => pct(p.electronic_rate)) },
      // A period without sends has no e-approval rate: the line joins the periods that have one.
      { name: t("approval_series"), type: "line", yAxisIndex: 1, smooth: true, symbolSize: 8, connectNulls: true,
        data: periods.map((p) => pct(approved.get(p))) },
      { name: t("signature_series"), type: "line", yAxisIndex: 1, smooth: true, symbolSize: 8, connectNulls: true,
        lineStyle: { type: "dashed" }, data: periods.map((p) => pct(signed.get(p))) },
    ],
  }, true);
  state.rendered.trend = periods.length;
}

function drawMix(d) {
  const data = ["paper_only", "both", "electronic_only"].map((k) => ({ name: t(k), value: d[k] }));
  chart("chart-mix").setOption({
    ...base, tooltip: { trigger: "item" }, legend: { bottom: 0 }, color: ["#b0763b", "#7a9cc6", "#2f7d4f"],
    series: [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}\n{c} ({d}%)" }, data }],
  }, true);
  state.rendered.mix = d.agencies;
}

function drawRanking(d) {
  const rows = d.rows.filter((r) => r.score != null).slice(0, 15).reverse();
  // The directory's name of the province; the code only when the directory does not know it.
  const name = (r) => (lang === "en" ? r.name_en || r.name_th : r.name_th || r.name_en) || r.key;
  chart("chart-ranking").setOption({
    ...base, tooltip: { trigger: "axis" }, grid: { left: 10, right: 40, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: "value", max: 100 }, yAxis: { type: "category", data: rows.map(name) },
    series: [{ name: t("score"), type: "bar", data: rows.map((r) => r.score), itemStyle: { color: "#2f7d4f" },
               label: { show: true, position: "right" } }],
  }, true);
  state.rendered.ranking = rows.length;
}

function drawSpeed(d) {
  const urgencies = [1, 2, 3, 4];
  const stages = ["delivery", "acceptance", "handling"];
  chart("chart-speed").setOption({
    ...base, tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: urgencies.map((u) => t("urgency")[u]) }, yAxis: { type: "value" },
    series: stages.map((s) => ({
      name: t(s), type: "bar",
      data: urgencies.map((u) => {
        const row = d.stages.find((x) => x.stage === s && x.urgency === u);
        return row && row.median_s != null ? +(row.median_s / 3600).toFixed(2) : null;
      }),
    })),
  }, true);
  state.rendered.speed = d.stages.reduce((n, s) => n + s.count, 0);
}

function drawReview(d) {
  const urgencies = [1, 2, 3, 4];
  const steps = urgencies.map((u) => d.stages.find((x) => x.stage === "review_step" && x.urgency === u));
  const hours = (s) => s == null ? null : +(s / 3600).toFixed(1);
  chart("chart-review").setOption({
    ...base, tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: urgencies.map((u, i) => `${t("urgency")[u]} (${number(steps[i] ? steps[i].count : 0)})`) },
    yAxis: { type: "value" },
    series: [["median", "median_s", "#2f7d4f"], ["p90", "p90_s", "#b0763b"]].map(([name, key, color]) => ({
      name: t(name), type: "bar", itemStyle: { color }, label: { show: true, position: "top" },
      data: steps.map((s) => s ? hours(s[key]) : null),
    })),
  }, true);
  state.rendered.review = steps.reduce((n, s) => n + (s ? s.count : 0), 0);
}

async function load() {
  const status = document.getElementById("status");
  if (!token()) { status.textContent = t("no_token"); return; }
  status.textContent = t("loading");
  document.body.dataset.rendered = "false";
  const params = filters();
  const rankingParams = new URLSearchParams(params);
  rankingParams.delete("province_code");
  rankingParams.delete("agency_id");
  rankingParams.set("level", "province");
  try {
    const [dist, approval, signature, mix, speed, usage, meetings, savings, ranking] = await Promise.all([
      get("/adoption/distribution", params), get("/adoption/e-approval", params), get("/adoption/e-signature", params),
      get("/adoption/channel-mix", params),
      get("/adoption/speed", params),
      get("/adoption/usage", params), get("/adoption/meetings", params), get("/adoption/savings", params),
      get("/adoption/ranking", rankingParams),
    ]);
    drawTrend(dist, approval, signature); drawMix(mix); drawRanking(ranking); drawSpeed(speed); drawReview(speed);
    document.getElementById("kpi-rate").textContent = percent(dist.totals.electronic_rate);
    document.getElementById("kpi-approval").textContent = percent(approval.totals.e_approval_rate);
    document.getElementById("kpi-signature").textContent = percent(signature.totals.e_signature_rate);
    // The 3-million target is national; below that, active people are set against the agency's directory.
    const against = usage.scope.level === "national" ? usage.target_users : usage.registered_users;
    document.getElementById("kpi-users").textContent = `${number(usage.active_users)} ${t("of")} ${number(against)}`;
    document.getElementById("kpi-meetings").textContent = percent(meetings.electronic_pack_share);
    document.getElementById("kpi-savings").textContent = `${number(savings.total_baht)} ${t("baht")}`;
    for (const a of document.querySelectorAll(".exports a[data-measure]")) {
      const p = new URLSearchParams(a.dataset.measure === "ranking" ? rankingParams : params);
      p.set("measure", a.dataset.measure);
      p.set("format", a.dataset.format);
      a.href = `/adoption/export?${p}`;
      a.onclick = (e) => { e.preventDefault(); download(a.href, a.dataset.format); };
    }
    status.textContent = "";
    document.body.dataset.rendered = "true";
  } catch (err) {
    state.errors.push(String(err));
    status.textContent = `${t("error")}: ${err.message}`;
  }
}

async function download(url, format) {
  // A link cannot carry the Authorization header: fetch the file and hand it over as a blob.
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  const blob = await response.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `opensaraban.${format}`;
  a.click();
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const langButton = document.getElementById("lang");
  langButton.textContent = t("lang");
  langButton.lang = lang === "th" ? "en" : "th";
  document.title = `${t("title")} — OpenSaraban`;
}

function init() {
  const back = portal();
  if (back) {
    const link = document.getElementById("back");
    link.href = back;
    link.hidden = false;
  }
  const url = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  for (const name of ["fiscal_year", "date_from", "date_to", "province_code", "agency_id", "granularity"]) {
    if (url.get(name)) form.elements[name].value = url.get(name);
  }
  if (!form.elements.fiscal_year.value && !form.elements.date_from.value) {
    const now = new Date();
    form.elements.fiscal_year.value = now.getFullYear() + 543 + (now.getMonth() >= 9 ? 1 : 0);
  }
  if (url.get("lang") === "en" || url.get("lang") === "th") lang = url.get("lang");
  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  document.getElementById("lang").addEventListener("click", () => {
    lang = lang === "th" ? "en" : "th";
    sessionStorage.setItem("dashboard.lang", lang);
    translate();
    load();
  });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  translate();
  // Canvas text needs the font loaded first, or Thai labels are drawn in a fallback face.
  document.fonts.load('16px "Sarabun"').finally(load);
}

init();

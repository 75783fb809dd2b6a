// A calendar beside each Buddhist Era date field ([data-be-date]): months named in Thai, years in พ.ศ.; by keyboard
// the arrows move a day or a week, Page Up/Down a month, Home/End the week's ends, Enter picks, Escape closes. What
// it writes is what a person would type: 15/12/2569.
(() => {
  const TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
    "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  const EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];
  const DAYS = { th: ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"], en: ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"] };
  const lang = () => (document.documentElement.lang === "en" ? "en" : "th");
  const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  const arabic = (text) => text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));

  function typed(input) {  // the day in the field, when it reads as d/m/พ.ศ.
    const match = arabic(input.value.trim()).match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
    if (!match) return null;
    const day = new Date(Number(match[3]) - 543, Number(match[2]) - 1, Number(match[1]));
    return Number.isNaN(day.getTime()) ? null : day;
  }
  const sameDay = (a, b) => a && b && a.toDateString() === b.toDateString();

  function open(button) {
    close();
    const input = document.getElementById(button.dataset.calendarFor);
    const label = button.textContent.trim();
    const popup = document.createElement("div");
    popup.className = "calendar";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", label);
    popup.dataset.for = input.id;
    button.setAttribute("aria-expanded", "true");
    button.closest(".be-date").after(popup);
    let focus = typed(input) || new Date();
    const words = document.documentElement.lang === "en"
      ? { prev: "Previous month", next: "Next month", close: "Close" } : { prev: "เดือนก่อน", next: "เดือนถัดไป", close: "ปิด" };

    function draw(moveFocus) {
      const first = new Date(focus.getFullYear(), focus.getMonth(), 1);
      const months = lang() === "en" ? EN : TH;
      const year = lang() === "en" ? focus.getFullYear() : `พ.ศ. ${focus.getFullYear() + 543}`;
      const chosen = typed(input);
      const today = new Date();
      let rows = "";
      let cell = new Date(first);
      cell.setDate(1 - first.getDay());
      for (let week = 0; week < 6; week += 1) {
        rows += "<tr>";
        for (let d = 0; d < 7; d += 1) {
          const inMonth = cell.getMonth() === first.getMonth();
          const current = sameDay(cell, focus);
          rows += `<td>${inMonth ? `<button type="button" tabindex="${current ? 0 : -1}" data-day="${cell.getDate()}"` +
            `${sameDay(cell, chosen) ? ' aria-pressed="true"' : ""}${sameDay(cell, today) ? ' class="today" aria-current="date"' : ""}` +
            ` aria-label="${cell.getDate()} ${months[cell.getMonth()]} ${year}">${cell.getDate()}</button>` : ""}</td>`;
          cell.setDate(cell.getDate() + 1);
        }
        rows += "</tr>";
      }
      popup.innerHTML = `<div class="calendar-head"><button type="button" data-move="-1" aria-label="${words.prev}">‹</button>` +
        `<strong aria-live="polite">${months[focus.getMonth()]} ${year}</strong>` +
        `<button type="button" data-move="1" aria-label="${words.next}">›</button></div>` +
        `<table role="grid"><thead><tr>${DAYS[lang()].map((n) => `<th scope="col">${n}</th>`).join("")}</tr></thead>` +
        `<tbody>${rows}</tbody></table><button type="button" class="link" data-close>${words.close}</button>`;
      if (moveFocus) popup.querySelector("button[tabindex='0']").focus();
    }
    function pick(day) {
      input.value = `${day.getDate()}/${day.getMonth() + 1}/${day.getFullYear() + 543}`;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }
    popup.addEventListener("click", (event) => {
      const target = event.target.closest("button");
      if (!target) return;
      if (target.dataset.move) {
        focus = new Date(focus.getFullYear(), focus.getMonth() + Number(target.dataset.move), 1);
        draw(false);
        popup.querySelector(`[data-move="${target.dataset.move}"]`).focus();
      } else if (target.dataset.day) {
        pick(new Date(focus.getFullYear(), focus.getMonth(), Number(target.dataset.day)));
      } else if (target.hasAttribute("data-close")) {
        close();
        button.focus();
      }
    });
    popup.addEventListener("keydown", (event) => {
      const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      if (event.key === "Escape") { event.preventDefault(); close(); button.focus(); return; }
      if (!event.target.dataset.day) return;
      if (event.key in steps) focus = new Date(focus.getFullYear(), focus.getMonth(), focus.getDate() + steps[event.key]);
      else if (event.key === "PageUp" || event.key === "PageDown") {
        focus = new Date(focus.getFullYear(), focus.getMonth() + (event.key === "PageUp" ? -1 : 1), focus.getDate());
      } else if (event.key === "Home") focus = new Date(focus.getFullYear(), focus.getMonth(), focus.getDate() - focus.getDay());
      else if (event.key === "End") focus = new Date(focus.getFullYear(), focus.getMonth(), focus.getDate() + 6 - focus.getDay());
      else return;
      event.preventDefault();
      draw(true);
    });
    draw(true);
  }

  function close() {
    document.querySelectorAll(".calendar").forEach((popup) => {
      document.querySelector(`[data-calendar-for="${popup.dataset.for}"]`)?.setAttribute("aria-expanded", "false");
      popup.remove();
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-calendar-for]");
    if (button) {
      if (button.getAttribute("aria-expanded") === "true") close(); else open(button);
    } else if (!event.composedPath().some((el) => el.classList?.contains("calendar"))) close();  // a click outside
  });
})();

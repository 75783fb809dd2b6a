// The searchable list of agencies: typing filters the rows shown (ticked ones stay ticked while hidden), the count
// of ticked agencies follows every change, and the two buttons tick or untick the rows shown.
document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll("[data-picker]")) {
    const filter = picker.querySelector("[data-picker-filter]");
    const rows = [...picker.querySelectorAll("[data-picker-row]")];
    const count = picker.querySelector("[data-picker-count]");
    const onlyChosen = picker.querySelector("[data-picker-chosen]");
    const shown = picker.querySelector("[data-picker-shown]");
    const locale = picker.dataset.thaiDigits === "true" ? "th-TH-u-nu-thai" : "en";
    const update = () => {
      const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let visible = 0;
      for (const row of rows) {
        const box = row.querySelector("input");
        const match = words.every((w) => row.dataset.text.includes(w)) && (!onlyChosen.checked || box.checked);
        row.hidden = !match;
        if (match) visible += 1;
      }
      count.textContent = rows.filter((row) => row.querySelector("input").checked).length.toLocaleString(locale);
      shown.textContent = visible.toLocaleString(locale);
    };
    const tick = (value) => {
      for (const row of rows) if (!row.hidden) row.querySelector("input").checked = value;
      update();
    };
    picker.querySelector("[data-picker-all]").addEventListener("click", () => tick(true));
    picker.querySelector("[data-picker-none]").addEventListener("click", () => tick(false));
    filter.addEventListener("input", update);
    onlyChosen.addEventListener("change", update);
    picker.addEventListener("change", update);
    filter.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
    picker.querySelector("[data-picker-tools]").hidden = false;
    update();
  }
});

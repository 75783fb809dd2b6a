// The letter form: สิ่งที่ส่งมาด้วย follows the enclosure files until the clerk writes it themselves, and file chips
// can be removed (the preview's scaling: preview.js; asking before deleting: confirm.js).
(() => {
  const form = () => document.getElementById("letter-form");
  const title = (filename) => filename.replace(/\.[^./]+$/, "");
  const fileLines = () => [...document.querySelectorAll("#enclosure-list [data-filename]")]
    .map((chip) => title(chip.dataset.filename)).join("\n");

  // The text follows the files while it is empty or still exactly what the files gave.
  function markFollowing() {
    const text = document.getElementById("enclosures_text");
    if (text) text.dataset.follows = String(text.value === "" || text.value === fileLines());
  }
  function enclosuresChanged() {
    const text = document.getElementById("enclosures_text");
    if (text && text.dataset.follows === "true") text.value = fileLines();
    form()?.dispatchEvent(new Event("change", { bubbles: true }));  // the preview shows the new list
  }

  document.addEventListener("DOMContentLoaded", markFollowing);
  document.addEventListener("input", (event) => {
    if (event.target.id === "enclosures_text") markFollowing();
  });
  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-file]");
    if (!remove) return;
    const list = remove.closest("ul");
    remove.closest("li").remove();
    if (list.id === "enclosure-list") enclosuresChanged();
    else form()?.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target.id === "enclosure-list") enclosuresChanged();
    if (target.id === "main-file") {
      document.querySelector("input[name=main_letter][value=uploaded]").checked = true;
      form()?.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (target.id === "kind-fields") markFollowing();
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt.type === "file") event.detail.elt.value = "";  // the same file may be chosen again
  });
})();

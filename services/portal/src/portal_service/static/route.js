// The route of the เสนอ panel: people move up and down or leave it, and someone added twice stays once.
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("#route [data-move]");
    if (!button) return;
    const person = button.closest("li");
    const move = button.dataset.move;
    if (move === "remove") {
      person.remove();
      return;
    }
    const other = move === "up" ? person.previousElementSibling : person.nextElementSibling;
    if (!other) return;
    if (move === "up") other.before(person);
    else other.after(person);
    button.focus();
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id !== "route") return;
    const seen = new Set();
    event.detail.target.querySelectorAll("li[data-user-id]").forEach((person) => {
      if (seen.has(person.dataset.userId)) person.remove();
      seen.add(person.dataset.userId);
    });
  });
})();

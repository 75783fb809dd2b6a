// The letter as it prints, scaled to the room beside (or below) the form or the review: the page's width, never wider.
(() => {
  function fit(frame) {
    const doc = frame.contentDocument;
    if (!doc?.documentElement) return;
    const root = doc.documentElement;
    root.style.zoom = "1";
    const zoom = Math.min(1, frame.clientWidth / Math.max(root.scrollWidth, 1));
    root.style.zoom = String(zoom);
    frame.style.height = `${root.scrollHeight + 4}px`;  // measured after the zoom: the sheets as they now show
  }

  document.addEventListener("load", (event) => {
    if (event.target.matches?.("iframe.letter-preview")) fit(event.target);
  }, true);
  window.addEventListener("resize", () => document.querySelectorAll("iframe.letter-preview").forEach(fit));
})();

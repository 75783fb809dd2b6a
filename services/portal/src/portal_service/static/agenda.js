// Drag and drop ordering of the draft agenda (SortableJS). A drop sends the same request as the move buttons,
// and the server's answer (the renumbered draft) replaces the list; without JavaScript the buttons still work.
htmx.onLoad(function (content) {
  content.querySelectorAll("[data-sortable]").forEach(function (list) {
    Sortable.create(list, {
      // Top-level items may change section; sub-items stay under their parent.
      group: list.dataset.parent ? "under-" + list.dataset.parent : "sections",
      handle: ".handle",
      draggable: "li[data-item]",
      animation: 150,
      emptyInsertThreshold: 24,
      onEnd: function (event) {
        if (event.from === event.to && event.oldIndex === event.newIndex) return;
        var agenda = document.getElementById("agenda");
        htmx.ajax("POST", "/meetings/" + agenda.dataset.meeting + "/items/" + event.item.dataset.item + "/move", {
          target: "#agenda", swap: "outerHTML",
          values: {section: event.to.dataset.section, parent_id: event.to.dataset.parent, position: event.newIndex + 1},
        });
      },
    });
  });
});

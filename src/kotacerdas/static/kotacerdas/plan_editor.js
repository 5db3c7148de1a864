/* Master-plan editor: drag to reorder programmes and actions (SortableJS), saved with one POST. */
(function () {
  function csrf() {
    var m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }
  function bind(root) {
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list._sortable) return;
      list._sortable = Sortable.create(list, {
        handle: ".handle",
        draggable: "[data-uid]",
        animation: 150,
        onEnd: function () {
          var body = new URLSearchParams();
          list.querySelectorAll(":scope > [data-uid]").forEach(function (el) { body.append("order", el.dataset.uid); });
          fetch(list.dataset.sortable, {
            method: "POST",
            headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
            body: body,
            credentials: "same-origin"
          }).then(function (r) { if (!r.ok) { alert(list.closest("main").dataset.reorderFailed || "Reorder failed"); location.reload(); } });
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSettle", function (e) { bind(e.target.closest("main") || document); });
})();

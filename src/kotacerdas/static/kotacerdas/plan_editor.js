/* Master-plan editor (the plan page only):
   - drag to reorder programmes and actions (SortableJS), saved with one POST;
   - the budget grid offers only the action's years (first and last year of the form);
   - the budget chart per dimension and source (Chart.js), drawn when the budget panel opens. */
(function () {
  function csrf() {
    var m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }

  function bindSortable(root) {
    if (typeof Sortable === "undefined") return;
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

  /* Show (and enable) only the grid columns of the years between the form's first and last year. */
  function syncYears(form) {
    var start = parseInt((form.querySelector("[data-span=start]") || {}).value, 10);
    var end = parseInt((form.querySelector("[data-span=end]") || {}).value, 10);
    if (isNaN(start)) return;
    if (isNaN(end) || end < start) end = start;
    form.querySelectorAll(".grid-input [data-year]").forEach(function (cell) {
      var year = parseInt(cell.dataset.year, 10), shown = year >= start && year <= end;
      cell.hidden = !shown;
      cell.querySelectorAll("input").forEach(function (input) { input.disabled = !shown; });
    });
  }
  function bindYears(root) {
    root.querySelectorAll("form").forEach(function (form) {
      if (form._years || !form.querySelector(".grid-input")) return;
      form._years = true;
      form.querySelectorAll("[data-span]").forEach(function (input) {
        input.addEventListener("input", function () { syncYears(form); });
        input.addEventListener("change", function () { syncYears(form); });
      });
      syncYears(form);
    });
  }

  function drawChart() {
    var data = document.getElementById("budget-chart-data"), canvas = document.getElementById("budget-chart");
    if (!data || !canvas || canvas._chart || typeof Chart === "undefined") return;
    var chart = JSON.parse(data.textContent);
    var number = new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 0 });
    var colours = ["#0b5cad", "#e08a00", "#1f7a3f", "#8e44ad"];
    canvas._chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (d, i) { return { label: d.label, data: d.data, backgroundColor: colours[i % colours.length] }; })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: window.matchMedia("(max-width: 760px)").matches ? "y" : "x",
        scales: {
          x: { stacked: true, ticks: { callback: function (v) { return this.chart.options.indexAxis === "y" ? number.format(v) : this.getLabelForValue(v); } } },
          y: { stacked: true, ticks: { callback: function (v) { return this.chart.options.indexAxis === "y" ? this.getLabelForValue(v) : number.format(v); } } }
        },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": Rp " + number.format(c.raw); } } } }
      }
    });
  }

  function bind(root) {
    bindSortable(root);
    bindYears(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    bind(document);
    var panel = document.getElementById("budget");
    if (panel) {
      panel.addEventListener("toggle", function () { if (panel.open) drawChart(); });
      if (panel.open) drawChart();
    }
  });
  document.addEventListener("htmx:afterSettle", function (e) { bind(e.target.closest("main") || document); });

  /* A save redraws the programme: keep the edited row where the form was on the screen (or just
     below the top when the form began above it), so the page does not jump and "Saved" is seen. */
  var anchor = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    if (!target || !target.classList || !target.classList.contains("programme")) { anchor = null; return; }
    var row = target.querySelector("tr.edit-row") || target;
    anchor = { id: row.id, top: row.getBoundingClientRect().top };
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!anchor) return;
    var el = document.getElementById(anchor.id);
    if (el) window.scrollBy(0, el.getBoundingClientRect().top - Math.max(anchor.top, 60));
    anchor = null;
  });
})();

/* Monitoring dashboards: progress per smart dimension as a radar and as bars (Chart.js, vendored).
   The figures come from the page's JSON (json_script "dimension-chart-data"); the table below the
   charts holds the same figures. A dimension without data is a gap, never 0 %. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dimension-chart-data");
    if (!source || typeof Chart === "undefined") return;
    var chart = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "id";
    var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    var colour = "#0b5cad";
    var label = function (c) { return c.raw === null ? "" : c.label + ": " + number.format(c.raw) + " %"; };
    var radar = document.getElementById("dimension-radar");
    if (radar && !radar._chart) {
      radar._chart = new Chart(radar, {
        type: "radar",
        data: {
          labels: chart.labels,
          datasets: [{ label: chart.label, data: chart.values, borderColor: colour, backgroundColor: "rgba(11, 92, 173, 0.2)", pointBackgroundColor: colour, spanGaps: false }]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { r: { min: 0, max: 100, ticks: { stepSize: 25, callback: function (v) { return number.format(v) + " %"; } } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: label } } }
        }
      });
    }
    var bars = document.getElementById("dimension-bars");
    if (bars && !bars._chart) {
      bars._chart = new Chart(bars, {
        type: "bar",
        data: { labels: chart.labels, datasets: [{ label: chart.label, data: chart.values, backgroundColor: colour }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: "y",
          scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return number.format(v) + " %"; } } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: label } } }
        }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

/* Evaluation report card: the six smart dimensions as a radar (Chart.js, vendored). The figures
   come from the page's JSON (json_script "smart-chart-data"); the table below the chart holds the
   same figures. A dimension without a score is a gap, never 0. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("smart-chart-data");
    var canvas = document.getElementById("smart-radar");
    if (!source || !canvas || canvas._chart || typeof Chart === "undefined") return;
    var chart = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "id";
    var number = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var colour = "#0b5cad";
    canvas._chart = new Chart(canvas, {
      type: "radar",
      data: {
        labels: chart.labels,
        datasets: [{ label: chart.label, data: chart.values, borderColor: colour, backgroundColor: "rgba(11, 92, 173, 0.2)", pointBackgroundColor: colour, spanGaps: false }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { r: { min: chart.min, max: chart.max, ticks: { stepSize: 1, callback: function (v) { return number.format(v); } } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return c.raw === null ? "" : c.label + ": " + number.format(c.raw); } } }
        }
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

// Draws each corridor's volume: the observed buckets, the forecast mean and
// its prediction interval (a shaded band), from the data the page carries
// (script#chart-data). When every chart is drawn the body gets
// data-charts-rendered = the number of charts (the system test reads it).
(function () {
  "use strict";
  // compact writes an axis value shortly: 44000000000 → 44G.
  function compact(v) {
    var a = Math.abs(v);
    var units = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < units.length; i++) {
      if (a >= units[i][0]) { return +(v / units[i][0]).toFixed(1) + units[i][1]; }
    }
    return String(+v.toFixed(2));
  }
  function draw() {
    var charts = JSON.parse(document.getElementById("chart-data").textContent || "[]") || [];
    var drawn = 0;
    charts.forEach(function (c, i) {
      var el = document.getElementById("chart-" + i);
      if (!el) { return; }
      var opts = {
        width: Math.max(el.clientWidth || 540, 320),
        height: 240,
        scales: { x: { time: true } },
        series: [
          {},
          { label: "observed", stroke: "#1f6feb", width: 2 },
          { label: "forecast", stroke: "#d1242f", width: 2, dash: [6, 4] },
          { label: "lower", stroke: "rgba(209,36,47,0.35)", width: 1 },
          { label: "upper", stroke: "rgba(209,36,47,0.35)", width: 1 },
        ],
        bands: [{ series: [4, 3], fill: "rgba(209,36,47,0.12)" }],
        axes: [{}, { size: 60, values: function (u, vals) { return vals.map(compact); } }],
        legend: { show: true, live: false },
      };
      new uPlot(opts, [c.x, c.observed, c.mean, c.lower, c.upper], el);
      var points = c.observed.filter(function (v) { return v !== null; }).length;
      el.setAttribute("data-points", String(points));
      el.setAttribute("data-forecast", String(c.mean.filter(function (v) { return v !== null; }).length));
      drawn++;
    });
    document.body.setAttribute("data-charts-rendered", String(drawn));
    setTimeout(function () { location.reload(); }, 15000);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

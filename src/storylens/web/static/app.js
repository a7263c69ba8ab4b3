/* StoryLens dashboard: draws charts from the page's JSON block and offers CSV downloads.
   No inline scripts (the Content-Security-Policy forbids them); data arrives as
   <script type="application/json"> blocks, parsed with JSON.parse, never evaluated. */
(function () {
  "use strict";
  var COLORS = ["#2859c5", "#c0392b", "#1e8449", "#8e44ad", "#d68910", "#117a8b", "#7f8c8d", "#b03a2e"];
  var blocks = {};
  function block(id) {
    if (!(id in blocks)) {
      var el = document.getElementById(id);
      blocks[id] = el ? JSON.parse(el.textContent) : {};
    }
    return blocks[id];
  }
  function pick(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }
  function toSec(v) {
    var t = Date.parse(v);
    return isNaN(t) ? Number(v) : t / 1000;
  }
  function pivot(rows, spec) {
    var xs = [], seenX = {}, groups = [], seenG = {};
    rows.forEach(function (r) {
      var x = r[spec.x];
      if (x == null) return;
      if (!(x in seenX)) { seenX[x] = 1; xs.push(x); }
      var g = spec.group ? String(r[spec.group]) : spec.label || spec.y;
      if (!(g in seenG)) { seenG[g] = groups.length; groups.push(g); }
    });
    xs.sort();
    var xi = {}; xs.forEach(function (x, i) { xi[x] = i; });
    var series = groups.map(function (g) {
      return { label: g, y: xs.map(function () { return null; }),
               lo: xs.map(function () { return null; }), hi: xs.map(function () { return null; }) };
    });
    rows.forEach(function (r) {
      if (r[spec.x] == null) return;
      var s = series[seenG[spec.group ? String(r[spec.group]) : spec.label || spec.y]];
      var i = xi[r[spec.x]];
      s.y[i] = r[spec.y];
      if (spec.lo) { s.lo[i] = r[spec.lo]; s.hi[i] = r[spec.hi]; }
    });
    return { xs: xs.map(toSec), series: series };
  }
  function draw(el) {
    var spec = {
      source: el.dataset.source, x: el.dataset.x || "bucket", y: el.dataset.y, group: el.dataset.group,
      lo: el.dataset.lo, hi: el.dataset.hi, kind: el.dataset.kind || "line", label: el.dataset.label
    };
    var rows = pick(block(el.dataset.block || "page-data"), spec.source) || [];
    if (!rows.length) {
      el.textContent = "No data for this chart yet.";
      el.className += " empty";
      el.dataset.rendered = "0";
      return;
    }
    var p = pivot(rows, spec);
    var data = [p.xs], series = [{}], bands = [];
    p.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var opts = { label: s.label, stroke: color, width: 2, spanGaps: true, points: { show: p.xs.length < 40 } };
      if (spec.kind === "bars" && window.uPlot.paths && window.uPlot.paths.bars) {
        opts.paths = window.uPlot.paths.bars({ size: [0.8, 40] });
        opts.fill = color + "99";
        opts.points = { show: false };
      }
      data.push(s.y); series.push(opts);
      if (spec.lo) {
        var hiIdx = data.length, loIdx = data.length + 1;
        data.push(s.hi); series.push({ label: s.label + " (95% high)", stroke: color + "33", width: 1, spanGaps: true, points: { show: false } });
        data.push(s.lo); series.push({ label: s.label + " (95% low)", stroke: color + "33", width: 1, spanGaps: true, points: { show: false } });
        bands.push({ series: [hiIdx, loIdx], fill: color + "22" });
      }
    });
    var width = Math.max(320, el.clientWidth || 600);
    var opts = {
      width: width, height: 240, series: series, bands: bands,
      scales: { x: { time: true } },
      axes: [{}, { label: el.dataset.ylabel || "" }],
      legend: { live: false }
    };
    el.textContent = "";
    new window.uPlot(opts, data, el);
    el.dataset.rendered = String(p.xs.length);
  }
  function csvCell(v) {
    if (v == null) return "";
    if (Array.isArray(v)) v = v.join("; ");
    var s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function toCsv(rows) {
    var cols = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) cols.push(k); }); });
    var lines = [cols.map(csvCell).join(",")];
    rows.forEach(function (r) { lines.push(cols.map(function (c) { return csvCell(r[c]); }).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }
  function wireCsv(a) {
    a.addEventListener("click", function () {
      var rows = pick(block(a.dataset.block || "page-data"), a.dataset.csv) || [];
      var blob = new Blob([toCsv(rows)], { type: "text/csv" });
      a.href = URL.createObjectURL(blob);
      a.download = a.dataset.csv.replace(/[^A-Za-z0-9_-]/g, "_") + ".csv";
    });
  }
  function init() {
    if (!window.uPlot) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-source]"), function (el) {
      try { draw(el); } catch (e) { el.textContent = "Chart failed: " + e.message; el.dataset.rendered = "error"; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("a[data-csv]"), wireCsv);
    document.documentElement.dataset.charts = "ready";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

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
    if (spec.weight) {  // most articles first, so "top N" in the picker means the largest groups
      var tot = {};
      rows.forEach(function (r) {
        var g = String(r[spec.group]);
        tot[g] = (tot[g] || 0) + (Number(r[spec.weight]) || 0);
      });
      series.sort(function (a, b) { return (tot[b.label] - tot[a.label]) || (a.label < b.label ? -1 : 1); });
    }
    return { xs: xs.map(toSec), series: series };
  }
  var SHOWN = 4;  // groups drawn at first; the picker shows any other (more bands overlap unreadably)
  function bandsHook(p, spec) {
    // 95% bands as shaded areas under each visible group's line, drawn on the canvas before the
    // lines: one legend entry per group (the band edges are not series of their own).
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      p.series.forEach(function (s, gi) {
        if (!u.series[gi + 1].show) return;
        var color = COLORS[gi % COLORS.length];
        var pts = [];
        for (var i = 0; i < p.xs.length; i++) {
          if (s.lo[i] == null || s.hi[i] == null) {
            if (pts.length) { fill(ctx, pts, color); pts = []; }
            continue;
          }
          pts.push([u.valToPos(p.xs[i], "x", true), u.valToPos(s.hi[i], "y", true), u.valToPos(s.lo[i], "y", true)]);
        }
        if (pts.length) fill(ctx, pts, color);
      });
      ctx.restore();
    };
  }
  function fill(ctx, pts, color) {
    ctx.save();
    ctx.fillStyle = color + "2e";
    ctx.strokeStyle = color + "55";
    ctx.beginPath();
    if (pts.length === 1) {  // one point with an interval: a short vertical bar
      ctx.fillRect(pts[0][0] - 3, pts[0][1], 6, pts[0][2] - pts[0][1]);
    } else {
      ctx.moveTo(pts[0][0], pts[0][1]);
      pts.forEach(function (q) { ctx.lineTo(q[0], q[1]); });
      for (var i = pts.length - 1; i >= 0; i--) ctx.lineTo(pts[i][0], pts[i][2]);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  }
  function picker(el, u, labels) {
    // "top 4" / "all" / one group: which groups (lines and bands) the chart shows
    var wrap = document.createElement("label");
    wrap.className = "picker";
    wrap.appendChild(document.createTextNode("groups "));
    var sel = document.createElement("select");
    [["top", "top " + Math.min(SHOWN, labels.length) + " by articles"], ["all", "all " + labels.length]]
      .concat(labels.map(function (l, i) { return [String(i), l]; }))
      .forEach(function (o) {
        var opt = document.createElement("option");
        opt.value = o[0]; opt.textContent = o[1];
        sel.appendChild(opt);
      });
    sel.addEventListener("change", function () {
      labels.forEach(function (_, i) {
        var show = sel.value === "all" || (sel.value === "top" ? i < SHOWN : String(i) === sel.value);
        u.setSeries(i + 1, { show: show });
      });
      u.redraw();
    });
    wrap.appendChild(sel);
    el.parentNode.insertBefore(wrap, el);
  }
  function draw(el) {
    var spec = {
      source: el.dataset.source, x: el.dataset.x || "bucket", y: el.dataset.y, group: el.dataset.group,
      lo: el.dataset.lo, hi: el.dataset.hi, kind: el.dataset.kind || "line", label: el.dataset.label,
      weight: el.dataset.weight
    };
    var rows = pick(block(el.dataset.block || "page-data"), spec.source) || [];
    if (!rows.length) {
      el.textContent = "No data for this chart yet.";
      el.className += " empty";
      el.dataset.rendered = "0";
      return;
    }
    var p = pivot(rows, spec);
    var data = [p.xs], series = [{}], many = spec.group && p.series.length > SHOWN;
    var ymin = Infinity, ymax = -Infinity;
    p.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var opts = { label: s.label, stroke: color, width: 2, spanGaps: true, points: { show: p.xs.length < 40 },
                   show: !many || i < SHOWN };
      if (spec.kind === "bars" && window.uPlot.paths && window.uPlot.paths.bars) {
        opts.paths = window.uPlot.paths.bars({ size: [0.8, 40] });
        opts.fill = color + "99";
        opts.points = { show: false };
      }
      s.y.concat(spec.lo ? s.lo.concat(s.hi) : []).forEach(function (v) {
        if (v != null) { ymin = Math.min(ymin, v); ymax = Math.max(ymax, v); }
      });
      data.push(s.y); series.push(opts);
    });
    // counts and shares start at zero (a bar chart from 150 exaggerates every difference);
    // tone keeps its own range around zero
    var zero = el.dataset.zero === "1" || (!spec.lo && ymin >= 0);
    var yscale = zero ? { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.05 : 1]; } } : {};
    if (spec.lo && isFinite(ymin)) {  // tone: the bands fit inside the plot, within [-1, 1]
      var pad = Math.max(0.05, (ymax - ymin) * 0.05);
      var lo0 = Math.max(-1, ymin - pad), hi0 = Math.min(1, ymax + pad);
      yscale = { range: function () { return [lo0, hi0]; } };
    }
    if (yscale.range) {  // the axis minimum, for tests and for anyone inspecting the page
      var rng = yscale.range;
      yscale.range = function (u, lo, hi) { var r = rng(u, lo, hi); el.dataset.ymin = String(r[0]); return r; };
    }
    var width = Math.max(280, el.clientWidth || 600);
    var opts = {
      width: width, height: 240, series: series,
      scales: { x: { time: true }, y: yscale },
      // bars count articles: whole-number ticks (not 0.5 articles)
      axes: [{}, spec.kind === "bars" ? { label: el.dataset.ylabel || "", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5] }
                                      : { label: el.dataset.ylabel || "" }],
      legend: { show: !!spec.group, live: false },  // one series: its title says what it is
      hooks: spec.lo ? { drawAxes: [bandsHook(p, spec)] } : {}
    };
    el.textContent = "";
    var u = new window.uPlot(opts, data, el);
    if (spec.group && p.series.length > 1) picker(el, u, p.series.map(function (s) { return s.label; }));
    el.dataset.rendered = String(p.xs.length);
    el.dataset.groups = String(p.series.length);
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

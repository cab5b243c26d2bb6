// Horizontal bar chart drawn as inline SVG from an /ask response's `libraries` list (no chart library).
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  // Intents whose answer does not answer with figures: no chart even if libraries carry some.
  const NO_CHART_INTENTS = ["decline"];
  const WIDTH = 360, LABEL_W = 112, VALUE_W = 64, ROW_H = 26, BAR_H = 16, TOP = 4;

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  // The libraries to draw: those carrying the first metric seen, one bar each, in the answer's order.
  function chartRows(response) {
    const measured = (response.libraries || []).filter(
      (lib) => lib.metric && typeof lib.value === "number");
    if (measured.length < 2) return [];
    const metric = measured[0].metric;
    const seen = new Set();
    return measured.filter((lib) => {
      if (lib.metric !== metric || seen.has(lib.id)) return false;
      seen.add(lib.id);
      return true;
    });
  }

  function wantsChart(response) {
    // Rankings, filters and comparisons: two or more libraries measured by the same figure.
    return chartRows(response).length >= 2 && !NO_CHART_INTENTS.includes(response.intent);
  }

  function shorten(name, max) {
    return name.length > max ? name.slice(0, max - 1) + "…" : name;
  }

  // Returns a <figure> holding the chart, or null when the response has nothing to compare.
  function barChart(response, opts) {
    if (!wantsChart(response)) return null;
    const rows = chartRows(response);
    const metric = rows[0].metric;
    const max = Math.max(...rows.map((r) => r.value), 1);
    const height = TOP * 2 + rows.length * ROW_H;
    const barSpace = WIDTH - LABEL_W - VALUE_W;

    const figure = document.createElement("figure");
    figure.className = "chart";
    figure.dataset.metric = metric;
    const caption = document.createElement("figcaption");
    caption.textContent = opts.caption(metric);
    figure.appendChild(caption);

    const svg = el("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: "bar-chart" });
    svg.setAttribute("aria-label", caption.textContent);
    rows.forEach((row, i) => {
      const y = TOP + i * ROW_H;
      const w = Math.max(2, Math.round((row.value / max) * barSpace));
      const g = el("g", { class: "bar-row" });
      g.dataset.id = row.id;
      g.dataset.value = String(row.value);
      const title = el("title");
      title.textContent = `${row.name}: ${opts.format(row.value)}`;
      const label = el("text", { x: LABEL_W - 8, y: y + ROW_H / 2, class: "bar-label",
                                 "text-anchor": "end", "dominant-baseline": "middle" });
      label.textContent = shorten(row.name, 16);
      const bar = el("rect", { x: LABEL_W, y: y + (ROW_H - BAR_H) / 2, width: w, height: BAR_H,
                               rx: 3, class: "bar" });
      bar.dataset.id = row.id;
      bar.dataset.value = String(row.value);
      bar.dataset.metric = row.metric;
      const value = el("text", { x: LABEL_W + w + 6, y: y + ROW_H / 2, class: "bar-value",
                                 "dominant-baseline": "middle" });
      value.textContent = opts.format(row.value);
      g.append(title, label, bar, value);
      svg.appendChild(g);
    });
    figure.appendChild(svg);
    return figure;
  }

  window.SurveyChart = { barChart, chartRows, wantsChart };
})();

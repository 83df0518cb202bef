// conflict-kg viz: draws the actor network, the timeline and the map of one graph from the
// JSON in #kg-data, with plain SVG. Loads nothing from the network.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("kg-data").textContent);
  const S = D.style;
  const NS = "http://www.w3.org/2000/svg";
  const state = { from: "", to: "", actor: -1, cls: "", source: "" };
  let selection = null; // {kind: "actor" | "edge" | "event" | "place", index}

  // ---------------------------------------------------------------- helpers

  function svgEl(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, attrs, text, parent) {
    const node = document.createElement(tag);
    for (const key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text !== undefined && text !== null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // Smallest and largest of many numbers (spreading a long array into Math.min overflows the stack).
  const least = (xs) => xs.reduce((a, b) => (b < a ? b : a), Infinity);
  const most = (xs) => xs.reduce((a, b) => (b > a ? b : a), -Infinity);

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function title(node, text) { svgEl("title", {}, node).textContent = text; }

  // A label of up to three lines of about `width` characters, centred under a point.
  function label(parent, text, y, width) {
    const words = text.split(/\s+/), lines = [""];
    words.forEach((w) => {
      const last = lines.length - 1;
      if (lines[last] && (lines[last] + " " + w).length > width) lines.push(w);
      else lines[last] = lines[last] ? lines[last] + " " + w : w;
    });
    const node = svgEl("text", { y: y, "text-anchor": "middle" }, parent);
    lines.slice(0, 3).forEach((line, i) => {
      svgEl("tspan", { x: 0, dy: i ? "1.05em" : "0" }, node).textContent = i === 2 && lines.length > 3 ? line + " …" : line;
    });
    return node;
  }

  const paletteUsed = {};
  function paletteColour(key) {
    if (!(key in paletteUsed)) paletteUsed[key] = S.palette[Object.keys(paletteUsed).length % S.palette.length];
    return paletteUsed[key];
  }
  const familyColour = (f) => S.families[f] || S.families.Actor;
  const relationColour = (r) => S.relations[r] || paletteColour("rel:" + r);
  const eventColour = (c) => S.events[c] || paletteColour("ev:" + c);
  const relationLabel = (r) => S.relationLabels[r] || r;
  const undirected = (r) => S.undirected.indexOf(r) >= 0;
  const actor = (i) => D.actors[i];
  const report = (i) => (i >= 0 ? D.reports[i] : null);

  // A date "2020", "2020-03" or "2020-03-05" covers a span of days.
  function dateSpan(d) {
    d = (d || "").slice(0, 10);
    if (/^\d{4}$/.test(d)) return [d + "-01-01", d + "-12-31"];
    if (/^\d{4}-\d{2}$/.test(d)) return [d + "-01", d + "-31"];
    return [d, d];
  }

  function inRange(d) {
    if (!state.from && !state.to) return true;
    if (!d) return false;
    const span = dateSpan(d);
    return (!state.from || span[1] >= state.from) && (!state.to || span[0] <= state.to);
  }

  function sourceOk(sources, r) {
    if (!state.source) return true;
    const value = state.source.slice(2);
    if (state.source[0] === "a") return sources.indexOf(+value) >= 0;
    const rep = report(r);
    return !!rep && rep.pub === value;
  }

  const filtering = () => !!(state.from || state.to || state.cls || state.source || state.actor >= 0);

  // ---------------------------------------------------------------- what passes the filters

  function itemPasses(item) {
    const [r, date, sources, cls] = item;
    return inRange(date) && sourceOk(sources, r) && (!state.cls || cls === state.cls);
  }

  function edgeView(edge) {
    const touches = state.actor < 0 || edge.s === state.actor || edge.o === state.actor;
    if (edge.cur) {
      const plain = !state.from && !state.to && !state.cls && !state.source;
      return { visible: touches && plain, items: [], reports: 0 };
    }
    const items = [];
    edge.items.forEach((item, i) => { if (itemPasses(item)) items.push(i); });
    const reports = new Set(items.map((i) => edge.items[i][0])).size;
    return { visible: touches && items.length > 0, items: items, reports: reports };
  }

  function eventPasses(ev) {
    const a = state.actor;
    const involved = a < 0 || ev.ag.indexOf(a) >= 0 || ev.tg.indexOf(a) >= 0 || ev.src.indexOf(a) >= 0;
    return involved && inRange(ev.date) && (!state.cls || ev.cls === state.cls) && sourceOk(ev.src, ev.r);
  }

  // ---------------------------------------------------------------- pan and zoom

  function panZoom(svg, group) {
    let scale = 1, tx = 0, ty = 0, drag = null;
    const apply = () => group.setAttribute("transform", `translate(${tx},${ty}) scale(${scale})`);
    const point = (evt) => {
      const box = svg.viewBox.baseVal, rect = svg.getBoundingClientRect();
      return [(evt.clientX - rect.left) * box.width / rect.width, (evt.clientY - rect.top) * box.height / rect.height];
    };
    svg.addEventListener("wheel", (evt) => {
      evt.preventDefault();
      const [x, y] = point(evt);
      const factor = evt.deltaY < 0 ? 1.2 : 1 / 1.2;
      const next = Math.min(12, Math.max(0.5, scale * factor));
      tx = x - (x - tx) * next / scale; ty = y - (y - ty) * next / scale; scale = next;
      apply();
    }, { passive: false });
    svg.addEventListener("mousedown", (evt) => { const [x, y] = point(evt); drag = [x - tx, y - ty]; });
    window.addEventListener("mousemove", (evt) => {
      if (!drag) return;
      const [x, y] = point(evt); tx = x - drag[0]; ty = y - drag[1]; apply();
    });
    window.addEventListener("mouseup", () => { drag = null; });
    svg.addEventListener("dblclick", () => { scale = 1; tx = 0; ty = 0; apply(); });
  }

  // ---------------------------------------------------------------- the network

  const NET = { w: 1000, h: D.nodes.length > 40 ? 860 : 640, margin: 60 };
  const weight = {};
  D.nodes.forEach((n) => { weight[n.a] = actor(n.a).reports; });
  D.edges.forEach((e) => { const w = Math.max(e.items.length, 1); weight[e.s] += w; weight[e.o] += w; });
  const maxWeight = Math.max(1, most(Object.values(weight)));
  const maxRadius = D.nodes.length > 60 ? 14 : 20;
  const radius = (a) => 4 + (maxRadius - 4) * Math.sqrt((weight[a] || 0) / maxWeight);
  const maxReports = Math.max(1, most(D.edges.map((e) => new Set(e.items.map((it) => it[0])).size)));
  const edgeWidth = (reports) => (maxReports <= 1 ? 2.5 : 1.2 + 6 * Math.log1p(reports) / Math.log1p(maxReports));
  const labelled = new Set(D.nodes.map((n) => n.a).sort((x, y) => weight[y] - weight[x]).slice(0, 45));
  const position = {};
  D.nodes.forEach((n) => {
    position[n.a] = [NET.margin + n.x * (NET.w - 2 * NET.margin), NET.margin * 0.6 + n.y * (NET.h - 1.6 * NET.margin)];
  });

  const netSvg = document.getElementById("network");
  netSvg.setAttribute("viewBox", `0 0 ${NET.w} ${NET.h}`);
  const netDefs = svgEl("defs", {}, netSvg);
  const netGroup = svgEl("g", {}, netSvg);
  panZoom(netSvg, netGroup);
  Object.keys(S.relations).concat(D.edges.map((e) => e.rel)).forEach((rel) => {
    const id = "arrow-" + rel.replace(/\W/g, "_");
    if (document.getElementById(id)) return;
    const marker = svgEl("marker", { id: id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "5",
      markerHeight: "5", orient: "auto-start-reverse", markerUnits: "strokeWidth" }, netDefs);
    svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: relationColour(rel) }, marker);
  });

  // Parallel ties between one pair of actors are bent apart so each stays visible.
  const bends = {};
  (function () {
    const groups = {};
    D.edges.forEach((e, i) => {
      const key = Math.min(e.s, e.o) + ":" + Math.max(e.s, e.o);
      (groups[key] = groups[key] || []).push(i);
    });
    Object.values(groups).forEach((list) => list.forEach((i, k) => {
      const e = D.edges[i];
      const sign = e.s < e.o ? 1 : -1;
      bends[i] = (k - (list.length - 1) / 2) * 26 * sign;
    }));
  })();

  function edgePath(i) {
    const e = D.edges[i];
    const [x0, y0] = position[e.s], [x1, y1] = position[e.o];
    const dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy) || 1;
    const nx = -dy / len, ny = dx / len, bend = bends[i] || 0;
    const cx = (x0 + x1) / 2 + nx * bend, cy = (y0 + y1) / 2 + ny * bend;
    const trim = (x, y, tx, ty, r) => { const l = Math.hypot(tx - x, ty - y) || 1; return [x + (tx - x) * r / l, y + (ty - y) * r / l]; };
    const [sx, sy] = trim(x0, y0, cx, cy, radius(e.s) + 2);
    const [ex, ey] = trim(x1, y1, cx, cy, radius(e.o) + 4);
    return `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
  }

  function drawNetwork(views, activeActors) {
    clear(netGroup);
    if (!D.nodes.length) {
      svgEl("text", { x: 500, y: 320, "text-anchor": "middle", class: "empty" }, netGroup).textContent = "No actors in this graph.";
      return;
    }
    const edges = svgEl("g", {}, netGroup);
    D.edges.forEach((e, i) => {
      const view = views[i];
      if (!view.visible) return;
      const width = e.cur ? 1.5 : edgeWidth(view.reports);
      const path = svgEl("path", { d: edgePath(i), class: "edge" + (e.cur ? " curated" : ""),
        stroke: relationColour(e.rel), "stroke-width": width.toFixed(1), "data-rel": e.rel,
        "data-s": actor(e.s).label, "data-o": actor(e.o).label }, edges);
      if (!undirected(e.rel)) path.setAttribute("marker-end", `url(#arrow-${e.rel.replace(/\W/g, "_")})`);
      if (selection && selection.kind === "edge" && selection.index === i) path.classList.add("selected");
      const support = e.cur ? "curated in the knowledge base" : `${view.reports} report${view.reports === 1 ? "" : "s"}`;
      title(path, `${actor(e.s).label} ${relationLabel(e.rel)} ${actor(e.o).label} (${support})`);
      path.addEventListener("click", () => select("edge", i));
    });
    const nodes = svgEl("g", {}, netGroup);
    const picked = selection && selection.kind === "actor" ? selection.index : -1;
    D.nodes.forEach((n) => {
      const a = actor(n.a), [x, y] = position[n.a];
      const g = svgEl("g", { class: "node", id: "node-" + n.a, "data-id": a.id, "data-label": a.label,
        transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, nodes);
      if (filtering() && !activeActors.has(n.a)) g.classList.add("dim");
      if (picked === n.a) g.classList.add("selected");
      svgEl("circle", { r: radius(n.a).toFixed(1), fill: familyColour(a.family) }, g);
      title(g, `${a.label} (${a.clsLabel})`);
      if (labelled.has(n.a) || picked === n.a || state.actor === n.a) {
        label(g, a.label, (radius(n.a) + 13).toFixed(1), 22);
      }
      g.addEventListener("click", (evt) => { evt.stopPropagation(); select("actor", n.a); });
    });
  }

  // ---------------------------------------------------------------- the timeline

  const tlSvg = document.getElementById("timeline");
  const tlGroup = svgEl("g", {}, tlSvg);
  panZoom(tlSvg, tlGroup);
  const dayMs = 86400000;
  const toMs = (d) => Date.parse(dateSpan(d)[0] + "T00:00:00Z");

  function eventLanes() {
    const order = Object.keys(S.events);
    const seen = {};
    D.events.forEach((e) => { seen[e.cls] = e.clsLabel; });
    return Object.keys(seen).sort((a, b) => {
      const ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    }).map((c) => ({ cls: c, label: seen[c] }));
  }
  const lanes = eventLanes();

  function timeTicks(t0, t1) {
    const days = (t1 - t0) / dayMs, ticks = [];
    const start = new Date(t0);
    if (days > 3 * 365) {
      const step = Math.max(1, Math.round(days / 365 / 10));
      for (let y = start.getUTCFullYear(); Date.UTC(y, 0, 1) <= t1; y += step) ticks.push([Date.UTC(y, 0, 1), String(y)]);
    } else if (days > 60) {
      const step = Math.max(1, Math.round(days / 30 / 10));
      for (let m = 0; ; m += step) {
        const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1);
        if (t > t1) break;
        ticks.push([t, new Date(t).toISOString().slice(0, 7)]);
      }
    } else {
      const step = Math.max(1, Math.round(days / 10));
      for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= t1; t += step * dayMs) {
        ticks.push([t, new Date(t).toISOString().slice(0, 10)]);
      }
    }
    return ticks.filter((t) => t[0] >= t0);
  }

  function drawTimeline(visible) {
    clear(tlGroup);
    const left = 150, right = 980, top = 14, lane = 30;
    const height = top + Math.max(lanes.length, 1) * lane + 34;
    tlSvg.setAttribute("viewBox", `0 0 1000 ${height}`);
    const dated = visible.filter((i) => D.events[i].date);
    if (!dated.length) {
      svgEl("text", { x: 500, y: height / 2, "text-anchor": "middle", class: "empty" }, tlGroup).textContent = "No dated event passes the filters.";
      return;
    }
    let t0 = state.from ? toMs(state.from) : least(dated.map((i) => toMs(D.events[i].date)));
    let t1 = state.to ? toMs(state.to) : most(dated.map((i) => Date.parse(dateSpan(D.events[i].date)[1] + "T00:00:00Z") || toMs(D.events[i].date)));
    if (t1 - t0 < 20 * dayMs) { t0 -= 10 * dayMs; t1 += 10 * dayMs; }
    const pad = (t1 - t0) * 0.03; t0 -= pad; t1 += pad;
    const x = (t) => left + (t - t0) / (t1 - t0) * (right - left);
    const axis = svgEl("g", { class: "axis" }, tlGroup);
    const bottom = top + lanes.length * lane;
    timeTicks(t0, t1).forEach(([t, label]) => {
      svgEl("line", { x1: x(t), x2: x(t), y1: top - 4, y2: bottom + 4 }, axis);
      svgEl("text", { x: x(t), y: bottom + 18, "text-anchor": "middle" }, axis).textContent = label;
    });
    lanes.forEach((l, k) => {
      const y = top + k * lane + lane / 2;
      svgEl("line", { x1: left, x2: right, y1: y, y2: y, stroke: "#eee" }, axis);
      svgEl("text", { x: left - 8, y: y + 4, "text-anchor": "end", class: "lane-label" }, axis).textContent = l.label;
    });
    const laneOf = {};
    lanes.forEach((l, k) => { laneOf[l.cls] = k; });
    const dots = svgEl("g", { "fill-opacity": dated.length > 200 ? 0.55 : 0.8 }, tlGroup);
    const maxKilled = Math.max(1, most(dated.map((i) => D.events[i].killed || 0)));
    dated.sort((a, b) => (D.events[b].killed || 0) - (D.events[a].killed || 0)).forEach((i) => {
      const e = D.events[i];
      const jitter = ((i * 7919) % 13 - 6) * 1.1;
      const r = 3.5 + (dated.length > 200 ? 9 : 16) * Math.sqrt((e.killed || 0) / maxKilled);
      const c = svgEl("circle", { cx: x(toMs(e.date)).toFixed(1), cy: (top + laneOf[e.cls] * lane + lane / 2 + jitter).toFixed(1),
        r: r.toFixed(1), fill: eventColour(e.cls), class: "event", "data-id": e.id }, dots);
      if (selection && selection.kind === "event" && selection.index === i) c.classList.add("selected");
      title(c, eventSummary(e));
      c.addEventListener("click", () => select("event", i));
    });
    const undated = visible.length - dated.length;
    if (undated) svgEl("text", { x: right, y: height - 4, "text-anchor": "end", class: "lane-label" }, tlGroup).textContent = `${undated} event(s) without a date not shown`;
  }

  function eventSummary(e) {
    const who = e.ag.map((a) => actor(a).label).join(", ");
    const whom = e.tg.map((a) => actor(a).label).join(", ");
    const place = e.pl >= 0 ? D.places[e.pl].label : "";
    return [e.clsLabel + (e.date ? " on " + e.date : ""), who && "by " + who, whom && "against " + whom,
      place && "in " + place, e.fig && e.fig + " killed"].filter(Boolean).join(", ");
  }

  // ---------------------------------------------------------------- the map

  const mapSvg = document.getElementById("map");
  const mapGroup = svgEl("g", {}, mapSvg);
  panZoom(mapSvg, mapGroup);
  const MAP = { w: 1000, h: 600 };
  // The map frames the events (the middle 90% of them when there are many), else every known place.
  function quantile(sorted, q) { return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]; }
  const view = (function () {
    if (!D.places.length) return null;
    let spots = D.events.filter((e) => e.pl >= 0).map((e) => D.places[e.pl]);
    if (!spots.length) spots = D.places;
    const lons = spots.map((p) => p.lon).sort((a, b) => a - b), lats = spots.map((p) => p.lat).sort((a, b) => a - b);
    const q = spots.length >= 20 ? 0.05 : 0;
    const x0 = quantile(lons, q), x1 = quantile(lons, 1 - q), y0 = quantile(lats, q), y1 = quantile(lats, 1 - q);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const k = Math.cos(cy * Math.PI / 180);
    let spanX = Math.max((x1 - x0) * k + 2, 8), spanY = Math.max(y1 - y0 + 2, 5);
    if (spanX / spanY > MAP.w / MAP.h) spanY = spanX * MAP.h / MAP.w; else spanX = spanY * MAP.w / MAP.h;
    const scale = MAP.w / spanX;
    return { cx: cx, cy: cy, k: k, scale: scale, spanX: spanX / k, spanY: spanY };
  })();
  const project = (lon, lat) => [MAP.w / 2 + (lon - view.cx) * view.k * view.scale, MAP.h / 2 - (lat - view.cy) * view.scale];

  function drawBase() {
    svgEl("rect", { x: -5000, y: -5000, width: 11000, height: 11000, class: "sea" }, mapGroup);
    const s = D.basemap.scale;
    const labels = [];
    D.basemap.countries.forEach((c) => {
      let d = "";
      const inside = [];
      c.rings.forEach((ring) => {
        let x = 0, y = 0;
        const pts = [];
        for (let i = 0; i < ring.length; i += 2) { x += ring[i]; y += ring[i + 1]; pts.push(project(x / s, y / s)); }
        d += "M" + pts.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join("L") + "Z";
        pts.forEach((p) => { if (p[0] > 40 && p[0] < MAP.w - 40 && p[1] > 30 && p[1] < MAP.h - 30) inside.push(p); });
      });
      const path = svgEl("path", { d: d, class: "country" }, mapGroup);
      title(path, c.name);
      const wide = inside.length >= 8 && most(inside.map((p) => p[0])) - least(inside.map((p) => p[0])) > 70
        && most(inside.map((p) => p[1])) - least(inside.map((p) => p[1])) > 30;
      if (wide) {
        const lx = inside.reduce((a, p) => a + p[0], 0) / inside.length, ly = inside.reduce((a, p) => a + p[1], 0) / inside.length;
        labels.push([lx, ly, c.name]);
      }
    });
    const grid = svgEl("g", { class: "grid" }, mapGroup);
    const step = [1, 2, 5, 10, 20, 30].find((st) => view.spanX / st <= 10) || 30;
    const [lonA, lonB] = [view.cx - view.spanX / 2, view.cx + view.spanX / 2];
    const [latA, latB] = [view.cy - view.spanY / 2, view.cy + view.spanY / 2];
    for (let lon = Math.ceil(lonA / step) * step; lon <= lonB; lon += step) {
      const [x] = project(lon, 0);
      svgEl("line", { x1: x, x2: x, y1: 0, y2: MAP.h, "stroke-dasharray": "2 4" }, grid);
      svgEl("text", { x: x + 3, y: MAP.h - 6 }, grid).textContent = Math.abs(lon) + "°" + (lon >= 0 ? "E" : "W");
    }
    for (let lat = Math.ceil(latA / step) * step; lat <= latB; lat += step) {
      const [, y] = project(0, lat);
      svgEl("line", { x1: 0, x2: MAP.w, y1: y, y2: y, "stroke-dasharray": "2 4" }, grid);
      if (y > 16) svgEl("text", { x: 4, y: y - 3 }, grid).textContent = Math.abs(lat) + "°" + (lat >= 0 ? "N" : "S");
    }
    labels.forEach(([x, y, name]) => {
      svgEl("text", { x: x, y: y, "text-anchor": "middle", class: "country-label" }, mapGroup).textContent = name.toUpperCase();
    });
  }

  let mapMarks = null;
  function drawMap(visible) {
    if (!view) {
      clear(mapGroup);
      svgEl("text", { x: 500, y: 300, "text-anchor": "middle", class: "empty" }, mapGroup).textContent = "No event has a place with coordinates.";
      return;
    }
    if (!mapMarks) {
      drawBase();
      const known = svgEl("g", { class: "known" }, mapGroup);
      const eventPlaces = new Set(D.events.map((e) => e.pl));
      D.places.forEach((p, i) => {
        if (eventPlaces.has(i)) return;
        const [x, y] = project(p.lon, p.lat);
        const g = svgEl("g", { class: "place known", transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, known);
        svgEl("circle", { r: 3, fill: "#8a8a8a" }, g);
        svgEl("text", { x: 6, y: 12, class: "known-label" }, g).textContent = p.label;
        title(g, p.label + (p.country ? ", " + p.country : "") + " (no event shown here)");
      });
      mapMarks = svgEl("g", {}, mapGroup);
    }
    clear(mapMarks);
    const byPlace = {};
    visible.forEach((i) => { const p = D.events[i].pl; if (p >= 0) (byPlace[p] = byPlace[p] || []).push(i); });
    Object.keys(byPlace).map(Number).sort((a, b) => byPlace[b].length - byPlace[a].length).forEach((p) => {
      const list = byPlace[p], place = D.places[p], [x, y] = project(place.lon, place.lat);
      const counts = {};
      list.forEach((i) => { counts[D.events[i].cls] = (counts[D.events[i].cls] || 0) + 1; });
      const top = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
      const g = svgEl("g", { class: "place", "data-id": place.id, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, mapMarks);
      if (selection && selection.kind === "place" && selection.index === p) g.classList.add("selected");
      svgEl("circle", { r: Math.min(30, 5 + 3 * Math.sqrt(list.length)).toFixed(1), fill: eventColour(top) }, g);
      svgEl("text", { x: 10, y: -10 }, g).textContent = place.label;
      title(g, `${place.label}: ${list.length} event(s); ` + Object.keys(counts).map((c) => `${counts[c]} ${c}`).join(", "));
      g.addEventListener("click", () => select("place", p));
    });
  }

  // ---------------------------------------------------------------- the details panel

  const details = document.getElementById("details");

  function reportLine(r, date, parent) {
    const rep = report(r);
    const bits = [rep ? (rep.title || rep.ident) : "unknown report", date || (rep && rep.date), rep && rep.pub].filter(Boolean);
    const meta = html("div", { class: "meta" }, bits.join(" · "), parent);
    if (rep && rep.url) { meta.appendChild(document.createTextNode(" · ")); html("a", { href: rep.url, target: "_blank", rel: "noopener noreferrer" }, "article", meta); }
    return meta;
  }

  function evidenceBlock(e, view, parent) {
    if (e.cur) { html("div", { class: "meta" }, "Curated in the knowledge base (no report sentence).", parent); return; }
    const shown = e.ev.filter((ev) => view.items.indexOf(ev.i) >= 0);
    shown.forEach((ev) => {
      const item = e.items[ev.i];
      html("blockquote", { class: "sentence" }, ev.sentence || "(no sentence recorded)", parent);
      const meta = reportLine(item[0], item[1], parent);
      const extra = [];
      if (item[2].length) extra.push("according to " + item[2].map((a) => actor(a).label).join(", "));
      if (item[3]) extra.push("event: " + item[3]);
      if (ev.method) extra.push(ev.method + (ev.conf ? " (" + ev.conf + ")" : ""));
      if (extra.length) meta.textContent += " · " + extra.join(" · ");
    });
    const more = view.items.length - shown.length;
    if (more > 0) html("div", { class: "muted" }, `… and ${more} more supporting statement(s) or event(s).`, parent);
  }

  function showActor(a) {
    const x = actor(a);
    clear(details);
    html("h2", {}, x.label, details);
    html("div", { class: "meta" }, `${x.clsLabel} · ${S.familyLabels[x.family] || x.family}`, details);
    const link = html("p", {}, null, details);
    if (x.wd) html("a", { href: x.wd, target: "_blank", rel: "noopener noreferrer", class: "wikidata" }, "Wikidata " + x.wd.split("/").pop(), link);
    else link.textContent = "No Wikidata link.";
    if (x.alt.length) html("p", {}, "Also called: " + x.alt.join(", "), details);
    html("p", { class: "muted" }, `Mentioned ${x.mentions} time(s) in ${x.reports} report(s). ${x.id}`, details);
    const evs = D.events.filter((e) => eventPasses(e));
    const roles = [["agent", "ag"], ["target", "tg"], ["source", "src"]].map(([n, k]) => [n, evs.filter((e) => e[k].indexOf(a) >= 0).length]);
    html("p", {}, "Events shown: " + roles.map(([n, c]) => `${c} as ${n}`).join(", ") + ".", details);
    const ties = D.edges.map((e, i) => [e, i, edgeView(e)]).filter(([e, , v]) => (e.s === a || e.o === a) && v.visible);
    html("h3", {}, `Ties (${ties.length})`, details);
    ties.forEach(([e, , v]) => {
      const box = html("div", { class: "tie" }, null, details);
      const out = e.s === a, other = actor(out ? e.o : e.s);
      const head = undirected(e.rel) ? `↔ ${relationLabel(e.rel)} with ${other.label}`
        : out ? `→ ${relationLabel(e.rel)} ${other.label}` : `← ${other.label} ${relationLabel(e.rel)} ${x.label}`;
      const p = html("div", {}, null, box);
      html("b", {}, head, p);
      if (!e.cur) p.appendChild(document.createTextNode(` · ${v.reports} report(s)`));
      evidenceBlock(e, v, box);
    });
  }

  function showEdge(i) {
    const e = D.edges[i], v = edgeView(e);
    clear(details);
    html("h2", {}, `${actor(e.s).label} ${relationLabel(e.rel)} ${actor(e.o).label}`, details);
    html("p", { class: "muted" }, e.cur ? "curated" : `${v.reports} supporting report(s)`, details);
    evidenceBlock(e, v, details);
  }

  function showEvent(i) {
    const e = D.events[i];
    clear(details);
    html("h2", {}, e.clsLabel + (e.date ? " · " + e.date : ""), details);
    const list = html("ul", {}, null, details);
    const names = (xs) => xs.map((a) => actor(a).label).join(", ");
    [["By", names(e.ag)], ["Against", names(e.tg)], ["Where", e.pl >= 0 ? D.places[e.pl].label : ""],
      ["Killed", e.fig], ["Date precision", e.prec], ["Sources", names(e.src)]]
      .filter(([, v]) => v).forEach(([k, v]) => html("li", {}, `${k}: ${v}`, list));
    html("blockquote", { class: "sentence" }, e.sentence || "(no sentence recorded)", details);
    reportLine(e.r, "", details);
    html("p", { class: "muted" }, e.id, details);
  }

  function showPlace(p) {
    const place = D.places[p];
    clear(details);
    html("h2", {}, place.label, details);
    html("div", { class: "meta" }, [place.cls, place.country, `${place.lat}, ${place.lon}`].filter(Boolean).join(" · "), details);
    const list = html("ul", {}, null, details);
    D.events.forEach((e, i) => {
      if (e.pl !== p || !eventPasses(e)) return;
      const a = html("a", { class: "event-link" }, eventSummary(e), html("li", {}, null, list));
      a.addEventListener("click", () => select("event", i));
    });
  }

  function showSelection() {
    if (!selection) return;
    ({ actor: showActor, edge: showEdge, event: showEvent, place: showPlace })[selection.kind](selection.index);
  }

  function select(kind, index) {
    selection = { kind: kind, index: index };
    render();
  }

  // ---------------------------------------------------------------- filters, legends, summary

  function fillFilters() {
    const actorSel = document.getElementById("f-actor");
    const inEvents = new Set();
    D.events.forEach((e) => e.ag.concat(e.tg, e.src).forEach((a) => inEvents.add(a)));
    const options = new Set(D.nodes.map((n) => n.a).concat([...inEvents]));
    [...options].sort((a, b) => actor(a).label.localeCompare(actor(b).label)).forEach((a) => {
      html("option", { value: a }, actor(a).label, actorSel);
    });
    const classes = {};
    D.events.forEach((e) => { classes[e.cls] = e.clsLabel; });
    D.edges.forEach((e) => e.items.forEach((it) => { if (it[3] && !classes[it[3]]) classes[it[3]] = it[3]; }));
    const classSel = document.getElementById("f-class");
    Object.keys(classes).sort((a, b) => classes[a].localeCompare(classes[b])).forEach((c) => html("option", { value: c }, classes[c], classSel));
    const sourceSel = document.getElementById("f-source");
    const cited = new Set();
    D.events.forEach((e) => e.src.forEach((a) => cited.add(a)));
    D.edges.forEach((e) => e.items.forEach((it) => it[2].forEach((a) => cited.add(a))));
    const group1 = html("optgroup", { label: "cited sources" }, null, sourceSel);
    [...cited].sort((a, b) => actor(a).label.localeCompare(actor(b).label)).forEach((a) => html("option", { value: "a:" + a }, actor(a).label, group1));
    const pubs = [...new Set(D.reports.map((r) => r.pub).filter(Boolean))].sort();
    if (pubs.length) {
      const group2 = html("optgroup", { label: "publishers" }, null, sourceSel);
      pubs.forEach((p) => html("option", { value: "p:" + p }, p, group2));
    }
    const dates = D.events.map((e) => dateSpan(e.date)[0]).concat(D.reports.map((r) => r.date)).filter(Boolean).sort();
    ["f-from", "f-to"].forEach((id) => {
      if (dates.length) { document.getElementById(id).min = dates[0]; document.getElementById(id).max = dates[dates.length - 1]; }
    });
    const read = () => {
      state.from = document.getElementById("f-from").value;
      state.to = document.getElementById("f-to").value;
      const a = document.getElementById("f-actor").value;
      state.actor = a === "" ? -1 : +a;
      state.cls = classSel.value;
      state.source = sourceSel.value;
      if (state.actor >= 0) selection = { kind: "actor", index: state.actor };
      render();
    };
    document.getElementById("filters").addEventListener("change", read);
    document.getElementById("f-reset").addEventListener("click", () => {
      document.getElementById("filters").reset();
      selection = null;
      read();
    });
  }

  function legendItem(parent, colour, label, line, dashed) {
    const span = html("span", {}, null, parent);
    const sw = html("span", { class: "swatch" + (line ? " line" : "") + (dashed ? " dashed" : "") }, null, span);
    sw.style.background = colour;
    span.appendChild(document.createTextNode(label));
  }

  function fillLegends() {
    const net = document.getElementById("network-legend");
    const families = new Set(D.nodes.map((n) => actor(n.a).family));
    Object.keys(S.families).filter((f) => families.has(f)).forEach((f) => legendItem(net, familyColour(f), S.familyLabels[f] || f));
    const rels = new Set(D.edges.map((e) => e.rel));
    Object.keys(S.relations).concat([...rels]).filter((r, i, all) => rels.has(r) && all.indexOf(r) === i)
      .forEach((r) => legendItem(net, relationColour(r), relationLabel(r), true));
    if (D.edges.some((e) => e.cur)) legendItem(net, "#666", "curated (knowledge base)", true, true);
    html("span", { class: "muted" }, "edge width: number of supporting reports · node size: reports and ties", net);
    const ev = document.getElementById("event-legend");
    lanes.forEach((l) => legendItem(ev, eventColour(l.cls), l.label));
    html("span", { class: "muted" }, "circle size: people killed (highest figure)", ev);
    document.getElementById("map-credit").textContent = view ? "Country outlines: " + D.basemap.source + ". Circle size: number of events at the place." : "";
  }

  function fillHeader() {
    const t = D.totals;
    document.getElementById("summary").textContent =
      `${t.reports} report(s) · ${t.actors} actor(s), ${D.nodes.length} shown · ${t.ties} tie(s) · ${t.events} event(s), ${D.events.length} shown`;
    const notes = document.getElementById("notes");
    D.notes.forEach((n) => html("div", { class: "note" }, n, notes));
  }

  // ---------------------------------------------------------------- drawing it all

  function render() {
    const views = D.edges.map(edgeView);
    const visible = [];
    D.events.forEach((e, i) => { if (eventPasses(e)) visible.push(i); });
    const active = new Set();
    D.edges.forEach((e, i) => { if (views[i].visible) { active.add(e.s); active.add(e.o); } });
    visible.forEach((i) => { const e = D.events[i]; e.ag.concat(e.tg, e.src).forEach((a) => active.add(a)); });
    if (state.actor >= 0) active.add(state.actor);
    drawNetwork(views, active);
    drawTimeline(visible);
    drawMap(visible);
    const ties = views.filter((v) => v.visible).length;
    document.getElementById("f-status").textContent = `${ties} tie(s), ${visible.length} event(s) shown`;
    showSelection();
  }

  fillHeader();
  fillFilters();
  fillLegends();
  render();
  document.body.setAttribute("data-ready", "true");
})();

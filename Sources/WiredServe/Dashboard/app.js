// wired's dashboard: our own small SVG charts, fed by server-sent events from /api/events.
// Every number is built with textContent or SVG attributes; nothing from the data becomes markup.
"use strict";
const SVG = "http://www.w3.org/2000/svg";
const COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];
const CLASS_COLORS = {free: "#59a14f", reclaimable: "#76b7b2", compressed: "#edc948", unswappable: "#f28e2b",
  wired: "#e15759", unexplained: "#7f7f7f"};
const MAX_POINTS = 8640;
const points = [];
let lastId = 0;
let buckets = {};      // bucket id -> {name, class, source}, from /api/status
let pageSource = "";
let picks = [];

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0, v = Math.abs(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (n < 0 ? "-" : "") + v.toFixed(i === 0 ? (v < 10 && v !== Math.round(v) ? 1 : 0) : v < 10 ? 2 : 1) + " " + units[i];
}
function rate(n) { return bytes(n) + "/s"; }
function time(t) { return new Date(t * 1000).toLocaleTimeString(); }
function el(tag, attrs, text) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const k in attrs || {}) node.setAttribute(k, attrs[k]);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A series: {name, color, values: [number|null] aligned with xs, source}.
function draw(id, xs, series, opts) {
  const svg = document.getElementById(id);
  const w = svg.clientWidth || 600, h = svg.clientHeight || 180, left = 64, bottom = 16, top = 6;
  svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const n = xs.length;
  svg.dataset.points = String(n);
  if (n === 0) return;
  const x0 = xs[0], x1 = xs[n - 1] === x0 ? x0 + 1 : xs[n - 1];
  const stacks = [];
  let max = opts.max || 0;
  const base = new Array(n).fill(0);
  for (const s of series) {
    const lo = base.slice();
    const hi = s.values.map((v, i) => (opts.stacked ? lo[i] : 0) + (v || 0));
    if (opts.stacked) for (let i = 0; i < n; i++) base[i] = hi[i];
    stacks.push({s, lo, hi});
    for (const v of hi) if (v > max) max = v;
  }
  if (max <= 0) max = 1;
  const X = t => left + (w - left - 4) * (t - x0) / (x1 - x0);
  const Y = v => top + (h - top - bottom) * (1 - v / max);
  svg.appendChild(el("svg:line", {class: "axis", x1: left, y1: Y(0), x2: w - 4, y2: Y(0)}));
  for (const f of [0.5, 1]) {
    svg.appendChild(el("svg:text", {x: 2, y: Y(max * f) + 4}, opts.format(max * f)));
  }
  svg.appendChild(el("svg:text", {x: left, y: h - 2}, time(x0)));
  svg.appendChild(el("svg:text", {x: w - 60, y: h - 2}, time(x1)));
  for (const {s, lo, hi} of stacks) {
    let d = "";
    if (n === 1) {
      d = "M" + left + " " + Y(hi[0]) + "H" + (w - 4);
    } else {
      for (let i = 0; i < n; i++) d += (i ? "L" : "M") + X(xs[i]).toFixed(1) + " " + Y(hi[i]).toFixed(1);
    }
    if (opts.stacked && n > 1) {
      for (let i = n - 1; i >= 0; i--) d += "L" + X(xs[i]).toFixed(1) + " " + Y(lo[i]).toFixed(1);
      svg.appendChild(el("svg:path", {d: d + "Z", fill: s.color, "fill-opacity": 0.85, stroke: "none"}));
    } else {
      svg.appendChild(el("svg:path", {d, fill: "none", stroke: s.color, "stroke-width": 1.5}));
    }
  }
  for (const p of picks) {
    const i = xs.indexOf(p.time);
    if (i >= 0) svg.appendChild(el("svg:line", {class: "pick", x1: X(xs[i]), x2: X(xs[i]), y1: top, y2: h - bottom}));
  }
  const cursor = el("svg:line", {class: "cursor", y1: top, y2: h - bottom, visibility: "hidden"});
  svg.appendChild(cursor);
  const nearest = ev => {
    const r = svg.getBoundingClientRect();
    const px = (ev.clientX - r.left) * (w / r.width);
    const t = x0 + (px - left) / (w - left - 4) * (x1 - x0);
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(xs[i] - t) < Math.abs(xs[best] - t)) best = i;
    return best;
  };
  svg.onmousemove = ev => {
    const i = nearest(ev);
    cursor.setAttribute("x1", X(xs[i])); cursor.setAttribute("x2", X(xs[i]));
    cursor.setAttribute("visibility", "visible");
    const lines = series.map(s => [s.name + ": " + (s.values[i] == null ? "not measured" : opts.format(s.values[i])),
      s.source]);
    tip(ev, "sample #" + points[points.length - n + i].id + " at " + time(xs[i]), lines);
  };
  svg.onmouseleave = () => { cursor.setAttribute("visibility", "hidden"); hideTip(); };
  svg.onclick = ev => pick(points[points.length - n + nearest(ev)]);
  const legend = document.getElementById(id + "-legend");
  while (legend.firstChild) legend.removeChild(legend.firstChild);
  for (const s of series) {
    const item = el("span", {title: s.source});
    item.appendChild(el("i")).style.background = s.color;
    item.appendChild(document.createTextNode(s.name));
    legend.appendChild(item);
  }
}

function tip(ev, title, lines) {
  const box = document.getElementById("tip");
  while (box.firstChild) box.removeChild(box.firstChild);
  box.appendChild(el("b", {}, title));
  for (const [text, source] of lines) {
    box.appendChild(el("div", {}, text));
    if (source) box.appendChild(el("small", {}, "source: " + source)).style.display = "block";
  }
  box.hidden = false;
  box.style.left = Math.min(ev.clientX + 12, window.innerWidth - 430) + "px";
  box.style.top = (ev.clientY + 12) + "px";
}
function hideTip() { document.getElementById("tip").hidden = true; }

// The names seen in `key` of any point, biggest last value first.
function names(key, limit) {
  const seen = new Map();
  for (const p of points) for (const k in p[key]) seen.set(k, Math.max(seen.get(k) || 0, p[key][k]));
  return [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(e => e[0]);
}
function classSource(name) {
  const ids = Object.keys(buckets).filter(id => buckets[id].class === name);
  return ids.length ? "ledger buckets " + ids.map(id => buckets[id].name + " (" + buckets[id].source + ")").join("; ")
    : "ledger buckets of class " + name + " (/api/status)";
}

function render() {
  const xs = points.map(p => p.time);
  const classes = Object.keys(CLASS_COLORS).map(c => ({name: c, color: CLASS_COLORS[c],
    values: points.map(p => p.classes[c] ?? null), source: classSource(c)}));
  draw("classes", xs, classes, {stacked: true, format: bytes, max: Math.max(...points.map(p => p.memTotalBytes))});
  draw("wired", xs, ["kernel", "user"].map((k, i) => ({name: k, color: COLORS[i + 2],
    values: points.map(p => p.wired[k] ?? null),
    source: "ledger: wired buckets of kind " + k + " (wired status, wired." + k + "Bytes)"})),
    {stacked: true, format: bytes});
  for (const [id, key, src] of [["owners", "owners", "owners tree, second level (wired owners; /api/owners)"],
    ["services", "services", "cgroup memory.current, else memory.stat anon+file+shmem (wired owners)"]]) {
    draw(id, xs, names(key, 8).map((k, i) => ({name: k, color: COLORS[i % COLORS.length],
      values: points.map(p => p[key][k] ?? null), source: src})), {format: bytes});
  }
  draw("psi", xs, ["some", "full"].map((k, i) => ({name: k, color: COLORS[i],
    values: points.map(p => p.psiAvg10[k] ?? null), source: "/proc/pressure/memory, " + k + " avg10"})),
    {format: v => v.toFixed(2) + " %"});
  const rates = [["swap in", "wired_swap_in_bytes_total", "pswpin"], ["swap out", "wired_swap_out_bytes_total", "pswpout"],
    ["refault", "wired_refault_bytes_total", "workingset_refault_anon+file"],
    ["page in", "wired_page_in_bytes_total", "pgpgin"]];
  draw("rates", xs, rates.map(([name, key, field], i) => ({name, color: COLORS[i],
    values: points.map((p, j) => j === 0 || points[j - 1].counters[key] == null || p.counters[key] == null ||
      p.time === points[j - 1].time ? null : Math.max(0, (p.counters[key] - points[j - 1].counters[key]) / (p.time - points[j - 1].time))),
    source: "Δ " + field + " in /proc/vmstat between two samples, in bytes, over their Δt"})), {format: rate});
  const last = points[points.length - 1];
  if (last) {
    const v = document.getElementById("verdict");
    v.textContent = "pressure: " + last.verdict;
    v.className = "verdict " + last.verdict;
    const list = document.getElementById("reasons");
    while (list.firstChild) list.removeChild(list.firstChild);
    for (const r of last.reasons) list.appendChild(el("li", {}, r));
  }
}

async function pick(p) {
  picks = picks.length >= 2 ? [p] : picks.concat([p]);
  const note = document.getElementById("pick");
  render();
  if (picks.length < 2) { note.textContent = "First moment: sample #" + p.id + " at " + time(p.time) + ". Click a second."; return; }
  const [a, b] = picks;
  note.textContent = "Diff from sample #" + a.id + " (" + time(a.time) + ") to #" + b.id + " (" + time(b.time) + ")";
  const res = await fetch("/api/diff?from=%23" + a.id + "&to=%23" + b.id);
  const body = document.querySelector("#diff tbody");
  while (body.firstChild) body.removeChild(body.firstChild);
  if (!res.ok) { note.textContent += ": " + res.status; return; }
  const diff = await res.json();
  note.textContent = "Diff from " + diff.before.source + " to " + diff.after.source + " (" + diff.relation + ")";
  for (const c of (diff.changes || []).slice(0, 20)) {
    const row = el("tr", {title: "source: " + (c.detail || c.measure || c.key) + " (wired diff, " + c.section + ")"});
    row.appendChild(el("td", {}, c.name));
    row.appendChild(el("td", {}, bytes(c.deltaBytes ?? 0)));
    row.appendChild(el("td", {}, c.beforeBytes == null ? "—" : bytes(c.beforeBytes)));
    row.appendChild(el("td", {}, c.afterBytes == null ? "—" : bytes(c.afterBytes)));
    body.appendChild(row);
  }
}

async function loadStatus() {
  const res = await fetch("/api/status");
  if (!res.ok) return;
  const s = await res.json();
  buckets = {};
  for (const b of s.ledger) buckets[b.id] = {name: b.name, class: b.class, source: b.source};
  document.getElementById("host").textContent = s.host.hostname + " · " + s.host.kernel;
  pageSource = s.source;
}

function connect() {
  const state = document.getElementById("state");
  const events = new EventSource("/api/events");
  events.addEventListener("sample", ev => {
    const id = Number(ev.lastEventId);
    if (!(id > lastId)) return;   // never a point twice, whatever the server resends
    lastId = id;
    points.push(JSON.parse(ev.data));
    if (points.length > MAX_POINTS) points.shift();
    state.textContent = points.length + " samples · last #" + id + " · source: " + pageSource;
    scheduleRender();
  });
  events.onerror = () => { state.textContent = "reconnecting (resumes after sample #" + lastId + ")…"; };
}
let pending = false;
function scheduleRender() {
  if (pending) return;
  pending = true;
  setTimeout(() => { pending = false; render(); }, 50);
}
window.addEventListener("resize", scheduleRender);
loadStatus().finally(connect);

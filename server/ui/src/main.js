// kg serve's page: a small hash-routed app over the JSON API. Every view
// is one function that fetches what it shows and renders it; the graph is
// drawn with Cytoscape.js.
import cytoscape from "cytoscape";

const app = document.getElementById("app");
const TYPES = ["Person", "Organization", "Company", "Place", "Plan"];
const COLORS = { Person: "#e8743b", Organization: "#3b7ddd", Company: "#19a979", Place: "#945ecf", Plan: "#c9a100", Figure: "#888888", Article: "#555555" };

// h builds an element: h("a", {href: "#"}, "text", child …).
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, opts) {
  const res = await fetch(path, opts);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const entityHref = (id) => "#/entity/" + encodeURIComponent(id);
const articleHref = (id) => "#/article/" + id;
const badge = (label) => h("span", { class: "badge " + label }, label);
const short = (s, n = 80) => (s && s.length > n ? s.slice(0, n) + "…" : s || "");

function show(...nodes) {
  app.replaceChildren(...nodes.flat(2).filter((n) => n != null && n !== false));
}

function failed(err) {
  show(h("p", { class: "error" }, err.message || String(err)));
}

// ---- search

async function searchView(params) {
  const q = params.get("q") || "";
  const input = h("input", { type: "search", name: "q", value: q, placeholder: "名称 / 简称，简体或繁體：崔榮國" });
  const form = h("form", { onsubmit: (e) => { e.preventDefault(); go("#/search?q=" + encodeURIComponent(input.value.trim())); } },
    input, " ", h("button", { class: "primary", type: "submit" }, "Search"));
  if (!q) {
    show(h("h1", {}, "Search the graph"), form,
      h("p", { class: "muted" }, "Type a name in Simplified or Traditional script, or a short name an article uses. Or open ",
        h("a", { href: "#/query" }, "a query"), " or ", h("a", { href: "#/status" }, "the status"), "."));
    input.focus();
    return;
  }
  const r = await api("/api/search?q=" + encodeURIComponent(q));
  const sections = [];
  for (const t of TYPES) {
    const hits = r.by_type[t];
    if (!hits || !hits.length) continue;
    sections.push(h("h2", {}, badge(t), `${t} (${hits.length})`),
      h("ul", { class: "hits" }, hits.map((x) => h("li", {},
        h("a", { href: entityHref(x.id), "data-entity": x.id }, x.name),
        " ", h("span", { class: "muted" }, `${x.articles} article${x.articles === 1 ? "" : "s"}`),
        x.aliases && x.aliases.length ? h("span", { class: "muted" }, " · also " + x.aliases.join(", ")) : null,
        x.shared && x.shared.length ? h("span", { class: "muted" }, " · shares " + x.shared.join(", ")) : null))));
  }
  show(h("h1", {}, "Search"), form,
    h("p", { class: "muted" }, r.query !== q ? `searched as ${r.query} (Simplified)` : "", ` ${r.total} found`),
    ...(sections.length ? sections : [h("p", {}, "Nothing found.")]));
}

// ---- entity

function drawGraph(container, nodes, edges, onTap) {
  const cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({ data: { id: n.id, label: short(n.name, 18), type: n.label, center: n.center ? 1 : 0 } })),
      ...edges.map((e, i) => ({ data: { id: "e" + i, source: e.from, target: e.to, label: e.type } })),
    ],
    style: [
      { selector: "node", style: { "background-color": (el) => COLORS[el.data("type")] || "#999", label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, width: 22, height: 22 } },
      { selector: "node[center = 1]", style: { width: 36, height: 36, "font-weight": "bold", "border-width": 3, "border-color": "#1d1d1f" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#c7c7cc", "target-arrow-color": "#c7c7cc", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 8, color: "#888", "text-rotation": "autorotate" } },
    ],
    layout: { name: nodes.length > 40 ? "circle" : "cose", animate: false, padding: 20 },
    wheelSensitivity: 0.3,
  });
  if (onTap) cy.on("tap", "node", (ev) => onTap(ev.target.id()));
  return cy;
}

async function entityView(id) {
  const e = await api("/api/entity/" + encodeURIComponent(id));
  const facts = e.edges;
  const nodes = [{ id: e.id, label: e.label, name: e.name, center: true }];
  const seen = new Set([e.id]);
  const edges = [];
  const drawn = new Map(); // one line per type and neighbour, with how many articles state it
  for (const x of facts) {
    if (!seen.has(x.other.id)) { seen.add(x.other.id); nodes.push({ id: x.other.id, label: x.other.label, name: x.other.name }); }
    const key = [x.outgoing, x.other.id, x.type].join("\u0000");
    const d = drawn.get(key) || (x.outgoing ? { from: e.id, to: x.other.id, type: x.type, n: 0 } : { from: x.other.id, to: e.id, type: x.type, n: 0 });
    d.n++;
    drawn.set(key, d);
  }
  for (const d of drawn.values()) edges.push({ ...d, type: d.n > 1 ? `${d.type} ×${d.n}` : d.type });
  const graphBox = h("div", { id: "graph" });
  // each name with the articles that used it (the first few linked)
  const names = e.names.map((n) => h("span", {}, n.name, " ",
    n.articles.slice(0, 5).map((id, i) => h("a", { href: articleHref(id), title: "an article that writes " + n.name }, `[${i + 1}]`)),
    n.articles.length > 5 ? h("span", { class: "muted" }, ` +${n.articles.length - 5}`) : null));
  const aliases = (e.props.aliases || []);
  const shared = (e.props.shared || []);
  const linked = (label) => facts.filter((x) => x.other.label === label);
  const linkList = (xs) => xs.length ? h("ul", {}, [...new Map(xs.map((x) => [x.other.id, x])).values()].map((x) =>
    h("li", {}, h("a", { href: entityHref(x.other.id) }, x.other.name), " ", h("span", { class: "muted" }, x.type + (x.props.source ? ` (${x.props.source})` : ""))))) : h("p", { class: "muted" }, "none");
  const evidenceRows = facts.filter((x) => x.evidence).map((x) => h("tr", {},
    h("td", {}, x.type), h("td", {}, h("a", { href: entityHref(x.other.id) }, x.other.name)),
    h("td", { class: "evidence" }, x.evidence, " ", h("a", { href: articleHref(x.article) }, "article →"))));
  show(
    h("h1", {}, badge(e.label), e.name),
    h("p", { class: "chips" }, aliases.length ? ["aliases: ", ...aliases.map((a) => h("span", {}, a))] : null,
      shared.length ? [" shared with others: ", ...shared.map((a) => h("span", {}, a))] : null,
      e.props.period ? ` period ${e.props.period}` : null),
    h("h2", {}, "Names used, and where"), h("p", { class: "chips" }, names),
    h("h2", {}, `Neighbourhood (${facts.length} shown${e.more_edges ? `, ${e.more_edges} more not drawn` : ""})`),
    h("p", { class: "legend" }, TYPES.map((t) => h("span", {}, badge(t)))), graphBox,
    e.positions.length ? [h("h2", {}, "Positions, in time order" + (e.more_positions ? ` (first ${e.positions.length}; ${e.more_positions} more)` : "")), h("table", {},
      h("tr", {}, h("th", {}, "date"), h("th", {}, e.label === "Person" ? "body" : "person"), h("th", {}, "title"), h("th", {}, "change"), h("th", {}, "evidence")),
      e.positions.map((p) => h("tr", {},
        h("td", {}, p.props.date || "", p.props.date_from === "published" ? h("span", { class: "muted" }, " (article date)") : ""),
        h("td", {}, h("a", { href: entityHref(p.other.id) }, p.other.name)), h("td", {}, p.props.title || ""), h("td", {}, p.props.change || ""),
        h("td", { class: "evidence" }, short(p.evidence, 90), " ", h("a", { href: articleHref(p.article) }, "article →")))))] : null,
    e.figures.length ? [h("h2", {}, "Figures, by period and metric" + (e.more_figures ? ` (first ${e.figures.length}; ${e.more_figures} more)` : "")), h("table", {},
      h("tr", {}, h("th", {}, "year"), h("th", {}, "period"), h("th", {}, "metric"), h("th", {}, "figure"), h("th", {}, "kind"), h("th", {}, "evidence")),
      e.figures.map((f) => h("tr", {}, h("td", {}, f.year ?? ""), h("td", {}, f.period || ""), h("td", {}, f.metric || ""), h("td", {}, f.text), h("td", {}, f.kind || ""),
        h("td", { class: "evidence" }, short(f.evidence, 90), " ", h("a", { href: articleHref(f.article) }, "article →")))))] : null,
    h("div", { class: "two" }, h("div", {}, h("h2", {}, "Plans"), linkList(linked("Plan"))), h("div", {}, h("h2", {}, "Places"), linkList(linked("Place")))),
    h("h2", {}, "Evidence"), evidenceRows.length ? h("table", {}, evidenceRows) : h("p", { class: "muted" }, "no fact states it; see the articles"),
    h("h2", {}, `Articles (${e.articles.length + e.more_articles}${e.more_articles ? `, the newest ${e.articles.length} listed` : ""})`),
    h("ul", {}, e.articles.map((a) => h("li", {}, h("a", { href: articleHref(a.id) }, a.title || a.sources[0] || a.id), " ",
      h("span", { class: "muted" }, [a.published, a.sources.join(", "), `${a.count}×`].filter(Boolean).join(" · "))))),
  );
  drawGraph(graphBox, nodes, edges, (nid) => { if (nid !== e.id) go(entityHref(nid)); });
}

// ---- article

function highlighted(text, spans) {
  const cps = Array.from(text); // offsets count code points, as Go's runes
  const out = [];
  let at = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  for (const s of sorted) {
    if (s.start < at || s.end > cps.length || s.end <= s.start) continue; // overlapping: the first wins
    out.push(cps.slice(at, s.start).join(""));
    const label = s.entity.label;
    const attrs = { class: label, title: `${label}: ${s.entity.name}` };
    if (label !== "Figure") { attrs.onclick = () => go(entityHref(s.entity.id)); attrs["data-entity"] = s.entity.id; }
    out.push(h("mark", attrs, cps.slice(s.start, s.end).join("")));
    at = s.end;
  }
  out.push(cps.slice(at).join(""));
  return out;
}

async function articleView(id) {
  const a = await api("/api/article/" + id);
  const p = a.props;
  const repairs = (p.repairs || []).map((r) => { try { return JSON.parse(r); } catch { return { note: r }; } });
  const text = h("div", { class: "text" }, highlighted(p.text || "", [...a.mentions, ...a.figures]));
  const original = p.original && p.original !== p.text
    ? h("div", { class: "two" }, h("div", {}, h("h2", {}, "Simplified (as the graph reads it)"), text),
        h("div", {}, h("h2", {}, `Original (${p.script})`), h("div", { class: "text" }, p.original)))
    : h("div", {}, h("h2", {}, "Text"), text);
  show(
    h("h1", {}, badge("Article"), p.title || (p.sources || [])[0] || id),
    h("p", { class: "muted" }, [p.published, (p.sources || []).join(", "), p.script, p.encoding].filter(Boolean).join(" · ")),
    h("p", { class: "legend" }, TYPES.map((t) => h("span", {}, badge(t))), h("span", {}, badge("Figure"))),
    original,
    h("h2", {}, `Repairs the cleaner made (${repairs.length})`),
    repairs.length ? h("table", {}, h("tr", {}, h("th", {}, "kind"), h("th", {}, "line"), h("th", {}, "what")),
      repairs.map((r) => h("tr", {}, h("td", {}, r.kind || ""), h("td", {}, r.line ?? ""),
        h("td", {}, r.note || "", r.removed ? ` removed “${short(r.removed, 60)}”` : "", r.inserted ? ` → “${short(r.inserted, 60)}”` : ""))))
      : h("p", { class: "muted" }, "none"),
  );
}

// ---- query

function cellText(v) {
  if (v == null) return "";
  if (Array.isArray(v)) return "[" + v.map(cellText).join(", ") + "]";
  if (typeof v === "object") {
    if (v.labels) return `(:${v.labels.join(":")} ${v.properties.name ?? v.properties.title ?? v.properties.id ?? ""})`;
    if (v.type) return `[:${v.type}]`;
    return JSON.stringify(v);
  }
  return String(v);
}

async function queryView(params) {
  const lib = await api("/api/queries");
  const box = h("textarea", { spellcheck: "false" }, params.get("cypher") || "MATCH (p:Person)-[h:HOLDS_POSITION]->(o:Organization)\nRETURN p.name AS person, h.title AS title, o.name AS body\nLIMIT 25");
  const paramBox = h("div", { class: "params" });
  const out = h("div", {});
  const setParams = (ps) => {
    paramBox.replaceChildren(...ps.map((p) => h("div", {}, h("label", {}, "$" + p.name), " ", h("input", { type: "text", "data-param": p.name, value: p.example || "" }))));
  };
  const run = async () => {
    const ps = {};
    paramBox.querySelectorAll("input[data-param]").forEach((i) => { ps[i.dataset.param] = /^-?\d+(\.\d+)?$/.test(i.value) ? Number(i.value) : i.value; });
    out.replaceChildren(h("p", { class: "muted" }, "running…"));
    try {
      const r = await api("/api/query", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cypher: box.value, params: ps }) });
      const table = h("table", {}, h("tr", {}, r.columns.map((c) => h("th", {}, c))),
        r.rows.map((row) => h("tr", {}, row.map((v) => h("td", {}, cellText(v))))));
      const parts = [h("p", { class: "muted" }, `${r.rows.length} rows${r.truncated ? " (truncated)" : ""}`), table];
      if (r.graph) {
        const g = h("div", { id: "qgraph" });
        parts.unshift(g);
        out.replaceChildren(...parts);
        drawGraph(g, r.graph.nodes.map((n) => ({ id: n.id, label: n.label.split(":")[0], name: n.name })), r.graph.rels, null);
        return;
      }
      out.replaceChildren(...parts);
    } catch (err) {
      out.replaceChildren(h("p", { class: "error" }, err.message));
    }
  };
  show(
    h("h1", {}, "Query (read-only Cypher)"),
    h("p", { class: "library" }, "Library: ", lib.map((q) => h("button", { title: q.doc, onclick: () => { box.value = q.cypher; setParams(q.params); } }, q.name))),
    box, paramBox, h("p", {}, h("button", { class: "primary", onclick: run }, "Run")), out,
  );
  setParams([]);
}

// ---- status

async function statusView() {
  const s = await api("/api/status");
  const counts = (m) => h("table", {}, Object.entries(m).sort().map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, String(v)))));
  const r = s.last_round;
  show(
    h("h1", {}, "Status"),
    h("p", {}, `Store: ${s.driver} · serving since ${s.started}`, s.last_ingest ? ` · last article written ${s.last_ingest}` : ""),
    h("p", {}, s.watching ? `Watching ${s.watching}: ${s.state}, ${s.rounds} round${s.rounds === 1 ? "" : "s"}` : "Not watching a folder (start with --watch DIR)."),
    r ? h("p", { class: "muted" }, `Last round ${r.at} (${r.took}): read ${r.read}, ingested ${r.ingested}, replaced ${r.replaced}, removed ${r.removed}, renamed ${r.renamed}, failed ${r.failed}`, r.error ? ` — error: ${r.error}` : "") : null,
    h("div", { class: "two" }, h("div", {}, h("h2", {}, "Nodes"), counts(s.nodes)), h("div", {}, h("h2", {}, "Relationships"), counts(s.relationships))),
    h("h2", {}, `Failures (${s.failures.length})`),
    s.failures.length ? h("table", {}, s.failures.map((f) => h("tr", {}, h("td", {}, f.File), h("td", {}, f.Reason)))) : h("p", { class: "muted" }, "none"),
  );
}

// ---- routing

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

let statusTimer = null;

async function route() {
  clearInterval(statusTimer);
  const hash = location.hash.slice(1) || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const page = path.split("/")[1] || "search";
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
  try {
    if (path.startsWith("/entity/")) await entityView(decodeURIComponent(path.slice("/entity/".length)));
    else if (path.startsWith("/article/")) await articleView(path.slice("/article/".length));
    else if (path === "/query") await queryView(params);
    else if (path === "/status") { await statusView(); statusTimer = setInterval(() => statusView().catch(failed), 5000); }
    else await searchView(params);
    document.title = "kg · " + (document.querySelector("h1")?.textContent || "");
  } catch (err) {
    failed(err);
  }
}

document.getElementById("topsearch").addEventListener("submit", (e) => {
  e.preventDefault();
  go("#/search?q=" + encodeURIComponent(document.getElementById("topq").value.trim()));
});
window.addEventListener("hashchange", route);
route();

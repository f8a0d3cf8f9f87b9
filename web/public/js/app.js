// The analyst workspace: search, an entity's details, a graph canvas expanded by relationship type
// with counts first, supply chains and the interdiction plan drawn on it, the view exported. Every
// value shown comes from an answer of /graphql or /export to the analyst's own credential.
import { ApiError, credential, exportChart, graphql, setCredential } from "./api.js";
import { drawStrip } from "./brush.js";
import { Canvas, edgeId, FORCE_LAYOUT_NODES } from "./canvas.js";
import { el, replace, table } from "./dom.js";
import { MODEL } from "./model.js";
import { elementsOf, parameterForm } from "./investigations.js";
import { WorldMap } from "./map.js";
import {
  ADDRESS_REPORT, ENTITY_NODES, entityQuery, INTERDICTION_PLAN, INVESTIGATIONS, NEIGHBORS, PATHS, PLACES, RUN_INVESTIGATION, SEARCH, SUPPLY_CHAINS,
} from "./queries.js";
import { sharedView, shareUrl } from "./share.js";

const PAGE = 20;
const MAX_HOPS = 10;
const PATH_HOPS = 4; // paths and sanctions exposure: the API's default reach
const $ = (id) => document.getElementById(id);
let canvas;
let worldMap; // the map of the places in view
let selectedId = null;
let pathStart = null; // the entity paths start from ("Path start" in its panel)
let pendingView = null; // a shared view not yet restored (its reader has not given a credential yet)

function status(text) {
  $("status").textContent = text;
}

function fail(error) {
  const box = $("error");
  box.hidden = false;
  box.textContent = error instanceof ApiError ? error.toString() : `ERROR: ${error.message || error}`;
  if (error instanceof ApiError && error.code === "UNAUTHENTICATED") $("credential").focus();
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

// Run `work`, showing its errors as the API coded them.
async function guarded(label, work) {
  clearError();
  status(`${label}…`);
  try {
    const result = await work();
    status("");
    return result;
  } catch (error) {
    status("");
    fail(error);
    return undefined;
  }
}

function entityButton(node, onOpen) {
  return el("button", { type: "button", class: "link-button", dataset: { entityId: node.id }, onclick: () => onOpen(node) },
    node.displayName || node.id, " ", el("span", { class: "type" }, node.__typename));
}

// ---- search -------------------------------------------------------------------------------------

async function search(event) {
  event.preventDefault();
  const text = $("search-text").value.trim();
  if (!text) return;
  const types = [...$("search-types").selectedOptions].map((o) => o.value);
  const data = await guarded("Searching", () => graphql(SEARCH, { text, types: types.length ? types : null, first: PAGE }));
  if (!data) return;
  const hits = data.search.edges.map((e) => e.node);
  $("search-count").textContent = `${data.search.totalCount.toLocaleString("en")} found${data.search.totalCount > hits.length ? `, ${hits.length} shown` : ""}`;
  replace($("results"), hits.map((node) => el("li", {}, entityButton(node, openEntity))));
  const first = $("results").querySelector("button");
  if (first) first.focus();
}

// Up/Down move between results, Escape goes back to the search box.
function resultKeys(event) {
  const buttons = [...$("results").querySelectorAll("button")];
  const at = buttons.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && at >= 0) buttons[Math.min(at + 1, buttons.length - 1)].focus();
  else if (event.key === "ArrowUp" && at > 0) buttons[at - 1].focus();
  else if (event.key === "ArrowUp" && at === 0) $("search-text").focus();
  else if (event.key === "Escape") $("search-text").focus();
  else return;
  event.preventDefault();
}

// ---- entity panel -------------------------------------------------------------------------------

async function openEntity(node) {
  const data = await guarded("Opening", () => graphql(entityQuery(node.__typename), { id: node.id }));
  if (!data) return;
  if (!data.entity) {
    fail(new ApiError("NOT_FOUND", `No entity ${node.id} you may see`, 200));
    return;
  }
  const opened = canvas.cy.getElementById(data.entity.id).empty();
  canvas.addNode(data.entity);
  if (opened) canvas.placeAlone(data.entity.id);
  selectNode(data.entity.id);
  showEntity(data.entity, data.mentions);
}

function selectNode(id) {
  selectedId = id;
  canvas.cy.elements().unselect();
  canvas.cy.getElementById(id).select();
  $("supply-chains").disabled = !id;
  $("interdiction").disabled = !id;
  $("paths").disabled = !(id && pathStart && id !== pathStart);
  summary();
}

function assertions(entity) {
  const records = entity.sourceRecords || [];
  const markings = entity.sourceRecordMarkings || [];
  if (!records.length) return el("p", {}, "No record of it that you may see.");
  return el("table", { "aria-label": "Assertions" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Record"), el("th", { scope: "col" }, "Agency"), el("th", { scope: "col" }, "Caveat"))),
    el("tbody", {}, records.map((record, i) => {
      const [agency, caveat] = (markings[i] || "").split("|");
      return el("tr", {}, el("td", {}, record), el("td", {}, agency || ""), el("td", { class: "caveat" }, caveat || agency || ""));
    })));
}

function showEntity(entity, mentions) {
  const type = MODEL.nodes[entity.__typename] || { fields: [] };
  const own = type.fields.map((field) => [field, entity[field]]);
  const counts = entity.neighbors.countsByType;
  const expandRows = [];
  for (const count of counts) {
    for (const [direction, n, arrow] of [["OUTGOING", count.outgoing, "→"], ["INCOMING", count.incoming, "←"]]) {
      if (!n) continue;
      const state = canvas.expansion(entity.id, count.type, direction);
      const more = state ? Math.max(0, n - state.shown) : n;
      const label = `${count.type} ${arrow} ${n.toLocaleString("en")}`;
      expandRows.push(el("div", { class: "expand-row" },
        el("span", {}, label, state ? el("span", { class: "more" }, ` (${state.shown.toLocaleString("en")} shown, ${more.toLocaleString("en")} more)`) : null),
        more > 0 ? el("button", { type: "button",
          "aria-label": `${state ? `Show ${Math.min(PAGE, more)} more` : "Expand"} ${count.type} ${direction.toLowerCase()} of ${entity.displayName || entity.id}`,
          onclick: () => expand(entity, count.type, direction) }, state ? `Show ${Math.min(PAGE, more)} more` : "Expand") : null));
    }
  }
  const pinned = canvas.cy.getElementById(entity.id).hasClass("pinned");
  replace($("detail"),
    el("h3", { id: "entity-title", dataset: { entityId: entity.id } }, entity.displayName || entity.id),
    el("p", { class: "type" }, `${entity.__typename} · ${entity.id}`),
    el("div", { role: "group", "aria-label": "Node actions", class: "expand-row" },
      el("button", { type: "button", onclick: () => collapse(entity) }, "Collapse"),
      el("button", { type: "button", "aria-pressed": String(pinned), onclick: () => { canvas.togglePin(entity.id); showEntity(entity, mentions); } }, pinned ? "Unpin" : "Pin"),
      el("button", { type: "button", onclick: () => hide(entity.id) }, "Hide"),
      el("button", { type: "button", "aria-pressed": String(pathStart === entity.id), onclick: () => { pathStart = pathStart === entity.id ? null : entity.id; showEntity(entity, mentions); selectNode(entity.id); } }, "Path start"),
      entity.__typename === "CryptoAddress" ? el("button", { type: "button", onclick: () => addressReport(entity) }, "Address report") : null),
    el("h3", {}, "Neighbours by relationship type"),
    expandRows.length ? expandRows : el("p", {}, "No link you may see."),
    el("h3", {}, "Properties"),
    table([["agency", entity.agency], ["caveat", entity.caveat], ["dataset", entity.sourceDataset], ["record", entity.sourceRecordId], ...own]),
    el("h3", {}, "Assertions"),
    assertions(entity),
    entity.deconfliction.length ? [el("h3", {}, "Deconfliction"), el("ul", {}, entity.deconfliction.map((p) => el("li", {}, `${p.agency}: ${[p.desk, p.phone, p.email].filter(Boolean).join("; ")}`)))] : null,
    el("h3", {}, "Mentioned in", mentions && mentions.totalCount > mentions.edges.length ? ` (${mentions.edges.length} of ${mentions.totalCount.toLocaleString("en")})` : ""),
    mentions && mentions.edges.length ? el("ul", {}, mentions.edges.map((e) => el("li", {}, entityButton(e.node, openEntity)))) : el("p", {}, "No source document you may see."));
  canvas.current = { entity, mentions };
}

async function expand(entity, type, direction) {
  const state = canvas.expansion(entity.id, type, direction);
  const data = await guarded("Expanding", () => graphql(NEIGHBORS, {
    id: entity.id, relTypes: [type], direction, first: PAGE, after: state ? state.cursor : null,
  }));
  if (!data || !data.neighbors) return;
  const placed = state ? state.shown : 0;
  const page = canvas.addPage(entity.id, type, direction, data.neighbors);
  if (canvas.cy.nodes().length > FORCE_LAYOUT_NODES) canvas.placeAround(entity.id, page.fresh, placed);
  else canvas.layout("force");
  showEntity(entity, canvas.current && canvas.current.mentions);
  selectNode(entity.id);
}

function collapse(entity) {
  const removed = canvas.collapse(entity.id);
  status(`${removed} removed from the view`);
  showEntity(entity, canvas.current && canvas.current.mentions);
  summary();
}

function hide(id) {
  canvas.hide(id);
  replace($("detail"), el("p", {}, "Hidden from the view."));
  selectNode(null);
}

function showEdge(edge) {
  const rel = edge.data("rel");
  const records = rel.sourceRecords || [];
  const markings = rel.sourceRecordMarkings || [];
  replace($("detail"),
    el("h3", { id: "edge-title" }, `${rel.type}`),
    table([["from", rel.startId], ["to", rel.endId], ["agency", rel.agency], ["caveat", rel.caveat], ["dataset", rel.sourceDataset], ["record", rel.sourceRecordId]]),
    el("h3", {}, "Evidence"),
    records.length ? el("ul", { "aria-label": "Evidence" }, records.map((r, i) => el("li", {}, `${r} (${markings[i] || ""})`))) : el("p", {}, "No record you may see."));
}

function onCanvasSelect(target) {
  if (!target) return;
  if (target.isEdge()) {
    showEdge(target);
    return;
  }
  openEntity({ id: target.id(), __typename: target.data("type") });
}

// ---- the questions ------------------------------------------------------------------------------

async function supplyChains() {
  if (!selectedId) return;
  const data = await guarded("Finding supply chains", () => graphql(SUPPLY_CHAINS, { suppliers: [selectedId], maxHops: MAX_HOPS, first: 10 }));
  if (!data) return;
  canvas.cy.elements().removeClass("chain");
  for (const edge of data.supplyChains.edges) canvas.addPath(edge.node, "chain");
  canvas.layout("chain", canvas.cy.getElementById(selectedId));
  const n = data.supplyChains.totalCount;
  replace($("detail"), el("h3", { id: "chains-title" }, `${n} supply chain${n === 1 ? "" : "s"} from ${selectedId}`),
    el("ol", {}, data.supplyChains.edges.map((e) => el("li", {}, e.node.nodes.map((x) => x.displayName || x.id).join(" → ")))));
  summary();
}

// The plan from the selected supplier; each step can be marked taken (what-if), which re-asks the
// plan with everything marked so far as `taken`: taken elements are drawn struck out, the new plan's
// cuts as cuts.
let planState = null; // {source, taken: Map(label → [ids])}

async function interdictionPlan() {
  if (!selectedId) return;
  planState = { source: selectedId, taken: new Map() };
  await replan();
}

function stepLabel(step) {
  return step.entity ? (step.entity.displayName || step.entity.id) : step.link.ends.map((e) => e.displayName || e.id).join(" – ");
}

function stepIds(step) {
  return step.entity ? [step.entity.id] : step.link.relationships.map(edgeId);
}

async function toggleTaken(label, ids) {
  if (planState.taken.has(label)) planState.taken.delete(label);
  else planState.taken.set(label, ids);
  await replan();
}

async function replan() {
  const { source } = planState;
  const taken = [...planState.taken.values()].flat();
  const data = await guarded("Planning", () => graphql(INTERDICTION_PLAN, { sources: [source], maxHops: MAX_HOPS, taken: taken.length ? taken : null }));
  if (!data) return;
  const plan = data.interdictionPlan;
  canvas.cy.elements().removeClass("cut taken");
  for (const step of plan.steps) {
    for (const path of step.paths) canvas.addPath(path, "chain");
    if (step.entity) canvas.addNode(step.entity).addClass("cut");
    if (step.link) {
      for (const end of step.link.ends) canvas.addNode(end);
      for (const rel of step.link.relationships) {
        const edge = canvas.addRelationship(rel);
        if (edge) edge.addClass("cut");
      }
    }
  }
  for (const id of taken) canvas.cy.getElementById(id).addClass("taken");
  canvas.layout("chain", canvas.cy.getElementById(source));
  const check = (label, ids, checked) => el("input", { type: "checkbox", checked, "aria-label": `Taken: ${label}`, onchange: () => toggleTaken(label, ids) });
  replace($("detail"),
    el("h3", { id: "plan-title", dataset: { taken: String(taken.length) } }, `Interdiction plan: ${plan.complete ? "complete" : "incomplete"}, cost ${plan.cost}`),
    el("p", {}, `${plan.pairsDisconnected} of ${plan.pairsJoined} supplier–cell pairs disconnected; ${plan.pairsLeftCount} left.`),
    taken.length ? el("p", { id: "plan-after-taken" }, `What-if: ${plan.pairsAfterTaken} pairs still joined after the actions taken.`) : null,
    plan.blockedBy.length ? el("p", { id: "plan-blocked" }, `No action cuts: ${plan.blockedBy.map((e) => e.displayName || e.id).join(", ")}`) : null,
    taken.length ? [el("h3", {}, "Taken (what-if)"), el("ul", { id: "plan-taken" }, [...planState.taken].map(([label, ids]) => el("li", {}, el("label", {}, check(label, ids, true), ` ${label}`))))] : null,
    el("ol", { id: "plan-steps" }, plan.steps.map((step) => el("li", { class: "plan-step" },
      el("label", {}, check(stepLabel(step), stepIds(step), false), " ", stepLabel(step),
        `: ${step.actions.map((a) => a.title).join(" or ")} (cost ${step.cost}, ${step.pairsStopped} pairs)`)))));
  summary();
}

async function paths() {
  if (!selectedId || !pathStart) return;
  const [from, to] = [pathStart, selectedId];
  const data = await guarded("Finding paths", () => graphql(PATHS, { from, to, maxHops: PATH_HOPS, first: 10 }));
  if (!data) return;
  canvas.cy.elements().removeClass("path");
  for (const edge of data.paths.edges) canvas.addPath(edge.node, "path");
  canvas.layout("chain", canvas.cy.getElementById(from));
  const n = data.paths.totalCount;
  const name = (id) => canvas.cy.getElementById(id).data("label") || id;
  replace($("detail"), el("h3", { id: "paths-title" }, `${n} path${n === 1 ? "" : "s"} from ${name(from)} to ${name(to)} within ${PATH_HOPS} hops`),
    n > data.paths.edges.length ? el("p", { class: "more" }, `${data.paths.edges.length} shown, shortest first`) : null,
    el("ol", {}, data.paths.edges.map((e) => el("li", {}, e.node.nodes.map((x) => x.displayName || x.id).join(" – ")))));
  summary();
}

// The address report of a crypto address: its records and holders, and its sanctions exposure (the
// nearest designated party or sanctioned address within PATH_HOPS, with the path drawn).
async function addressReport(entity) {
  const data = await guarded("Reporting", () => graphql(ADDRESS_REPORT, { chain: entity.chain, address: entity.address, maxHops: PATH_HOPS }));
  if (!data) return;
  const report = data.address;
  if (!report) {
    fail(new ApiError("NOT_FOUND", `No address ${entity.address} you may see`, 200));
    return;
  }
  canvas.cy.elements().removeClass("exposure sanctioned");
  const exposure = report.sanctionsExposure;
  if (exposure) {
    canvas.addPath(exposure.path, "exposure");
    canvas.addNode(exposure.party).addClass("sanctioned");
    canvas.layout("chain", canvas.cy.getElementById(entity.id));
  }
  const holders = report.holders;
  replace($("detail"),
    el("h3", { id: "address-title", dataset: { entityId: entity.id } }, `Address report: ${report.address}`),
    el("p", { class: "type" }, report.chain),
    el("h3", {}, "Sanctions exposure"),
    exposure
      ? el("p", { id: "exposure" }, `${exposure.hops} hop${exposure.hops === 1 ? "" : "s"} (${exposure.flow}) to `,
        entityButton(exposure.party, openEntity),
        exposure.designations.length ? ` designated: ${exposure.designations.map((d) => `${d.displayName || d.id}${d.programs ? ` (${d.programs.join(", ")})` : ""}`).join("; ")}` : " (a sanctioned address)")
      : el("p", { id: "exposure" }, `No designated party or sanctioned address within ${PATH_HOPS} hops that you may see.`),
    el("h3", {}, `Holders (${holders.totalCount.toLocaleString("en")})`),
    holders.edges.length ? el("ul", { "aria-label": "Holders" }, holders.edges.map((e) => el("li", {}, entityButton(e.node, openEntity)))) : el("p", {}, "No holder you may see."),
    el("h3", {}, "Records"),
    report.records.length ? el("ul", { "aria-label": "Address records" }, report.records.map((r) => el("li", {}, r))) : el("p", {}, "No record you may see."));
  summary();
}

// ---- saved investigations ----------------------------------------------------------------------

async function investigations() {
  const data = await guarded("Listing investigations", () => graphql(INVESTIGATIONS));
  if (!data) return;
  const catalogue = data.investigations.edges.map((e) => e.node);
  replace($("detail"), el("h3", { id: "investigations-title" }, `Saved investigations (${data.investigations.totalCount})`),
    el("ul", { "aria-label": "Saved investigations" }, catalogue.map((investigation) => el("li", {},
      el("button", { type: "button", class: "link-button", dataset: { investigation: investigation.name }, onclick: () => showInvestigation(investigation) }, investigation.name),
      el("div", { class: "more" }, investigation.description)))));
  const first = $("detail").querySelector("button");
  if (first) first.focus();
}

function showInvestigation(investigation) {
  replace($("detail"),
    el("h3", { id: "investigation-title", dataset: { investigation: investigation.name } }, investigation.name),
    el("p", {}, investigation.description),
    parameterForm(investigation, (params) => runInvestigation(investigation, params)),
    el("div", { id: "investigation-result", "aria-live": "polite" }));
  const first = $("investigation-form").querySelector("input, button");
  if (first) first.focus();
}

// Run with the form's values: the entities and links in its rows drawn when there are any, else the
// rows tabled.
async function runInvestigation(investigation, params) {
  const data = await guarded("Running", () => graphql(RUN_INVESTIGATION, { name: investigation.name, params, first: PAGE * 5 }));
  if (!data) return;
  const result = data.runInvestigation;
  const rows = result.edges.map((e) => e.node);
  const found = elementsOf(rows);
  const count = el("p", { id: "investigation-count" }, `${result.totalCount.toLocaleString("en")} row${result.totalCount === 1 ? "" : "s"}${result.totalCount > rows.length ? `, ${rows.length} shown` : ""}`);
  if (found.nodes.length) {
    canvas.cy.elements().removeClass("investigation");
    for (const node of found.nodes) canvas.addNode(node).addClass("investigation");
    for (const link of found.links) {
      const edge = canvas.addRelationship(link);
      if (edge) edge.addClass("investigation");
    }
    canvas.layout("force");
    replace($("investigation-result"), count, el("p", { id: "investigation-drawn" }, `${found.nodes.length} entities and ${found.links.length} links drawn`));
  } else {
    replace($("investigation-result"), count, resultTable(result.columns, rows));
  }
  summary();
}

function resultTable(columns, rows) {
  const cell = (value) => (value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
  return el("table", { "aria-label": "Investigation result" },
    el("thead", {}, el("tr", {}, columns.map((column) => el("th", { scope: "col" }, column)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map((column) => el("td", {}, cell(row[column])))))));
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The nodes in view, as a link chart in the chosen format from /export (the links among them as this
// viewer sees them).
async function exportView() {
  const ids = canvas.nodeIds();
  if (!ids.length) {
    fail(new ApiError("BAD_USER_INPUT", "Nothing in view to export", 0));
    return;
  }
  const format = $("export-format").value;
  const blob = await guarded("Exporting", () => exportChart(format, ids, 0));
  if (!blob) return;
  download(blob, `chokepoint-view-${MODEL.exports[format]}`);
  status(`Exported ${ids.length} nodes to ${format}`);
}

async function exportPng() {
  if (canvas.cy.nodes().empty()) {
    fail(new ApiError("BAD_USER_INPUT", "Nothing in view to draw", 0));
    return;
  }
  const blob = await guarded("Drawing", () => canvas.png());
  if (!blob) return;
  download(blob, "chokepoint-view.png");
  status(`Exported the canvas to PNG`);
}

function exportSvg() {
  if (canvas.cy.nodes(":visible").empty()) {
    fail(new ApiError("BAD_USER_INPUT", "Nothing in view to draw", 0));
    return;
  }
  clearError();
  download(new Blob([canvas.svg()], { type: "image/svg+xml" }), "chokepoint-view.svg");
  status(`Exported the canvas to SVG`);
}

function share() {
  const url = shareUrl(canvas.snapshot(selectedId));
  $("share-row").hidden = false;
  $("share-url").value = url;
  $("share-url").focus();
  $("share-url").select();
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {}); // may be refused; the box holds it
  status("Link to this view below (no credential in it)");
}

// Redraw a shared view from this viewer's own answers: its ids re-asked, a hundred a request (those
// it may not see are not found and stay out), the links among the visible ones from /export's
// Cytoscape JSON, then the link's positions, pins, zoom and pan, and its selection opened if
// visible. Returns false on an error (e.g. no credential yet), so the view stays pending.
async function restoreView(snapshot) {
  const ids = snapshot.nodes.map(([id]) => id);
  const found = await guarded("Restoring the shared view", async () => {
    const nodes = [];
    for (let at = 0; at < ids.length; at += MODEL.entityIds) {
      const answer = await graphql(ENTITY_NODES, { ids: ids.slice(at, at + MODEL.entityIds) });
      nodes.push(...answer.entities.filter(Boolean));
    }
    const chart = nodes.length ? JSON.parse(await (await exportChart("cytoscape", nodes.map((n) => n.id), 0)).text()) : null;
    return { nodes, edges: chart ? chart.elements.edges : [] };
  });
  if (!found) return false;
  canvas.clear();
  for (const node of found.nodes) canvas.addNode(node);
  for (const edge of found.edges) {
    const { source, target, label, ...rest } = edge.data;
    canvas.addRelationship({ ...rest, type: label, startId: source, endId: target });
  }
  canvas.place(snapshot);
  const missing = ids.length - found.nodes.length;
  $("view-summary").dataset.restored = "true";
  if (snapshot.selected && canvas.cy.getElementById(snapshot.selected).nonempty()) {
    await openEntity({ id: snapshot.selected, __typename: canvas.cy.getElementById(snapshot.selected).data("type") });
  } else {
    selectNode(null);
  }
  status(`Shared view restored: ${found.nodes.length} of the link's ${ids.length} entities${missing ? ` (${missing} not found for you)` : ""}`);
  return true;
}

async function restorePending() {
  if (pendingView && (await restoreView(pendingView))) pendingView = null;
}

function summary() {
  $("view-summary").textContent = `${canvas.cy.nodes().length} nodes, ${canvas.cy.edges().length} links in view`;
  timeline();
}

// The dated elements in view (transfers, shipments, seizures, designations …), oldest first, listed
// and drawn per day on the strip; the From/To range (typed, or brushed on the strip) takes those
// outside it off the canvas.
function timeline() {
  const from = $("time-from").value;
  const to = $("time-to").value;
  const dated = canvas.timeline(from, to);
  drawStrip($("timeline-strip"), dated.map((node) => node.data("date").slice(0, 10)), from, to, (start, end) => {
    $("time-from").value = start;
    $("time-to").value = end;
    timeline();
  });
  replace($("timeline-list"), dated.map((node) => el("li", { class: node.hasClass("out-of-time") ? "out" : null, dataset: { entityId: node.id() } },
    el("time", { datetime: node.data("date") }, node.data("date").slice(0, 10)), " ", node.data("label"), " ", el("span", { class: "type" }, node.data("type")))));
  worldMap.draw(() => canvas.cy.nodes().toArray()).catch(fail);
}

// ---- start --------------------------------------------------------------------------------------

function start() {
  canvas = new Canvas($("graph"), (target) => (target ? onCanvasSelect(target) : null));
  worldMap = new WorldMap($("map"), $("map-summary"), async (ids) => (await graphql(PLACES, { ids })).entities, openEntity);
  // What the canvas draws, for the browser tests (ids, captions, marks, where on the canvas).
  window.chokepointView = () => ({
    nodes: canvas.cy.nodes().map((n) => ({ id: n.id(), label: n.data("label"), classes: n.classes(), at: n.renderedPosition(), position: n.position() })),
    edges: canvas.cy.edges().map((e) => ({ id: e.id(), classes: e.classes(), at: e.renderedMidpoint() })),
    selected: selectedId,
  });
  replace($("search-types"), Object.keys(MODEL.nodes).map((name) => el("option", { value: name }, name)));
  $("credential").value = credential() ? "••••••••" : "";
  $("credential-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("credential").value;
    if (value && !/^•+$/.test(value)) setCredential(value);
    worldMap.forget(); // where a seizure is, as another reader was shown it
    timeline(); // and the map drawn again as this reader
    $("credential").value = credential() ? "••••••••" : "";
    status(credential() ? "Credential kept for this tab" : "No credential: development mode only");
    restorePending();
  });
  $("forget").addEventListener("click", () => { setCredential(""); worldMap.forget(); timeline(); $("credential").value = ""; status("Credential forgotten"); });
  $("search-form").addEventListener("submit", search);
  $("results").addEventListener("keydown", resultKeys);
  $("supply-chains").addEventListener("click", supplyChains);
  $("interdiction").addEventListener("click", interdictionPlan);
  $("paths").addEventListener("click", paths);
  $("investigations").addEventListener("click", investigations);
  replace($("export-format"), Object.keys(MODEL.exports).map((name) => el("option", { value: name, selected: name === "gexf" }, name)));
  $("export-view").addEventListener("click", exportView);
  $("export-png").addEventListener("click", exportPng);
  $("export-svg").addEventListener("click", exportSvg);
  $("share").addEventListener("click", share);
  $("layout-chain").addEventListener("click", () => canvas.layout("chain", selectedId ? canvas.cy.getElementById(selectedId) : null));
  $("layout-force").addEventListener("click", () => canvas.layout("force"));
  $("fit").addEventListener("click", () => canvas.fit());
  $("timeline-form").addEventListener("input", timeline);
  $("timeline-form").addEventListener("reset", () => setTimeout(timeline));
  $("timeline-form").addEventListener("submit", (event) => event.preventDefault());
  $("clear").addEventListener("click", () => { canvas.clear(); worldMap.forget(); selectNode(null); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement.tagName !== "INPUT") {
      event.preventDefault();
      $("search-text").focus();
    }
  });
  summary();
  document.body.dataset.ready = "true";
  performance.mark("workspace-interactive");
  try {
    pendingView = sharedView();
  } catch (error) {
    fail(error);
  }
  restorePending();
}

start();

// The graph canvas (cytoscape.js): what is in view, how it came there (which expansion of which node,
// with its cursor for the next page), and how it is drawn (the schema's style per type, a border per
// caveat, marks for pinned nodes, chains and cut elements). It holds only what answers returned.
import cytoscape from "/vendor/cytoscape.esm.min.mjs";
import { MODEL } from "./model.js";
import { ownCoordinates } from "./map.js";
import { viewSvg } from "./svg.js";

// Labels smaller than this on screen are not drawn (unreadable, and drawing thousands of them is
// most of a big view's frame time while it is panned or zoomed).
const MIN_READABLE_PX = 6;
const CAVEAT_BORDERS = { PUBLIC: "#9aa3ad", SBU: "#6b8e23", FOUO: "#d4a017", LES: "#e07b00", ORCON: "#c0102a" };

function styles() {
  const rules = [
    {
      selector: "node",
      style: {
        label: "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": 120,
        "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        "border-width": 2, "border-color": "#9aa3ad", "min-zoomed-font-size": MIN_READABLE_PX,
      },
    },
    { selector: "edge", style: {
      width: 1.5, "line-color": "#9aa3ad", "target-arrow-color": "#9aa3ad", "target-arrow-shape": "triangle",
      "curve-style": "bezier", label: "data(type)", "font-size": 7, color: "#5f6b7a", "text-rotation": "autorotate",
      "min-zoomed-font-size": MIN_READABLE_PX,
    } },
  ];
  for (const [caveat, colour] of Object.entries(CAVEAT_BORDERS)) {
    rules.push({ selector: `node[caveat = "${caveat}"]`, style: { "border-color": colour } });
    rules.push({ selector: `edge[caveat = "${caveat}"]`, style: { "line-color": colour, "target-arrow-color": colour } });
  }
  rules.push(
    { selector: 'node[caveat = "ORCON"]', style: { "border-style": "dashed", "border-width": 4 } },
    { selector: "node:selected", style: { "border-color": "#3b6fd8", "border-width": 5 } },
    { selector: "edge:selected", style: { "line-color": "#3b6fd8", "target-arrow-color": "#3b6fd8", width: 3 } },
    { selector: "node.pinned", style: { "border-style": "double", "border-width": 6 } },
    { selector: "edge.chain", style: { "line-color": "#2b59c3", "target-arrow-color": "#2b59c3", width: 3 } },
    { selector: "node.cut", style: { shape: "octagon", "border-color": "#c0102a", "border-width": 6 } },
    { selector: "edge.path", style: { "line-color": "#e07b00", "target-arrow-color": "#e07b00", width: 3 } },
    { selector: "edge.exposure", style: { "line-color": "#7b2cbf", "target-arrow-color": "#7b2cbf", "line-style": "dotted", width: 4 } },
    { selector: "node.sanctioned", style: { shape: "diamond", "border-color": "#7b2cbf", "border-width": 6 } },
    { selector: "edge.investigation", style: { "line-color": "#2a9d8f", "target-arrow-color": "#2a9d8f", width: 3 } },
    { selector: "node.taken", style: { opacity: 0.35 } },
    { selector: "edge.taken", style: { opacity: 0.35, "line-style": "dotted" } },
    { selector: ".out-of-time", style: { display: "none" } },
    { selector: "edge.moving", style: { visibility: "hidden" } },
    { selector: "edge.cut", style: { "line-color": "#c0102a", "target-arrow-color": "#c0102a", "line-style": "dashed", width: 4 } },
  );
  return rules;
}

const HIDE_EDGES_FROM = 1000; // links in view from which they are hidden while the view moves
const SETTLE_MS = 150; // still this long after a pan or zoom, the view draws its links again
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5)); // successive spiral points never line up
// Up to this many nodes in view, a page of neighbours lays the whole view out again (force-directed);
// beyond, only the new nodes are placed, around the node expanded.
export const FORCE_LAYOUT_NODES = 200;

export function edgeId(rel) {
  return `(${rel.startId})-[${rel.type}]->(${rel.endId})`;
}

export class Canvas {
  constructor(container, onSelect) {
    this.cy = cytoscape({ container, style: styles(), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4 });
    this.expansions = new Map(); // "id|TYPE|DIRECTION" → {cursor, hasNext, total, shown, added:Set}
    this.settling = null; // while set, the view is being panned or zoomed (see hideEdgesWhileMoving)
    this.cy.on("viewport", () => this.hideEdgesWhileMoving());
    this.cy.on("tap", "node, edge", (event) => onSelect(event.target));
    this.cy.on("tap", (event) => { if (event.target === this.cy) onSelect(null); });
  }

  // On a view of many links, the links are not drawn while it is panned or zoomed, and come back once
  // it has been still for a moment: drawing thousands of lines is most of each frame (cytoscape's
  // hideEdgesOnViewport, applied only to big views: a small one keeps its links in sight).
  hideEdgesWhileMoving() {
    if (this.cy.edges().length < HIDE_EDGES_FROM) return;
    if (this.settling === null) this.cy.batch(() => this.cy.edges().addClass("moving"));
    clearTimeout(this.settling);
    this.settling = setTimeout(() => {
      this.settling = null;
      this.cy.batch(() => this.cy.edges().removeClass("moving"));
    }, SETTLE_MS);
  }

  addNode(node) {
    const existing = this.cy.getElementById(node.id);
    if (existing.nonempty()) return existing;
    const type = MODEL.nodes[node.__typename] || { colour: "#888888", size: 10 };
    return this.cy.add({
      group: "nodes",
      data: {
        id: node.id, label: node.displayName || node.id, type: node.__typename,
        caveat: node.caveat || "", agency: node.agency || "", colour: type.colour, size: 14 + type.size,
        date: (type.dated && node[type.dated]) || "",
        ...ownCoordinates(node.__typename, node),
      },
    });
  }

  addRelationship(rel) {
    const id = edgeId(rel);
    const existing = this.cy.getElementById(id);
    if (existing.nonempty()) return existing;
    if (this.cy.getElementById(rel.startId).empty() || this.cy.getElementById(rel.endId).empty()) return null;
    return this.cy.add({ group: "edges", data: { id, source: rel.startId, target: rel.endId, type: rel.type, caveat: rel.caveat || "", rel } });
  }

  // A page of neighbours of `id` by one type and direction: returns the expansion's state.
  addPage(id, type, direction, connection) {
    const key = `${id}|${type}|${direction}`;
    const state = this.expansions.get(key) || { shown: 0, added: new Set() };
    state.fresh = []; // the nodes this page brought into the view
    for (const edge of connection.edges) {
      if (this.cy.getElementById(edge.node.id).empty()) {
        state.added.add(edge.node.id);
        state.fresh.push(edge.node.id);
      }
      this.addNode(edge.node);
      this.addRelationship(edge.relationship);
      state.shown += 1;
    }
    state.total = connection.totalCount;
    state.cursor = connection.pageInfo.endCursor;
    state.hasNext = connection.pageInfo.hasNextPage;
    this.expansions.set(key, state);
    return state;
  }

  expansion(id, type, direction) {
    return this.expansions.get(`${id}|${type}|${direction}`);
  }

  // Undo the expansions of `id`: the neighbours they brought in that nothing else holds (not pinned,
  // linked to nothing else in view) leave the view.
  collapse(id) {
    let removed = 0;
    for (const [key, state] of [...this.expansions]) {
      if (!key.startsWith(`${id}|`)) continue;
      for (const other of state.added) {
        const node = this.cy.getElementById(other);
        if (node.empty() || node.hasClass("pinned")) continue;
        if (node.neighborhood("node").every((n) => n.id() === id)) {
          node.remove();
          removed += 1;
        }
      }
      this.expansions.delete(key);
    }
    return removed;
  }

  togglePin(id) {
    const node = this.cy.getElementById(id);
    if (node.hasClass("pinned")) {
      node.removeClass("pinned");
      node.unlock();
    } else {
      node.addClass("pinned");
      node.lock();
    }
    return node.hasClass("pinned");
  }

  hide(id) {
    this.cy.getElementById(id).remove();
    for (const key of [...this.expansions.keys()]) if (key.startsWith(`${id}|`)) this.expansions.delete(key);
  }

  // A node opened on its own (from a search result or a map marker), not brought by an expansion:
  // to the right of what is in view, level with its middle, so opened nodes do not pile up on one
  // spot; the view follows it when it lands outside.
  placeAlone(id) {
    const node = this.cy.getElementById(id);
    const others = this.cy.nodes().not(node);
    if (others.empty()) {
      this.cy.center(node);
      return;
    }
    const box = others.boundingBox({ includeLabels: false });
    node.position({ x: box.x2 + 80, y: (box.y1 + box.y2) / 2 });
    const seen = this.cy.extent();
    const at = node.position();
    if (at.x < seen.x1 || at.x > seen.x2 || at.y < seen.y1 || at.y > seen.y2) this.cy.center(node);
  }

  // A path (supplyChains, a plan step's sample path): its nodes and hops, marked with `mark`.
  addPath(path, mark) {
    for (const node of path.nodes) this.addNode(node).addClass(mark);
    for (const hop of path.relationships) {
      const edge = this.addRelationship(hop.relationship);
      if (edge) edge.addClass(mark);
    }
  }

  // The dated nodes in view, oldest first; those outside [from, to] (ISO dates, either may be empty)
  // leave the drawing (their links with them) until the range takes them in again.
  timeline(from, to) {
    const dated = this.cy.nodes().filter((n) => n.data("date")).sort((a, b) => (a.data("date") < b.data("date") ? -1 : 1));
    for (const node of dated.toArray()) {
      const day = node.data("date").slice(0, 10);
      node.toggleClass("out-of-time", Boolean((from && day < from) || (to && day > to)));
    }
    return dated.toArray();
  }

  nodeIds() {
    return this.cy.nodes().map((n) => n.id());
  }

  clear() {
    this.cy.elements().remove();
    this.expansions.clear();
  }

  // "chain": left to right by hops from `root` (a supplier's chains read supplier → … → cell), each
  // column stacked in order; "force": cytoscape's force-directed cose. Pinned nodes stay where they are.
  layout(kind, root) {
    this.cy.resize(); // the panel may have changed size since the last drawing
    const free = this.cy.nodes().filter((n) => !n.hasClass("pinned"));
    if (free.empty()) return;
    if (kind === "chain") {
      const columns = this.columns(root);
      const rows = new Map();
      const positions = {};
      const beyond = Math.max(0, ...columns.values()) + 1; // nodes not linked to the root
      for (const node of this.cy.nodes().toArray()) {
        const column = columns.get(node.id()) ?? beyond;
        const row = rows.get(column) || 0;
        rows.set(column, row + 1);
        positions[node.id()] = { x: column * 170, y: row * 90 };
      }
      free.layout({ name: "preset", positions, fit: true, padding: 30, animate: false }).run();
      return;
    }
    free.layout({ name: "cose", animate: false, randomize: false, fit: true, padding: 30,
      nodeRepulsion: () => 8000, idealEdgeLength: () => 80 }).run();
  }

  // Place `ids` (just added) around `anchorId` on a sunflower spiral, continuing from the `placed`
  // neighbours an earlier page put there, and move nothing else: on a big view one page of neighbours
  // does not lay out everything again (cose over thousands of nodes takes seconds).
  placeAround(anchorId, ids, placed) {
    const anchor = this.cy.getElementById(anchorId);
    const centre = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
    let index = placed;
    for (const id of ids) {
      const node = this.cy.getElementById(id);
      if (node.empty() || node.hasClass("pinned")) continue;
      const radius = 70 + 28 * Math.sqrt(index);
      const angle = index * GOLDEN_ANGLE;
      node.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      index += 1;
    }
  }

  // Hops from `root` over the links in view, either way (breadth first); unreached nodes have none.
  columns(root) {
    const depth = new Map();
    if (!root || root.empty()) return depth;
    depth.set(root.id(), 0);
    let frontier = [root];
    while (frontier.length) {
      const next = [];
      for (const node of frontier) {
        for (const other of node.neighborhood("node").toArray()) {
          if (depth.has(other.id())) continue;
          depth.set(other.id(), depth.get(node.id()) + 1);
          next.push(other);
        }
      }
      frontier = next;
    }
    return depth;
  }

  fit() {
    this.cy.fit(undefined, 30);
  }

  // The canvas as a PNG (cytoscape's own renderer: the whole graph, not only the visible part).
  png() {
    return this.cy.png({ output: "blob", full: true, bg: "#ffffff", maxWidth: 4000, maxHeight: 4000 });
  }

  // The drawn view as an SVG document (text), in model coordinates (svg.js).
  svg() {
    return viewSvg(this.cy);
  }

  // What a shared link carries: the ids in view with their positions and pins, the selection, zoom
  // and pan. No value of any record: the reader's own answers redraw it.
  snapshot(selected) {
    const round = (v) => Math.round(v * 10) / 10;
    return {
      v: 1,
      nodes: this.cy.nodes().map((n) => [n.id(), round(n.position("x")), round(n.position("y")), n.hasClass("pinned") ? 1 : 0]),
      selected: selected || null,
      zoom: round(this.cy.zoom() * 100) / 100,
      pan: [round(this.cy.pan().x), round(this.cy.pan().y)],
    };
  }

  // Put the nodes a snapshot placed where it placed them (those it holds), pin its pinned, and its zoom and pan.
  place(snapshot) {
    for (const [id, x, y, pinned] of snapshot.nodes) {
      const node = this.cy.getElementById(id);
      if (node.empty()) continue;
      node.position({ x, y });
      if (pinned && !node.hasClass("pinned")) this.togglePin(id);
    }
    this.cy.resize();
    this.cy.viewport({ zoom: snapshot.zoom, pan: { x: snapshot.pan[0], y: snapshot.pan[1] } });
  }
}

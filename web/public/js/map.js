// The map of the places in view: every node in view whose type has coordinates of its own (a port, a
// location) and every node placed where a link of its type leads (a seizure, where it was seized),
// as the schema's `place` declares them (MODEL.nodes[type].place). Country outlines are static data
// built once by web/build.mjs (world-atlas, Natural Earth 1:110m): no tile server, no network beyond
// this origin. The map is drawn in plate carrée, x the longitude and y the latitude negated, and
// zooms to the places in view; elements the timeline takes off the canvas leave the map too.
import { svgEl as svg } from "./dom.js";
import { MODEL } from "./model.js";

const WORLD_URL = "/vendor/world.json";
const WORLD = { x: -180, y: -90, width: 360, height: 180 };
const MARGIN = 6; // degrees around the places
const MIN_WIDTH = 40; // degrees: a single place is shown with its surroundings

const typeOf = (name) => MODEL.nodes[name] || {};

// The coordinates a node of `typename` carries as drawn (`node` as the API gave it), or null.
export function ownCoordinates(typename, node) {
  const place = typeOf(typename).place;
  if (!place || !place.latitude) return null;
  return coordinates(node[place.latitude], node[place.longitude]);
}

function coordinates(latitude, longitude) {
  const valid = (value, bound) => typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= bound;
  return valid(latitude, 90) && valid(longitude, 180) ? { latitude, longitude } : null;
}

const placedByLink = (typename) => Boolean(typeOf(typename).place && typeOf(typename).place.at);

// The view box around `points` (degrees), at least MIN_WIDTH wide, 2:1 like the world, inside it.
function frame(points) {
  if (!points.length) return WORLD;
  const xs = points.map((p) => p.longitude);
  const ys = points.map((p) => -p.latitude);
  let width = Math.max(MIN_WIDTH, Math.max(...xs) - Math.min(...xs) + 2 * MARGIN);
  let height = Math.max(...ys) - Math.min(...ys) + 2 * MARGIN;
  if (width < 2 * height) width = 2 * height;
  width = Math.min(width, WORLD.width);
  height = width / 2;
  const centre = { x: (Math.max(...xs) + Math.min(...xs)) / 2, y: (Math.max(...ys) + Math.min(...ys)) / 2 };
  const x = Math.min(Math.max(centre.x - width / 2, WORLD.x), WORLD.x + WORLD.width - width);
  const y = Math.min(Math.max(centre.y - height / 2, WORLD.y), WORLD.y + WORLD.height - height);
  return { x, y, width, height };
}

export class WorldMap {
  // `container`: the <svg>; `summary`: where the count goes; `resolve(ids)`: the PLACES query's answer's
  // entities for those ids (the API's, as the viewer); `onOpen(node)`: a marker was chosen.
  constructor(container, summary, resolve, onOpen) {
    this.container = container;
    this.summary = summary;
    this.resolve = resolve;
    this.onOpen = onOpen;
    this.placeOf = new Map(); // node placed by a link -> { latitude, longitude } or null (none)
    this.generation = 0; // moved on by forget()
    this.asking = new Set();
    this.outlines = null;
    this.markers = svg("g", { class: "markers" });
  }

  // The country outlines, fetched and drawn once (every draw waits for the same fetch).
  load() {
    this.outlines ||= fetch(WORLD_URL).then(async (answer) => {
      if (!answer.ok) throw new Error(`The map's country outlines did not load (${answer.status})`);
      const world = await answer.json();
      const countries = svg("g", { class: "countries" }, ...world.countries.map((c) => svg("path", { d: c.d }, svg("title", {}, c.name))));
      this.container.replaceChildren(countries, this.markers);
    });
    return this.outlines;
  }

  // Drop every place asked so far (another reader, or a cleared view): an answer still on its way
  // was asked as the earlier reader, so it is dropped too when it comes (the generation moved on).
  forget() {
    this.placeOf.clear();
    this.generation += 1;
    this.markers.replaceChildren(); // nothing of the earlier reader's stays drawn meanwhile
  }

  // Draw the places of the nodes in view (`inView()`: cytoscape nodes), asking the API where the
  // link-placed ones are first; drawn again with the view as it is once the answer is in.
  async draw(inView) {
    await this.load();
    const generation = this.generation;
    const shown = () => inView().filter((n) => !n.hasClass("out-of-time"));
    const unknown = shown()
      .filter((n) => placedByLink(n.data("type")) && !this.placeOf.has(n.id()) && !this.asking.has(n.id()))
      .map((n) => n.id());
    if (unknown.length) await this.ask(unknown);
    if (generation !== this.generation) return this.draw(inView); // forgotten meanwhile: ask again
    this.render(shown());
  }

  async ask(ids) {
    const asked = this.generation;
    for (const id of ids) this.asking.add(id);
    try {
      for (let i = 0; i < ids.length; i += MODEL.entityIds) {
        const batch = ids.slice(i, i + MODEL.entityIds);
        const entities = await this.resolve(batch);
        if (asked !== this.generation) return; // asked as a reader since forgotten
        batch.forEach((id, index) => {
          const edges = (entities[index] && entities[index].placedAt && entities[index].placedAt.edges) || [];
          const found = edges.map((e) => ownCoordinates(e.node.__typename, e.node)).find(Boolean);
          this.placeOf.set(id, found || null);
        });
      }
    } finally {
      for (const id of ids) this.asking.delete(id);
    }
  }

  render(nodes) {
    const groups = new Map(); // one marker per position: "lon,lat" -> the nodes there
    let unplaced = 0;
    for (const node of nodes) {
      const type = node.data("type");
      if (!typeOf(type).place) continue;
      const at = placedByLink(type) ? this.placeOf.get(node.id()) : coordinates(node.data("latitude"), node.data("longitude"));
      if (!at) {
        if (!this.asking.has(node.id())) unplaced += 1;
        continue;
      }
      const key = `${at.longitude.toFixed(2)},${at.latitude.toFixed(2)}`;
      if (!groups.has(key)) groups.set(key, { at, nodes: [] });
      groups.get(key).nodes.push(node);
    }
    const box = frame([...groups.values()].map((g) => g.at));
    this.container.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`);
    const radius = box.width / 90;
    this.markers.replaceChildren(...[...groups.values()].map((group) => this.marker(group, radius)));
    const count = [...groups.values()].reduce((sum, g) => sum + g.nodes.length, 0);
    this.summary.textContent = `${count} on the map at ${groups.size} place${groups.size === 1 ? "" : "s"}` +
      (unplaced ? `; ${unplaced} placeable in view without coordinates you may see` : "");
  }

  marker({ at, nodes }, radius) {
    const names = nodes.map((n) => `${n.data("label")} (${n.data("type")})`);
    const first = nodes[0];
    const open = () => this.onOpen({ id: first.id(), __typename: first.data("type") });
    const group = svg("g", {
      class: "marker", tabindex: 0, role: "button",
      "aria-label": `${names.join("; ")}, at ${at.latitude}, ${at.longitude}`,
      "data-ids": nodes.map((n) => n.id()).join(" "),
      "data-latitude": at.latitude, "data-longitude": at.longitude,
    },
    svg("circle", {
      cx: at.longitude, cy: -at.latitude, r: radius * (1 + Math.log2(nodes.length) / 3),
      fill: first.data("colour"), stroke: "#1d2430", "stroke-width": radius / 4,
    }),
    svg("title", {}, names.join("\n")));
    group.addEventListener("click", open);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
    return group;
  }
}

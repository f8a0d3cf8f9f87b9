// The workspace's one build step (run by bin/setup after `npm ci`): copy the browser builds of the
// npm dependencies into public/vendor/, the only folder `chokepoint serve` serves files from besides
// public/ itself, and turn the map's country outlines (world-atlas's TopoJSON, through
// topojson-client) into SVG path data once, here, so the page needs no map library at run time.
// No bundler: the page's own code is plain ES modules in public/js/.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { feature } = require("topojson-client");

const VENDOR = {
  "cytoscape.esm.min.mjs": "node_modules/cytoscape/dist/cytoscape.esm.min.mjs",
};
const ATLAS = "node_modules/world-atlas/countries-110m.json"; // Natural Earth 1:110m, public domain

const target = join(here, "public", "vendor");
mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(VENDOR)) {
  copyFileSync(join(here, source), join(target, name));
}

// Plate carrée: x is the longitude, y the latitude negated (north up), both in degrees; the page
// draws the world in the viewBox -180 -90 360 180 and places a point at (longitude, -latitude).
const point = ([longitude, latitude]) => `${+longitude.toFixed(2)},${+(-latitude).toFixed(2)}`;
const path = (positions) => `M${positions.map(point).join("L")}Z`;

// A ring that crosses the antimeridian (Fiji, Chukotka) jumps by 360 degrees there, which would draw a
// line across the map: it is unwrapped into one continuous ring past ±180 and drawn a second time a
// world-width over, and the viewBox clips both to the map. A ring with an odd number of jumps goes
// round a pole (Antarctica): its jump is its edge along the bottom of the map, kept as it is.
function ring(positions) {
  let offset = 0;
  let jumps = 0;
  const unwrapped = positions.map(([longitude, latitude], i) => {
    const step = i ? longitude - positions[i - 1][0] : 0;
    if (Math.abs(step) > 180) {
      offset -= Math.sign(step) * 360;
      jumps += 1;
    }
    return [longitude + offset, latitude];
  });
  if (jumps === 0 || jumps % 2 === 1) return path(positions);
  const east = Math.max(...unwrapped.map(([x]) => x)) > 180 ? -360 : 360;
  return path(unwrapped) + path(unwrapped.map(([x, y]) => [x + east, y]));
}
const polygons = (geometry) =>
  geometry === null ? [] : geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;

const topology = JSON.parse(readFileSync(join(here, ATLAS), "utf8"));
const countries = feature(topology, topology.objects.countries).features.map((country) => ({
  id: country.id ?? "",
  name: country.properties.name,
  d: polygons(country.geometry).flatMap((rings) => rings.map(ring)).join(""),
}));
const world = { source: "world-atlas 2.0.2, countries-110m (Natural Earth, public domain)", countries };
writeFileSync(join(target, "world.json"), JSON.stringify(world));
console.log(`web: ${Object.keys(VENDOR).length + 1} vendor file(s) in ${target} (${countries.length} countries)`);

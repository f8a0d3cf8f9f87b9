// Loads a Cytoscape.js JSON export in cytoscape.js itself (headless) and prints what it holds:
// the tests compare it with what was exported (tests/integration/test_exports.py).
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";

const exported = JSON.parse(readFileSync(process.argv[2], "utf8"));
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));
const cy = cytoscape({
  headless: true,
  styleEnabled: true,
  elements: exported.elements,
  style: exported.style,
  layout: { name: "preset" },  // the positions the export gives, as a tool opening it would show them
});
const positions = {};
cy.nodes().forEach((node) => { positions[node.id()] = node.position(); });
const dangling = cy.edges().filter((edge) => edge.source().empty() || edge.target().empty()).length;
console.log(JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  dangling,
  warnings,
  styled: cy.style().json().length,
  positions,
}));
cy.destroy();
process.exit(0); // cytoscape's render loop keeps node's event loop alive

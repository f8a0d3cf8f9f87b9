// The view as an SVG document: each drawn node and edge as cytoscape.js styles it now (position, size,
// shape, fill, border, line, arrow, opacity, label), in model coordinates, so the file scales without
// blur in a report or an editor. Written here rather than with the cytoscape-svg extension, whose
// GPLv3 licence the workspace would then carry; the page draws few shapes, and each is plain SVG.

const SVG_NS = "http://www.w3.org/2000/svg";
const MARGIN = 20;
const LABEL_CHARACTERS = 24; // about the canvas's 120 px label width at its 9 px font: longer labels end in "…"

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const number = (value) => (Math.round(value * 100) / 100).toString();

function attributes(values) {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => ` ${name}="${escape(typeof value === "number" ? number(value) : value)}"`)
    .join("");
}

function dashes(style, width) {
  if (style === "dashed") return `${number(width * 3)} ${number(width * 2)}`;
  if (style === "dotted") return `${number(width)} ${number(width * 2)}`;
  return undefined;
}

function shortened(label) {
  return label.length > LABEL_CHARACTERS ? `${label.slice(0, LABEL_CHARACTERS - 1)}…` : label;
}

// The points of a regular polygon of `corners` around (x, y), its first corner at `start` radians.
function polygon(x, y, width, height, corners, start) {
  const points = [];
  for (let i = 0; i < corners; i += 1) {
    const angle = start + (2 * Math.PI * i) / corners;
    points.push(`${number(x + (width / 2) * Math.cos(angle))},${number(y + (height / 2) * Math.sin(angle))}`);
  }
  return points.join(" ");
}

function nodeShape(node, paint) {
  const { x, y } = node.position();
  const width = node.width();
  const height = node.height();
  const shape = node.style("shape");
  if (shape === "diamond") return `<polygon${attributes({ points: polygon(x, y, width, height, 4, -Math.PI / 2), ...paint })}/>`;
  if (shape === "octagon") return `<polygon${attributes({ points: polygon(x, y, width, height, 8, Math.PI / 8), ...paint })}/>`;
  if (shape === "rectangle" || shape === "round-rectangle" || shape === "roundrectangle") {
    const rounded = shape === "rectangle" ? undefined : Math.min(width, height) / 4;
    return `<rect${attributes({ x: x - width / 2, y: y - height / 2, width, height, rx: rounded, ...paint })}/>`;
  }
  return `<ellipse${attributes({ cx: x, cy: y, rx: width / 2, ry: height / 2, ...paint })}/>`;
}

function drawNode(node) {
  const border = parseFloat(node.style("border-width")) || 0;
  const paint = {
    fill: node.style("background-color"),
    stroke: border ? node.style("border-color") : undefined,
    "stroke-width": border || undefined,
    "stroke-dasharray": border ? dashes(node.style("border-style"), border) : undefined,
  };
  const label = String(node.data("label") ?? node.id());
  const fontSize = parseFloat(node.style("font-size")) || 9;
  const { x, y } = node.position();
  const text = `<text${attributes({
    x, y: y + node.height() / 2 + border / 2 + 3 + fontSize, "font-size": fontSize, "text-anchor": "middle",
    fill: node.style("color"),
  })}>${escape(shortened(label))}</text>`;
  const group = attributes({
    class: "node", "data-id": node.id(), "data-type": node.data("type"), opacity: Number(node.style("opacity")) < 1 ? Number(node.style("opacity")) : undefined,
  });
  return `<g${group}><title>${escape(`${label} (${node.data("type") || "entity"})`)}</title>${nodeShape(node, paint)}${text}</g>`;
}

function drawEdge(edge) {
  const from = edge.sourceEndpoint();
  const to = edge.targetEndpoint();
  const controls = edge.controlPoints() || [];
  const width = parseFloat(edge.style("width")) || 1;
  const colour = edge.style("line-color");
  let path = `M ${number(from.x)} ${number(from.y)}`;
  if (controls.length === 1) path += ` Q ${number(controls[0].x)} ${number(controls[0].y)} ${number(to.x)} ${number(to.y)}`;
  else path += `${controls.map((p) => ` L ${number(p.x)} ${number(p.y)}`).join("")} L ${number(to.x)} ${number(to.y)}`;
  const line = `<path${attributes({
    d: path, fill: "none", stroke: colour, "stroke-width": width, "stroke-dasharray": dashes(edge.style("line-style"), width),
  })}/>`;
  // The arrowhead: a triangle at the target, along the last stretch of the line.
  const before = controls.length ? controls[controls.length - 1] : from;
  const angle = Math.atan2(to.y - before.y, to.x - before.x);
  const size = Math.max(6, width * 4);
  const corner = (side) => `${number(to.x - size * Math.cos(angle) + side * (size / 2) * Math.sin(angle))},${number(to.y - size * Math.sin(angle) - side * (size / 2) * Math.cos(angle))}`;
  const arrow = edge.style("target-arrow-shape") === "none" ? "" : `<polygon${attributes({
    points: `${number(to.x)},${number(to.y)} ${corner(1)} ${corner(-1)}`, fill: edge.style("target-arrow-color"),
  })}/>`;
  const middle = edge.midpoint();
  let degrees = (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI;
  if (degrees > 90) degrees -= 180;
  if (degrees < -90) degrees += 180;
  const label = String(edge.data("type") ?? "");
  const fontSize = parseFloat(edge.style("font-size")) || 7;
  const text = label ? `<text${attributes({
    x: middle.x, y: middle.y, "font-size": fontSize, "text-anchor": "middle", "dominant-baseline": "middle",
    fill: edge.style("color"), transform: `rotate(${number(degrees)} ${number(middle.x)} ${number(middle.y)})`,
  })}>${escape(label)}</text>` : "";
  const group = attributes({
    class: "edge", "data-id": edge.id(), "data-source": edge.source().id(), "data-target": edge.target().id(),
    opacity: Number(edge.style("opacity")) < 1 ? Number(edge.style("opacity")) : undefined,
  });
  return `<g${group}>${line}${arrow}${text}</g>`;
}

// The drawn elements of `cy` (those the timeline or a filter hides are left out) as an SVG document.
export function viewSvg(cy) {
  const drawn = cy.elements().filter((element) => element.visible());
  const nodes = drawn.nodes();
  const edges = drawn.edges();
  const box = drawn.boundingBox({ includeLabels: true });
  const x = box.x1 - MARGIN;
  const y = box.y1 - MARGIN;
  const width = box.w + 2 * MARGIN;
  const height = box.h + 2 * MARGIN;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="${SVG_NS}"${attributes({ viewBox: `${number(x)} ${number(y)} ${number(width)} ${number(height)}`, width, height })} font-family="sans-serif">`,
    `<desc>${escape(`Chokepoint view: ${nodes.length} entities and ${edges.length} links, as this workspace drew them`)}</desc>`,
    `<rect${attributes({ x, y, width, height, fill: "#ffffff" })}/>`,
    ...edges.map(drawEdge),
    ...nodes.map(drawNode),
    "</svg>",
  ].join("\n");
}

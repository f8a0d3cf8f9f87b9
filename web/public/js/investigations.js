// Saved investigations in the page: a form generated from each one's typed parameters, and the
// element maps in its rows ({id, labels, props} nodes, {type, startId, endId, props} links, wherever
// they sit in a row) turned into what the canvas draws. The rows are the API's, already shown
// through the viewer's view.
import { el } from "./dom.js";
import { MODEL } from "./model.js";

const NUMBER = { integer: "1", float: "any" };

// One labelled control per parameter, filled with its default; lists are comma-separated.
export function parameterForm(investigation, onRun) {
  const controls = investigation.parameters.map((param) => {
    const id = `param-${param.name}`;
    const given = param.default;
    let input;
    if (param.type === "boolean") {
      input = el("input", { id, name: param.name, type: "checkbox", checked: given === true });
    } else {
      input = el("input", {
        id, name: param.name, type: param.type in NUMBER ? "number" : "text", step: NUMBER[param.type],
        required: param.required, value: given === null || given === undefined ? "" : Array.isArray(given) ? given.join(", ") : String(given),
      });
    }
    return el("div", { class: "param" },
      el("label", { for: id }, `${param.name} (${param.type}${param.required ? ", required" : ""})`),
      input, el("span", { class: "more" }, param.description));
  });
  const form = el("form", { id: "investigation-form", "aria-label": `Parameters of ${investigation.name}` },
    controls, el("button", { type: "submit" }, "Run"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onRun(values(investigation, form));
  });
  return form;
}

// The form's values typed as the parameters declare; an entry that is not a number is sent as
// written, so the API's coded error names the parameter and the reason.
function values(investigation, form) {
  const out = {};
  for (const param of investigation.parameters) {
    const input = form.elements.namedItem(param.name);
    if (param.type === "boolean") {
      out[param.name] = input.checked;
      continue;
    }
    const text = input.value.trim();
    if (!text && !param.required) continue; // its default
    if (param.type.endsWith("[]")) {
      const items = text ? text.split(",").map((t) => t.trim()).filter(Boolean) : [];
      out[param.name] = param.type === "integer[]" ? items.map(number) : items;
    } else {
      out[param.name] = param.type === "string" ? text : number(text);
    }
  }
  return out;
}

function number(text) {
  return text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}

// The nodes and links in the rows, as the canvas takes them (deduplicated by id).
export function elementsOf(rows) {
  const nodes = new Map();
  const links = new Map();
  const visit = (value) => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === "object") {
      if (typeof value.id === "string" && Array.isArray(value.labels) && value.props) {
        nodes.set(value.id, node(value));
      } else if (typeof value.type === "string" && value.startId && value.endId && value.props) {
        links.set(`${value.startId}|${value.type}|${value.endId}`, { ...value.props, type: value.type, startId: value.startId, endId: value.endId });
      }
      Object.values(value).forEach(visit);
    }
  };
  rows.forEach(visit);
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

function node(map) {
  const typename = map.labels.find((label) => label in MODEL.nodes) || map.labels[0];
  const type = MODEL.nodes[typename] || {};
  const props = map.props;
  return {
    ...props, __typename: typename, id: map.id,
    displayName: (type.display && props[type.display]) || map.id, caveat: props.caveat, agency: props.agency,
  };
}

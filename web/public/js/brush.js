// The timeline's strip: one bar per day that has dated elements in view (its height by their count),
// from the first day to the last, with the From/To range shaded. Dragging across it brushes a range
// (every day the drag touches, from the one under its start to the one under its end); a click
// without a drag clears it. The date inputs stay the keyboard's way to the same range.

import { svgEl as svg } from "./dom.js";

const WIDTH = 600;
const HEIGHT = 44;
const PAD = 6;
const DAY_MS = 86_400_000;

const dayMs = (day) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

// Draw `days` (each dated element's day, "YYYY-MM-DD") into `container` (an <svg>), the range
// [from, to] shaded; `onBrush(from, to)` gets the range a drag covers, or ("", "") for a click.
export function drawStrip(container, days, from, to, onBrush) {
  container.replaceChildren();
  container.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  container.setAttribute("preserveAspectRatio", "none"); // stretched to the panel: x maps to the pointer
  container.onpointerdown = container.onpointermove = container.onpointerup = null; // nothing to brush
  if (!days.length) return;
  const counts = new Map();
  for (const day of days) counts.set(day, (counts.get(day) || 0) + 1);
  const first = dayMs(days.reduce((a, b) => (a < b ? a : b)));
  const last = dayMs(days.reduce((a, b) => (a > b ? a : b))) + DAY_MS; // the last day's end
  const x = (ms) => PAD + ((ms - first) / (last - first)) * (WIDTH - 2 * PAD);
  const msAt = (px) => first + ((px - PAD) / (WIDTH - 2 * PAD)) * (last - first);
  const most = Math.max(...counts.values());
  if (from || to) {
    const start = x(Math.max(first, from ? dayMs(from) : first));
    const end = x(Math.min(last, to ? dayMs(to) + DAY_MS : last));
    if (end > start) container.append(svg("rect", { class: "range", x: start, y: 0, width: end - start, height: HEIGHT, fill: "#dbe7fb" }));
  }
  for (const [day, count] of counts) {
    const height = 6 + ((HEIGHT - 2 * PAD - 6) * count) / most;
    const bar = svg("rect", {
      class: "day", x: x(dayMs(day)), y: HEIGHT - PAD - height, width: Math.max(2, x(dayMs(day) + DAY_MS) - x(dayMs(day)) - 1),
      height, fill: "#3b6fd8",
    });
    bar.dataset.day = day;
    bar.append(svg("title", {}, `${day}: ${count}`));
    container.append(bar);
  }
  const brushing = svg("rect", { class: "brushing", x: 0, y: 0, width: 0, height: HEIGHT, fill: "#3b6fd8", "fill-opacity": 0.2 });
  container.append(brushing);
  const toStrip = (event) => {
    const box = container.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * WIDTH;
  };
  let start = null;
  container.onpointerdown = (event) => {
    start = toStrip(event);
    container.setPointerCapture(event.pointerId);
  };
  container.onpointermove = (event) => {
    if (start === null) return;
    const now = toStrip(event);
    brushing.setAttribute("x", String(Math.min(start, now)));
    brushing.setAttribute("width", String(Math.abs(now - start)));
  };
  container.onpointerup = (event) => {
    if (start === null) return;
    const [left, right] = [start, toStrip(event)].sort((a, b) => a - b);
    start = null;
    if (right - left < 3) {
      onBrush("", "");
      return;
    }
    const dayAt = (px) => first + Math.floor((Math.min(Math.max(msAt(px), first), last - 1) - first) / DAY_MS) * DAY_MS;
    onBrush(dayOf(dayAt(left)), dayOf(dayAt(right)));
  };
}

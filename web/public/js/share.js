// A shareable link to a view: the page's URL with `#view=` and the canvas's snapshot (ids, positions,
// pins, selection, zoom, pan) as base64url JSON. It carries no credential and no value of any record:
// the fragment never leaves the browser, and whoever opens it has the view redrawn from their own
// answers (ids they may not see are simply not found).
import { ApiError } from "./api.js";

const KEY = "view=";

export function shareUrl(snapshot) {
  const bytes = new TextEncoder().encode(JSON.stringify(snapshot));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const packed = btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return `${location.origin}${location.pathname}#${KEY}${packed}`;
}

// The snapshot in this page's URL, or null; a fragment that is not one is a coded error.
export function sharedView(hash = location.hash) {
  const fragment = hash.replace(/^#/, "");
  if (!fragment.startsWith(KEY)) return null;
  try {
    const binary = atob(fragment.slice(KEY.length).replaceAll("-", "+").replaceAll("_", "/"));
    const snapshot = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    const valid = snapshot && snapshot.v === 1 && Array.isArray(snapshot.nodes)
      && snapshot.nodes.every((n) => Array.isArray(n) && typeof n[0] === "string" && Number.isFinite(n[1]) && Number.isFinite(n[2]))
      && Number.isFinite(snapshot.zoom) && Array.isArray(snapshot.pan) && snapshot.pan.every(Number.isFinite);
    if (!valid) throw new Error("not a view");
    return snapshot;
  } catch {
    throw new ApiError("BAD_USER_INPUT", "The link's #view is not a view this workspace wrote", 0);
  }
}

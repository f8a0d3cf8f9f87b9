// The workspace's one build step (run by bin/setup after `npm ci`): copy the browser builds of the
// npm dependencies into public/vendor/, the only folder `chokepoint serve` serves files from besides
// public/ itself. No bundler: the page's own code is plain ES modules in public/js/.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const VENDOR = {
  "cytoscape.esm.min.mjs": "node_modules/cytoscape/dist/cytoscape.esm.min.mjs",
};
const target = join(here, "public", "vendor");
mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(VENDOR)) {
  copyFileSync(join(here, source), join(target, name));
}
console.log(`web: ${Object.keys(VENDOR).length} vendor file(s) in ${target}`);

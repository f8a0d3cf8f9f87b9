// Prints the workspace's persisted-query allow-list, {sha256: text} for every GraphQL text the page
// can send, for an access file with `persisted_queries: {only: true}` (merge it into that file):
//   node web/persisted.mjs > workspace-queries.json
import { createHash } from "node:crypto";
import { MODEL } from "./public/js/model.js";
import * as queries from "./public/js/queries.js";

// Every fixed text queries.js exports, and the entity query of each type.
const texts = [...Object.values(queries).filter((text) => typeof text === "string"),
  ...Object.keys(MODEL.nodes).map((type) => queries.entityQuery(type))];
const list = Object.fromEntries(texts.map((text) => [createHash("sha256").update(text, "utf8").digest("hex"), text]));
console.log(JSON.stringify(list, null, 1));

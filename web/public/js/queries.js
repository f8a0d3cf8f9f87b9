// Every GraphQL text the workspace sends. Fixed texts (the entity query varies only by the type's
// generated fields), so each is parsed, validated and priced once by the API and can be put in an
// access file's persisted-query allow-list.
import { MODEL } from "./model.js";

// Every entity drawn carries its type's own event date, when it has one (the timeline's).
const DATED = Object.entries(MODEL.nodes)
  .filter(([, type]) => type.dated)
  .map(([name, type]) => `... on ${name} { ${type.dated} }`)
  .join(" ");
// ... and its own coordinates, when its type has them (the map's: a port, a location).
const COORDINATES = Object.entries(MODEL.nodes)
  .filter(([, type]) => type.place && type.place.latitude)
  .map(([name, type]) => `... on ${name} { ${type.place.latitude} ${type.place.longitude} }`)
  .join(" ");
const NODE_FRAGMENT = `fragment WorkspaceNode on Entity { __typename id displayName labels caveat agency ${DATED} ${COORDINATES} }`;
const NODE = "...WorkspaceNode";
const REL = "__typename type startId endId agency caveat sourceDataset sourceRecordId sourceRecords sourceRecordMarkings";
const HOP = `direction relationship { ${REL} }`;

export const SEARCH = `query WorkspaceSearch($text: String!, $types: [String!], $first: Int!) {
  search(text: $text, types: $types, first: $first) { totalCount edges { node { ${NODE} } } }
}
${NODE_FRAGMENT}`;

// An entity with its own fields (by its type), its visible assertions, its neighbour counts per type
// and direction, and the source documents that mention it.
export function entityQuery(typename) {
  const own = (MODEL.nodes[typename] || { fields: [] }).fields.join(" ");
  const fragment = own ? `... on ${typename} { ${own} }` : "";
  return `query WorkspaceEntity($id: ID!) {
  entity(id: $id) {
    ${NODE} sourceDataset sourceRecordId sourceRecords sourceRecordMarkings markings
    deconfliction { agency desk phone email }
    ${fragment}
    neighbors(first: 1) { totalCount countsByType { type incoming outgoing total } }
  }
  mentions: neighbors(id: $id, relTypes: ["MENTIONED_IN"], direction: OUTGOING, first: 20) {
    totalCount edges { node { ${NODE} } }
  }
}
${NODE_FRAGMENT}`;
}

// Entities as drawn, by id alone (a shared view's ids, re-asked as the current viewer): at most
// MODEL.entityIds a request, the API's limit for entities(ids:).
export const ENTITY_NODES = `query WorkspaceEntityNodes($ids: [ID!]!) { entities(ids: $ids) { ${NODE} } }
${NODE_FRAGMENT}`;

// Nodes of the types the map places where a link leads (a seizure: SEIZED_AT), by id: up to 3 of
// the places that link leads to, with their coordinates (the map takes the first that has them).
export const PLACES = `query WorkspacePlaces($ids: [ID!]!) {
  entities(ids: $ids) {
    id
    ${Object.entries(MODEL.nodes)
      .filter(([, type]) => type.place && type.place.at)
      .map(([name, type]) => `... on ${name} { placedAt: neighbors(relTypes: ["${type.place.at}"], direction: OUTGOING, first: 3) { edges { node { __typename id ${COORDINATES} } } } }`)
      .join("\n    ")}
  }
}`;

export const NEIGHBORS = `query WorkspaceNeighbors($id: ID!, $relTypes: [String!], $direction: Direction!, $first: Int!, $after: String) {
  neighbors(id: $id, relTypes: $relTypes, direction: $direction, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { direction node { ${NODE} } relationship { ${REL} } }
  }
}
${NODE_FRAGMENT}`;

export const SUPPLY_CHAINS = `query WorkspaceSupplyChains($suppliers: [ID!], $maxHops: Int!, $first: Int!) {
  supplyChains(suppliers: $suppliers, maxHops: $maxHops, first: $first) {
    totalCount edges { node { length nodes { ${NODE} } relationships { ${HOP} } } }
  }
}
${NODE_FRAGMENT}`;

// `taken`: what-if, the nodes and links (`(startId)-[TYPE]->(endId)`) already acted on.
export const INTERDICTION_PLAN = `query WorkspacePlan($sources: [ID!], $maxHops: Int!, $taken: [ID!]) {
  interdictionPlan(sources: $sources, maxHops: $maxHops, samplePaths: 1, taken: $taken) {
    complete cost pairsJoined pairsAfterTaken pairsDisconnected pairsLeftCount
    blockedBy { ${NODE} }
    steps {
      rank cost statuses pairsStopped
      entity { ${NODE} }
      link { ends { ${NODE} } relationships { ${REL} } }
      actions { name title cost agencies }
      paths { nodes { ${NODE} } relationships { ${HOP} } }
    }
  }
}
${NODE_FRAGMENT}`;

export const PATHS = `query WorkspacePaths($from: ID!, $to: ID!, $maxHops: Int!, $first: Int!) {
  paths(from: $from, to: $to, maxHops: $maxHops, first: $first) {
    totalCount edges { node { length nodes { ${NODE} } relationships { ${HOP} } } }
  }
}
${NODE_FRAGMENT}`;

// A crypto address's report: its records, holders and nearest sanctioned party with the path there.
export const ADDRESS_REPORT = `query WorkspaceAddress($chain: String!, $address: String!, $maxHops: Int!) {
  address(chain: $chain, address: $address) {
    chain address records
    holders(first: 20) { totalCount edges { node { ${NODE} } } }
    sanctionsExposure(maxHops: $maxHops) {
      hops flow party { ${NODE} } designations { ${NODE} ... on Designation { programs } }
      path { length nodes { ${NODE} } relationships { ${HOP} } }
    }
  }
}
${NODE_FRAGMENT}`;

export const INVESTIGATIONS = `query WorkspaceInvestigations {
  investigations(first: 100) { totalCount edges { node { name description parameters { name type required default description } } } }
}`;

export const RUN_INVESTIGATION = `query WorkspaceRunInvestigation($name: String!, $params: JSON, $first: Int!) {
  runInvestigation(name: $name, params: $params, first: $first) { name parameters columns totalCount edges { node } }
}`;

// P3 comparison server (bench/api_paths.py): Chokepoint's supplier -> cell chain query served by
// @neo4j/graphql on Apollo Server's standalone HTTP server, on the same database.
//
// Shortest paths cannot be expressed by @neo4j/graphql's generated queries, so the field is an
// @cypher field running the very Cypher our API runs (chokepoint/graph/cypher/api_find_supply_chains.cypher,
// read from CYPHER_FILE), with the same parameters, $grants included.
//
//   NEO4J_URI=bolt://127.0.0.1:7689 NEO4J_USER=neo4j NEO4J_PASSWORD=... PORT=4000 \
//   CYPHER_FILE=../../chokepoint/graph/cypher/api_find_supply_chains.cypher node server.mjs
import { readFileSync } from "node:fs";

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
};

// Comment lines dropped: the library nests the statement in its own subquery.
const chainCypher = readFileSync(env("CYPHER_FILE"), "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n");
const statement = `CALL () {\n${chainCypher}\n}\nRETURN {total: total, page: page} AS result`;

const typeDefs = /* GraphQL */ `
    type Organization @node {
        id: ID!
        name: String
    }

    type NodeProps {
        name: String
    }

    type PathNode {
        id: ID!
        labels: [String!]!
        props: NodeProps!
    }

    type RelationshipProps {
        agency: String
        caveat: String
        sourceRecordId: String
    }

    type PathRelationship {
        type: String!
        startId: ID!
        endId: ID!
        props: RelationshipProps!
    }

    type ChainPath {
        nodes: [PathNode!]!
        relationships: [PathRelationship!]!
    }

    type SupplyChains {
        total: Int!
        page: [ChainPath!]!
    }

    type Query {
        supplyChains(
            suppliers: [ID!]!
            cells: [ID!]!
            maxHops: Int!
            relTypes: [String!]!
            first: Int!
            skip: Int!
            grants: [String!]!
        ): SupplyChains! @cypher(statement: ${JSON.stringify(statement)}, columnName: "result")
    }
`;

const driver = neo4j.driver(env("NEO4J_URI"), neo4j.auth.basic(env("NEO4J_USER"), env("NEO4J_PASSWORD")));
const database = process.env.NEO4J_DATABASE || "neo4j";
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: Number(env("PORT")) },
    context: async () => ({ sessionConfig: { database } }),
});
console.log(`@neo4j/graphql at ${url}`);

const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

"""Link-chart exports (i2 ANX, Maltego MTGX, GEXF, GraphML, Cytoscape.js JSON, CSV) of a subgraph."""

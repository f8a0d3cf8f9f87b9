"""The chokepoint analysis: graph algorithms over projected subgraphs, and the use case around them.

The algorithms are pure Python over networkx (no I/O): ``projection.py`` keeps the part of a fetched
neighbourhood that lies on short source → sink walks; ``ranking.py`` ranks the nodes whose removal cuts
those connections; ``blocks.py`` counts the source → sink pairs each cut vertex disconnects;
``paths.py`` counts bounded shortest paths. ``fetch.py`` reads the projected subgraph through a reads
protocol and ``service.py`` runs the whole use case (the ranking on a worker thread).
"""

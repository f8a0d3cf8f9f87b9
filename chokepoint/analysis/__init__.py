"""Graph algorithms over projected subgraphs (pure Python over networkx; no I/O).

``projection.py`` keeps the part of a fetched neighbourhood that lies on short source → sink walks;
``chokepoints.py`` ranks the nodes whose removal cuts those connections; ``blocks.py`` counts the
source → sink pairs each cut vertex disconnects.
"""

"""Seeded generator of realistic synthetic case records in the five agency formats.

``world`` builds the fictional network (suppliers, cartel structures, brokers, US cells, darknet
vendors, couriers) around real OFAC parties read from ``demo/ofac_excerpt.json``; one module per
event kind (``shipments``, ``seizures``, ``money``, ``notes``, ``darknet``) turns it into events;
``writers`` puts each agency's records into one file per format, ``demo`` sizes the committed
demo and ``bench`` streams the large ledger. Everything draws from one ``random.Random(seed)``, and
dates count from a fixed base date, so a seed always gives the same bytes.
"""

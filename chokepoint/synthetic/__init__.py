"""Seeded generator of realistic synthetic case records in the five agency formats.

``world`` builds the fictional network (suppliers, cartel structures, brokers, US cells, darknet
vendors, couriers) around real OFAC parties read from ``demo/ofac_excerpt.json``; ``patterns``
turns it into events (shipments, seizures, transfers, notes, listings); ``writers`` puts each
agency's records into one file per format; ``bench`` streams the large ledger. Everything draws
from one ``random.Random(seed)``, and dates count from a fixed base date, so a seed always gives
the same bytes.
"""
